import { type PeerPolicyOptions } from '@herald/sip-stack';
import { type BackoffOptions, defaultBackoff } from './reconnect-backoff';

/** TLS for the connection between Herald and drachtio-server (not for SIP: that is drachtio-server's). */
export interface DrachtioTlsOptions {
  /** PEM file names, already resolved. Inbound: the CA to verify drachtio-server with, and an optional client certificate. Outbound: Herald's server certificate. */
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
  /** Inbound: verify drachtio-server's certificate. Default true. */
  readonly verifyServer: boolean;
}

/** Bounds on what the transport keeps; every map and queue has one. */
export interface DrachtioSipLimits {
  /** Subscription dialogs held at once; SUBSCRIBEs beyond get 503. */
  readonly maxDialogs: number;
  /** In-dialog requests (NOTIFYs) in flight or waiting for a connection; more get a 503 outcome at once. */
  readonly maxPendingRequests: number;
  /** How long a request handler may take before the transport answers 500 for it. */
  readonly handlerTimeoutMs: number;
  /** How long a NOTIFY may wait for its final response (and for a connection) before it counts as timed out (408). */
  readonly requestTimeoutMs: number;
  /** How long a response may wait for drachtio-server to confirm it was sent. */
  readonly responseTimeoutMs: number;
  /** A dialog not refreshed within its Expires plus this is released by the transport itself. */
  readonly expiryGraceMs: number;
}

export const defaultDrachtioSipLimits: DrachtioSipLimits = {
  maxDialogs: 250_000,
  maxPendingRequests: 10_000,
  handlerTimeoutMs: 5_000,
  // RFC 3261 Timer F is 64 × T1 = 32 s; drachtio-server reports its own 408 by then.
  requestTimeoutMs: 40_000,
  responseTimeoutMs: 10_000,
  expiryGraceMs: 60_000,
};

export const DrachtioSipStackOptions = Symbol.for('sip-stack-drachtio.DrachtioSipStackOptions');
/** How the drachtio transport connects and what it keeps. */
export interface DrachtioSipStackOptions {
  /**
   * `inbound`: Herald connects to drachtio-server's admin port (the usual set-up).
   * `outbound`: drachtio-server connects to Herald for each request it routes here.
   */
  readonly mode: 'inbound' | 'outbound';
  /** Inbound: drachtio-server's admin address. Outbound: the address Herald listens on. */
  readonly host: string;
  readonly port: number;
  /** The shared secret of drachtio-server's `<admin secret=…>`. */
  readonly secret: string;
  readonly tls?: DrachtioTlsOptions;
  /** Tags this application registers with, for drachtio-server's request routing. */
  readonly tags: readonly string[];
  readonly reconnect: BackoffOptions;
  /** How often to ping drachtio-server over the admin connection. */
  readonly pingIntervalMs: number;
  /** How long `start` waits for the first connection before it lets the node run and keeps retrying. */
  readonly startTimeoutMs: number;
  /** The Contact of 2xx responses and NOTIFYs; drachtio-server's own SIP address when unset. */
  readonly contact?: string;
  readonly peers: PeerPolicyOptions;
  readonly limits?: Partial<DrachtioSipLimits>;
}

export const defaultDrachtioConnection = {
  host: '127.0.0.1',
  port: 9022,
  reconnect: defaultBackoff,
  pingIntervalMs: 30_000,
  startTimeoutMs: 10_000,
} as const;
