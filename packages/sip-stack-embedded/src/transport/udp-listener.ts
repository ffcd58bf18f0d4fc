import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { lookup, type LookupOneOptions } from 'node:dns';
import { isIP, isIPv6 } from 'node:net';
import { type Logger } from '@herald/core';
import { formatHostPort } from '@herald/sip-stack';
import { type SipListenOptions } from '../embedded-sip-stack-options';

/** Called for every datagram; must not throw. */
export type DatagramSink = (listener: UdpListener, data: Buffer, remote: RemoteInfo) => void;

/** Socket receive buffer asked for: bursts of small datagrams must not overflow the default 208 kB. */
const receiveBufferBytes = 4 * 1024 * 1024;

/** One bound UDP socket. */
export class UdpListener {
  readonly transport = 'udp' as const;
  private socket: Socket | undefined;
  private boundPort = 0;

  constructor(
    readonly options: SipListenOptions,
    private readonly sink: DatagramSink,
    private readonly logger: Logger,
  ) {
    this.family = isIPv6(options.host) ? 6 : 4;
  }

  /** 6 for an IPv6 socket (which, bound to `::`, also receives IPv4 as mapped addresses). */
  readonly family: 4 | 6;

  get port(): number {
    return this.boundPort;
  }

  get endpoint(): string {
    return `udp:${formatHostPort(this.options.host, this.boundPort)}`;
  }

  async start(): Promise<void> {
    const socket = createSocket({ type: this.family === 6 ? 'udp6' : 'udp4', reuseAddr: false, lookup: literalLookup });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(this.options.port, this.options.host, () => {
        socket.off('error', reject);
        resolve();
      });
    }).catch((error: Error) => {
      socket.close();
      throw new Error(`cannot listen on udp:${formatHostPort(this.options.host, this.options.port)}: ${error.message}`);
    });
    try {
      socket.setRecvBufferSize(receiveBufferBytes);
    } catch {
      // The kernel caps the size (net.core.rmem_max); the default still works, with less headroom.
    }
    socket.on('message', (data, remote) => this.sink(this, data, remote));
    socket.on('error', (error) => this.logger.debug({ err: error, endpoint: this.endpoint }, 'UDP socket error'));
    this.boundPort = socket.address().port;
    this.socket = socket;
  }

  /** Sends one datagram; failures (unreachable, no route) reach the socket's error log, never the caller. */
  send(data: Buffer, port: number, address: string): void {
    this.socket?.send(data, port, address);
  }

  async stop(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (socket === undefined) return;
    await new Promise<void>((resolve) => socket.close(() => resolve()));
  }
}

/**
 * The stack only sends to IP addresses (host names are resolved before): hand them back at
 * once instead of through `dns.lookup`, which defers every datagram by a tick.
 */
function literalLookup(address: string, options: LookupOneOptions, callback: (error: NodeJS.ErrnoException | null, address: string, family: number) => void): void {
  const family = isIP(address);
  // eslint-disable-next-line no-restricted-syntax -- Node's lookup callback convention: null means no error.
  if (family !== 0) callback(null, address, family);
  else lookup(address, options, callback);
}
