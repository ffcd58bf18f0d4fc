import { isIP, connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type SecureContextOptions } from 'node:tls';
import { type Logger } from '@herald/core';
import { formatHostPort, type ParsedSipMessage } from '@herald/sip-stack';
import { type EmbeddedSipLimits } from '../embedded-sip-stack-options';
import { type TimerWheel } from '../timer-wheel';
import { connectionKey, StreamConnection, type StreamSink } from './stream-connection';

/** What an outbound TLS connection presents and verifies. */
export interface OutboundTls extends SecureContextOptions {
  readonly rejectUnauthorized: boolean;
}

/**
 * Every open TCP/TLS connection: counted per source address and in total (both bounded),
 * found again by remote address for reuse, swept for idleness, and opened on demand towards
 * a peer that has no connection yet.
 */
export class ConnectionTable implements StreamSink {
  private readonly all = new Set<StreamConnection>();
  private readonly byRemote = new Map<string, StreamConnection>();
  private readonly perAddress = new Map<string, number>();
  private readonly connecting = new Map<string, Promise<StreamConnection>>();

  constructor(
    private readonly limits: EmbeddedSipLimits,
    private readonly wheel: TimerWheel,
    private readonly now: () => number,
    private readonly messages: (connection: StreamConnection, message: ParsedSipMessage) => void,
    private readonly logger: Logger,
  ) {}

  get size(): number {
    return this.all.size;
  }

  /** Whether one more connection from `address` is within the bounds. */
  admits(address: string): boolean {
    return this.all.size < this.limits.maxConnections && (this.perAddress.get(address) ?? 0) < this.limits.maxConnectionsPerSource;
  }

  /** Wraps an accepted or established socket and starts tracking it. */
  adopt(socket: Socket, transport: 'tcp' | 'tls', inbound: boolean, tlsPeerNames: readonly string[]): StreamConnection {
    const connection = new StreamConnection(socket, transport, inbound, tlsPeerNames, this, this.limits, this.wheel, this.now, this.logger);
    this.all.add(connection);
    this.byRemote.set(connection.remoteKey, connection);
    const address = connection.source.address;
    this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
    return connection;
  }

  /** An open connection to exactly `transport:address:port`. */
  find(transport: 'tcp' | 'tls', address: string, port: number): StreamConnection | undefined {
    const connection = this.byRemote.get(connectionKey(transport, address, port));
    return connection !== undefined && !connection.closed ? connection : undefined;
  }

  /**
   * An open connection to `address:port`, or a new one. Concurrent calls for the same peer
   * share one connection attempt.
   * @throws Error when the limits forbid it or the connection (or TLS handshake) fails.
   */
  async connect(transport: 'tcp' | 'tls', address: string, port: number, tls: OutboundTls | undefined, serverName?: string): Promise<StreamConnection> {
    const existing = this.find(transport, address, port);
    if (existing !== undefined) return existing;
    const key = connectionKey(transport, address, port);
    let attempt = this.connecting.get(key);
    if (attempt === undefined) {
      attempt = this.open(transport, address, port, tls, serverName).finally(() => this.connecting.delete(key));
      this.connecting.set(key, attempt);
    }
    return attempt;
  }

  /** Closes connections silent for longer than the idle limit. */
  sweepIdle(): void {
    const oldest = this.now() - this.limits.idleConnectionMs;
    for (const connection of this.all) if (!connection.closed && connection.lastActivity < oldest) connection.close('idle');
  }

  /** Destroys every connection (stop). */
  destroyAll(): void {
    for (const connection of [...this.all]) connection.destroy();
  }

  onStreamMessage(connection: StreamConnection, message: ParsedSipMessage): void {
    this.messages(connection, message);
  }

  onStreamClosed(connection: StreamConnection): void {
    if (!this.all.delete(connection)) return;
    if (this.byRemote.get(connection.remoteKey) === connection) this.byRemote.delete(connection.remoteKey);
    const address = connection.source.address;
    const count = (this.perAddress.get(address) ?? 1) - 1;
    if (count <= 0) this.perAddress.delete(address);
    else this.perAddress.set(address, count);
  }

  private async open(transport: 'tcp' | 'tls', address: string, port: number, tls: OutboundTls | undefined, serverName?: string): Promise<StreamConnection> {
    if (!this.admits(address)) throw new Error(`connection limit reached (${this.limits.maxConnections} in all, ${this.limits.maxConnectionsPerSource} per address)`);
    const socket = await new Promise<Socket>((resolve, reject) => {
      const options = { host: address, port };
      const s =
        transport === 'tls'
          ? tlsConnect({ ...options, ...tls, ...(serverName !== undefined && isIP(serverName) === 0 && { servername: serverName }) }, () => done())
          : netConnect(options, () => done());
      const timer = this.wheel.schedule(this.limits.partialMessageMs, () => fail(new Error(`no connection within ${this.limits.partialMessageMs} ms`)));
      const done = (): void => {
        timer.cancel();
        s.off('error', fail);
        resolve(s);
      };
      const fail = (error: Error): void => {
        timer.cancel();
        s.destroy();
        reject(new Error(`cannot connect to ${transport}:${formatHostPort(address, port)}: ${error.message}`));
      };
      s.once('error', fail);
    });
    return this.adopt(socket, transport, false, []);
  }
}
