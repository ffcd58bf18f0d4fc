import { type Socket } from 'node:net';
import { type TLSSocket } from 'node:tls';
import { type Logger } from '@herald/core';
import { formatHostPort, type ParsedSipMessage, type SipSource, SipStreamDecoder } from '@herald/sip-stack';
import { type EmbeddedSipLimits } from '../embedded-sip-stack-options';
import { type TimerWheel, type WheelTimer } from '../timer-wheel';

/** What a connection reports to the stack. Handlers must not throw. */
export interface StreamSink {
  /** A framed message; `problem` may be set. */
  onStreamMessage(connection: StreamConnection, message: ParsedSipMessage): void;
  /** The socket is gone (closed by either side): forget the connection. */
  onStreamClosed(connection: StreamConnection): void;
}

/** Something waiting on a connection: told when it closes. */
export interface ConnectionWaiter {
  connectionClosed(): void;
}

let nextConnectionId = 1;

/**
 * One TCP or TLS connection, inbound or outbound: frames messages with Content-Length
 * (RFC 3261 §18.3), answers CRLF keep-alives, closes itself when a message stalls half-way or
 * the stream cannot be framed, and bounds what it queues for sending.
 */
export class StreamConnection {
  readonly id = nextConnectionId++;
  readonly source: SipSource;
  /** `tcp:10.0.0.5:5061`-style key of the remote end. */
  readonly remoteKey: string;
  lastActivity: number;
  closed = false;
  /** Requests sent on this connection and awaiting their response. */
  readonly waiters = new Set<ConnectionWaiter>();
  private readonly decoder: SipStreamDecoder;
  private partialTimer: WheelTimer | undefined;

  constructor(
    private readonly socket: Socket | TLSSocket,
    readonly transport: 'tcp' | 'tls',
    readonly inbound: boolean,
    tlsPeerNames: readonly string[],
    private readonly sink: StreamSink,
    private readonly limits: EmbeddedSipLimits,
    private readonly wheel: TimerWheel,
    private readonly now: () => number,
    private readonly logger: Logger,
  ) {
    const address = normaliseAddress(socket.remoteAddress ?? '');
    const port = socket.remotePort ?? 0;
    this.source = { transport, address, port, tlsPeerNames };
    this.remoteKey = connectionKey(transport, address, port);
    this.lastActivity = now();
    this.decoder = new SipStreamDecoder(limits);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error) => this.logger.debug({ err: error, peer: this.remoteKey }, 'SIP connection error'));
    socket.on('close', () => this.closedBySocket());
  }

  /** The local port of the connection. */
  get localPort(): number {
    return this.socket.localPort ?? 0;
  }

  /**
   * Queues `data` for sending. False when the connection is closed or its send queue is over
   * the limit (the peer is not reading); the connection is then closed.
   */
  send(data: Buffer): boolean {
    if (this.closed) return false;
    if (this.socket.writableLength > this.limits.maxQueuedBytesPerConnection) {
      this.close('send queue full: the peer is not reading');
      return false;
    }
    this.lastActivity = this.now();
    this.socket.write(data);
    return true;
  }

  /** Closes the connection after flushing what is queued. */
  close(reason: string): void {
    if (this.closed) return;
    this.logger.debug({ peer: this.remoteKey, reason }, 'closing SIP connection');
    this.markClosed();
    this.socket.end();
    this.socket.destroySoon?.();
    // A peer that never reads would keep an ended socket half-open; do not wait for it.
    this.wheel.schedule(1000, () => this.socket.destroy());
  }

  /** Closes at once, dropping anything queued. */
  destroy(): void {
    this.markClosed();
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.lastActivity = this.now();
    this.decoder.push(chunk);
    while (!this.closed) {
      const event = this.decoder.next();
      switch (event.kind) {
        case 'message':
          this.sink.onStreamMessage(this, event.message);
          continue;
        case 'ping':
          this.socket.write('\r\n');
          continue;
        case 'need-more':
          this.watchPartial();
          return;
        case 'fatal':
          if (event.message !== undefined) this.sink.onStreamMessage(this, event.message);
          this.close(event.reason);
          return;
      }
    }
  }

  /** Starts the stall timer while a message is incomplete; stops it once nothing is pending. */
  private watchPartial(): void {
    if (this.decoder.buffered === 0) {
      this.partialTimer?.cancel();
      this.partialTimer = undefined;
    } else if (this.partialTimer === undefined) {
      this.partialTimer = this.wheel.schedule(this.limits.partialMessageMs, () => {
        this.partialTimer = undefined;
        this.close(`incomplete message for ${this.limits.partialMessageMs} ms`);
      });
    }
  }

  private closedBySocket(): void {
    this.markClosed();
    this.sink.onStreamClosed(this);
  }

  /** No more sending or receiving; whatever waits for a response on it fails now. */
  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.partialTimer?.cancel();
    this.partialTimer = undefined;
    for (const waiter of [...this.waiters]) waiter.connectionClosed();
    this.waiters.clear();
  }
}

/** Key of a connection's remote end. */
export function connectionKey(transport: string, address: string, port: number): string {
  return `${transport}:${formatHostPort(address, port)}`;
}

/** `::ffff:10.0.0.5` (IPv4 on a dual-stack socket) as `10.0.0.5`, so policy and keys see one form. */
export function normaliseAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
