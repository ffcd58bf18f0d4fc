import { readFileSync } from 'node:fs';
import { type Server } from 'node:net';
import { type ConnectionOptions, type TlsOptions } from 'node:tls';
import { type Clock, type Disposable, type Logger } from '@herald/core';
import { type DrachtioSipStackOptions } from './drachtio-sip-stack-options';
import { type ConnectionState } from './in-dialog-requests';
import { Backoff } from './reconnect-backoff';
import { SrfClient, type SrfIncomingRequest, type SrfReply } from './srf-client';

/** What the connection tells the rest of the transport. */
export interface ConnectionListener {
  request(incoming: SrfIncomingRequest, reply: SrfReply): void;
  /** The admin connection (inbound) is gone; what was in flight on it will not be answered. */
  lost(): void;
}

/**
 * The link to drachtio-server. Inbound: connects, authenticates, registers routes, and after a
 * refusal or a loss retries with exponential back-off for as long as the node runs, logging
 * the loss, each retry at debug, and the recovery. Outbound: listens for drachtio-server's
 * connections. Never throws from an event: a refused connection is a log line, not a crash.
 */
export class DrachtioConnection implements ConnectionState {
  private readonly srf: SrfClient;
  private readonly backoff: Backoff;
  private retry: Disposable | undefined;
  private server: Server | undefined;
  private stopped = false;
  private isUp = false;
  private everUp = false;
  private downSince = 0;
  private hostports: string[] = [];
  private readonly waiters = new Set<(up: boolean) => void>();

  constructor(
    private readonly options: DrachtioSipStackOptions,
    routes: readonly string[],
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly listener: ConnectionListener,
  ) {
    this.backoff = new Backoff(options.reconnect);
    this.srf = new SrfClient(options.tags, {
      connect: (error, hostports) => this.connected(error, hostports),
      error: (error) => this.failed(error),
      close: () => this.closed(),
      listening: () => this.logger.info({ address: this.address }, 'listening for drachtio-server (outbound mode)'),
    });
    for (const method of routes) this.srf.route(method);
    this.srf.onRequest((incoming, reply) => this.listener.request(incoming, reply));
  }

  get client(): SrfClient {
    return this.srf;
  }

  get up(): boolean {
    return this.isUp;
  }

  /** drachtio-server's SIP addresses (`udp:127.0.0.1:5060`), once connected. */
  get sipEndpoints(): readonly string[] {
    return this.hostports;
  }

  /** drachtio-server's admin address (inbound), or where Herald listens (outbound; the bound port once listening). */
  get address(): string {
    const bound = this.server?.address();
    const port = bound !== null && typeof bound === 'object' ? bound.port : this.options.port;
    return `${this.options.host}:${port}`;
  }

  /** Connects (inbound) or listens (outbound). Inbound resolves on the first connection or after `startTimeoutMs`. */
  async start(): Promise<void> {
    if (this.options.mode === 'outbound') return this.listen();
    this.connect();
    if (!(await this.whenUp(this.options.startTimeoutMs)) && !this.stopped) {
      this.logger.warn({ drachtio: this.address, ms: this.options.startTimeoutMs }, 'not connected to drachtio-server yet; the node runs and keeps retrying');
    }
  }

  whenUp(ms: number): Promise<boolean> {
    if (this.isUp) return Promise.resolve(true);
    if (this.stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (up: boolean): void => {
        if (!this.waiters.delete(done)) return;
        timer.dispose();
        resolve(up);
      };
      this.waiters.add(done);
      const timer = this.clock.setTimer(ms, () => done(false));
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.retry?.dispose();
    this.retry = undefined;
    this.isUp = false;
    for (const waiter of [...this.waiters]) waiter(false);
    this.srf.disconnect();
    const server = this.server;
    this.server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private connect(): void {
    if (this.stopped) return;
    this.srf.connect({ host: this.options.host, port: this.options.port, secret: this.options.secret, ...(this.options.tls !== undefined && { tls: clientTls(this.options.tls) }) }, this.options.pingIntervalMs);
  }

  private async listen(): Promise<void> {
    const tls = this.options.tls;
    const server = this.srf.listen({ host: this.options.host, port: this.options.port, secret: this.options.secret, ...(tls !== undefined && { tls: serverTls(tls) }) });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('listening', () => resolve());
      server.once('error', (error: Error) => reject(new Error(`cannot listen for drachtio-server on ${this.address}: ${error.message}`)));
    });
    server.on('error', (error: Error) => this.logger.warn({ err: error }, 'drachtio-server listener error'));
    this.isUp = true;
  }

  private connected(error: Error | undefined, hostports: string | undefined): void {
    if (this.stopped) return;
    if (error !== undefined) {
      this.logger.error({ drachtio: this.address }, 'drachtio-server refused the connection: check sip.drachtio.secret against <admin secret=…> in drachtio.conf.xml');
      this.srf.disconnect();
      return;
    }
    if (this.options.mode === 'outbound') return;
    this.hostports = parseHostports(hostports);
    const wasDown = this.everUp;
    this.isUp = true;
    this.everUp = true;
    const attempts = this.backoff.attempts;
    this.backoff.reset();
    if (wasDown) this.logger.info({ drachtio: this.address, attempts, downMs: Math.round(this.clock.monotonic() - this.downSince) }, 'reconnected to drachtio-server');
    else this.logger.info({ drachtio: this.address, sip: this.hostports }, 'connected to drachtio-server');
    for (const waiter of [...this.waiters]) waiter(true);
  }

  private failed(error: Error): void {
    if (this.stopped || this.options.mode === 'outbound') return;
    const level = this.backoff.attempts <= 1 ? 'warn' : 'debug';
    this.logger[level]({ drachtio: this.address, err: error.message }, 'cannot reach drachtio-server');
  }

  private closed(): void {
    if (this.stopped || this.options.mode === 'outbound') return;
    if (this.isUp) {
      this.isUp = false;
      this.downSince = this.clock.monotonic();
      this.logger.warn({ drachtio: this.address }, 'connection to drachtio-server lost; reconnecting');
      this.listener.lost();
    }
    if (this.retry !== undefined) return;
    const { delayMs, attempt } = this.backoff.next();
    this.logger.debug({ drachtio: this.address, delayMs, attempt }, 'reconnecting to drachtio-server');
    this.retry = this.clock.setTimer(delayMs, () => {
      this.retry = undefined;
      this.connect();
    });
  }
}

/** `udp/127.0.0.1:5060,tcp/127.0.0.1:5060` → `['udp:127.0.0.1:5060', 'tcp:127.0.0.1:5060']`. */
export function parseHostports(hostports: string | undefined): string[] {
  if (hostports === undefined || hostports === '') return [];
  return hostports
    .split(',')
    .map((entry) => entry.trim().replace('/', ':'))
    .filter((entry) => entry.length > 0);
}

function clientTls(tls: NonNullable<DrachtioSipStackOptions['tls']>): ConnectionOptions {
  return {
    rejectUnauthorized: tls.verifyServer,
    ...(tls.caFile !== undefined && { ca: readFileSync(tls.caFile) }),
    ...(tls.certFile !== undefined && { cert: readFileSync(tls.certFile) }),
    ...(tls.keyFile !== undefined && { key: readFileSync(tls.keyFile) }),
  };
}

function serverTls(tls: NonNullable<DrachtioSipStackOptions['tls']>): TlsOptions {
  return {
    ...(tls.caFile !== undefined && { ca: readFileSync(tls.caFile) }),
    ...(tls.certFile !== undefined && { cert: readFileSync(tls.certFile) }),
    ...(tls.keyFile !== undefined && { key: readFileSync(tls.keyFile) }),
  };
}
