import { defaultSipLimits, type PeerPolicyOptions, type SipLimits, type SipTransportName } from '@herald/sip-stack';

export const EmbeddedSipStackOptions = Symbol.for('sip-stack-embedded.EmbeddedSipStackOptions');
/** How the embedded SIP stack listens, whom it trusts, and its limits and timers. */
export interface EmbeddedSipStackOptions {
  /** Sockets to open. Port 0 picks a free port (tests); `endpoints()` tells which. */
  readonly listen: readonly SipListenOptions[];
  /**
   * The Contact URI put in 2xx answers to SUBSCRIBE and in NOTIFY, where Front Ends send
   * in-dialog requests (e.g. `sip:presence.vc.example.com:5061;transport=tls`). Default: the
   * address and port of the socket the SUBSCRIBE came in on.
   */
  readonly contact?: string;
  /** Trusted peers and rate limits. */
  readonly peers: PeerPolicyOptions;
  readonly limits?: Partial<EmbeddedSipLimits>;
  readonly timers?: Partial<SipTimers>;
}

export interface SipListenOptions {
  /** UDP, TCP, or TLS (which needs `tls`). */
  readonly transport: SipTransportName;
  /** Address to bind: `0.0.0.0`, `::`, `127.0.0.1`, `::1`, … */
  readonly host: string;
  /** Port to bind; 0 picks a free one. */
  readonly port: number;
  /** Required for TLS. */
  readonly tls?: SipTlsOptions;
}

export interface SipTlsOptions {
  /** PEM certificate chain presented to peers (and as client certificate on outbound connections). */
  readonly certFile: string;
  readonly keyFile: string;
  /** PEM CA bundle to verify peers with; the system store when absent. */
  readonly caFile?: string;
  /** Require and verify a client certificate (mutual TLS, as Lync trusted applications use). */
  readonly verifyClient?: boolean;
}

/** RFC 3261 §17 timer bases. Tests shorten them; production keeps the RFC values. */
export interface SipTimers {
  /** RTT estimate: first retransmission interval; Timer F is 64·T1. */
  readonly t1Ms: number;
  /** Longest retransmission interval for non-INVITE requests. */
  readonly t2Ms: number;
  /** How long a message may stay in the network: Timer K. */
  readonly t4Ms: number;
}

export const defaultSipTimers: SipTimers = { t1Ms: 500, t2Ms: 4000, t4Ms: 5000 };

/** Message limits plus the bounds on connections, transactions and dialogs. */
export interface EmbeddedSipLimits extends SipLimits {
  /** TCP/TLS connections open at once, inbound and outbound. */
  readonly maxConnections: number;
  /** TCP/TLS connections from one IP address. */
  readonly maxConnectionsPerSource: number;
  /** A connection with no traffic for this long is closed. */
  readonly idleConnectionMs: number;
  /** Time a partly received message (or TLS handshake) may take before the connection is closed. */
  readonly partialMessageMs: number;
  /** Bytes queued for sending on one connection before it is treated as failed. */
  readonly maxQueuedBytesPerConnection: number;
  /** Server transactions at once (requests given to handlers and remembered to absorb retransmissions). */
  readonly maxServerTransactions: number;
  /** Requests sent and awaiting a final response. */
  readonly maxClientTransactions: number;
  /** Subscription dialogs at once. */
  readonly maxDialogs: number;
  /** A handler that has not answered after this long gets its request answered 500. */
  readonly handlerTimeoutMs: number;
}

export const defaultEmbeddedSipLimits: EmbeddedSipLimits = {
  ...defaultSipLimits,
  maxConnections: 4096,
  maxConnectionsPerSource: 64,
  idleConnectionMs: 15 * 60_000,
  partialMessageMs: 10_000,
  maxQueuedBytesPerConnection: 4 * 1024 * 1024,
  maxServerTransactions: 50_000,
  maxClientTransactions: 200_000,
  maxDialogs: 200_000,
  handlerTimeoutMs: 30_000,
};
