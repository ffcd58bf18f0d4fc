import { type RemoteInfo } from 'node:dgram';
import { networkInterfaces } from 'node:os';
import { type Logger } from '@herald/core';
import { type ParsedSipMessage, type SipTransportName } from '@herald/sip-stack';
import { type EmbeddedSipLimits, type SipListenOptions } from '../embedded-sip-stack-options';
import { type TimerWheel } from '../timer-wheel';
import { ConnectionTable, type OutboundTls } from './connection-table';
import { type StreamConnection } from './stream-connection';
import { StreamListener } from './stream-listener';
import { loadTlsMaterial, type TlsMaterial } from './tls-material';
import { UdpListener } from './udp-listener';

/** Where a request is to be sent. */
export interface SendTarget {
  readonly transport: SipTransportName;
  /** An IP address (resolved already). */
  readonly address: string;
  readonly port: number;
  /** The host name the URI gave, for TLS server-name checks. */
  readonly serverName?: string;
}

/** How a request left: over UDP (resend it the same way) or on a connection. */
export type SentVia = { readonly kind: 'udp'; resend(): void } | { readonly kind: 'stream'; readonly connection: StreamConnection };

/** What the transports hand to the message layer. Must not throw. */
export interface InboundHandlers {
  datagram(listener: UdpListener, data: Buffer, remote: RemoteInfo): void;
  streamMessage(connection: StreamConnection, message: ParsedSipMessage): void;
}

/**
 * The stack's sockets: UDP listeners, TCP/TLS listeners and the connection table, behind
 * calls that send a message to a peer.
 */
export class Transports {
  readonly udp: UdpListener[] = [];
  readonly streams: StreamListener[] = [];
  readonly connections: ConnectionTable;
  private outboundTls: OutboundTls | undefined;

  constructor(
    private readonly listen: readonly SipListenOptions[],
    private readonly limits: EmbeddedSipLimits,
    wheel: TimerWheel,
    now: () => number,
    private readonly inbound: InboundHandlers,
    private readonly logger: Logger,
  ) {
    this.connections = new ConnectionTable(limits, wheel, now, (connection, message) => inbound.streamMessage(connection, message), logger);
  }

  /** Opens every listener, in order; on a failure closes those already open and rethrows. */
  async start(): Promise<void> {
    try {
      for (const options of this.listen) {
        if (options.transport === 'udp') {
          const listener = new UdpListener(options, (l, data, remote) => this.inbound.datagram(l, data, remote), this.logger);
          await listener.start();
          this.udp.push(listener);
          continue;
        }
        let material: TlsMaterial | undefined;
        if (options.transport === 'tls') {
          if (options.tls === undefined) throw new Error(`the TLS listener on port ${options.port} has no certificate (tls: cert_file, key_file)`);
          material = await loadTlsMaterial(options.tls);
          this.outboundTls ??= { ...material.secureContext, rejectUnauthorized: true };
        }
        const listener = new StreamListener(options, this.connections, material, this.limits.partialMessageMs, this.logger);
        await listener.start();
        this.streams.push(listener);
      }
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    this.connections.destroyAll();
    await Promise.all([...this.udp.map((l) => l.stop()), ...this.streams.map((l) => l.stop())]);
    this.udp.length = 0;
    this.streams.length = 0;
  }

  endpoints(): string[] {
    return [...this.udp.map((l) => l.endpoint), ...this.streams.map((l) => l.endpoint)];
  }

  /**
   * Sends a request to `target`. UDP goes out of `preferredUdp` when its address family fits;
   * TCP/TLS reuse `preferredConnection` when it leads to the same address (a Front End's own
   * connection is the normal path back to it), else any connection to the target, else a new one.
   * @throws Error when no socket can carry it (no listener for the transport, connect failure).
   */
  async send(target: SendTarget, data: Buffer, preferredUdp?: UdpListener, preferredConnection?: StreamConnection): Promise<SentVia> {
    if (target.transport === 'udp') {
      const listener = this.udpFor(target.address, preferredUdp);
      if (listener === undefined) throw new Error(`no UDP listener can reach ${target.address}`);
      const address = listener.family === 6 && !isIPv6Literal(target.address) ? `::ffff:${target.address}` : target.address;
      const resend = (): void => listener.send(data, target.port, address);
      resend();
      return { kind: 'udp', resend };
    }
    let connection =
      preferredConnection !== undefined && !preferredConnection.closed && preferredConnection.transport === target.transport && preferredConnection.source.address === target.address
        ? preferredConnection
        : this.connections.find(target.transport, target.address, target.port);
    if (connection === undefined) {
      if (target.transport === 'tls' && this.outboundTls === undefined) throw new Error('no TLS listener is configured, so there is no certificate to connect with');
      connection = await this.connections.connect(target.transport, target.address, target.port, this.outboundTls, target.serverName);
    }
    if (!connection.send(data)) throw new Error(`the connection to ${connection.remoteKey} closed`);
    return { kind: 'stream', connection };
  }

  /** The address and port to put in Via and Contact for `transport`, as peers can reach them. */
  advertised(transport: SipTransportName, contactHost: string | undefined): { host: string; port: number } | undefined {
    const listener = transport === 'udp' ? this.udp[0] : this.streams.find((l) => l.transport === transport);
    if (listener === undefined) return undefined;
    return { host: advertisedHost(listener.options.host, contactHost), port: listener.port };
  }

  private udpFor(address: string, preferred: UdpListener | undefined): UdpListener | undefined {
    const v6 = isIPv6Peer(address);
    const fits = (l: UdpListener): boolean => (v6 ? l.family === 6 : l.family === 4 || l.options.host === '::');
    if (preferred !== undefined && fits(preferred)) return preferred;
    return this.udp.find((l) => fits(l));
  }
}

/** A wildcard bind address replaced by the contact host, or by this machine's first external address. */
export function advertisedHost(bound: string, contactHost: string | undefined): string {
  if (bound !== '0.0.0.0' && bound !== '::') return bound;
  if (contactHost !== undefined) return contactHost;
  for (const list of Object.values(networkInterfaces())) {
    for (const entry of list ?? []) if (!entry.internal && (bound === '::' || entry.family === 'IPv4')) return entry.address;
  }
  return bound === '::' ? '::1' : '127.0.0.1';
}

/**
 * Whether an IP literal (a socket's peer address, a resolved target) is IPv6: only IPv6 has a
 * colon. `net.isIPv6` runs a long regex, and this is asked for every datagram sent.
 */
export function isIPv6Literal(address: string): boolean {
  return address.includes(':');
}

/** Whether a peer at this IP literal is reached over IPv6: IPv4 written IPv4-mapped is not. */
export function isIPv6Peer(address: string): boolean {
  return isIPv6Literal(address) && !address.startsWith('::ffff:');
}
