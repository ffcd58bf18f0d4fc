import { type Logger } from '@herald/core';
import { bareHost, formatVia, type SipSource, type Via } from '@herald/sip-stack';
import { type StreamConnection } from './transport/stream-connection';
import { type Transports } from './transport/transports';
import { type UdpListener } from './transport/udp-listener';

/** Where the responses to one request go. */
export type ReplyPath =
  | { readonly kind: 'udp'; readonly listener: UdpListener; readonly address: string; readonly port: number }
  /** On the connection the request came on; `fallbackPort` (the Via's) when it has closed. */
  | { readonly kind: 'stream'; readonly connection: StreamConnection; readonly fallbackPort: number | undefined };

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 addresses. */
export function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.');
}

/**
 * The UDP destination of the responses to a request (RFC 3261 §18.2.2 with RFC 3581): always
 * the source address (that is what `received` records); the source port when the Via asks for
 * `rport` or the request came from loopback (loopback is answered where it came from, whatever
 * its Via says), else the Via's port. Undefined when the Via is unusable: nothing can be sent.
 */
export function udpReplyPath(listener: UdpListener, via: Via | undefined, address: string, port: number): ReplyPath | undefined {
  if (isLoopback(address)) return { kind: 'udp', listener, address, port };
  if (via === undefined) return undefined;
  return { kind: 'udp', listener, address, port: via.params.has('rport') ? port : (via.port ?? 5060) };
}

/**
 * The top Via as responses carry it: with `received` when the sent-by host is not the source
 * address (RFC 3261 §18.2.1), and with `received` and `rport` filled in when the request asked
 * for `rport` (RFC 3581 §4). Undefined when it goes back unchanged.
 */
export function responseTopVia(via: Via | undefined, source: SipSource): string | undefined {
  if (via === undefined) return undefined;
  const rport = via.params.has('rport');
  const address = source.address.startsWith('::ffff:') ? source.address.slice(7) : source.address;
  const sameHost = bareHost(via.host) === address.toLowerCase();
  if (sameHost && !rport) return undefined;
  const params = new Map(via.params);
  params.set('received', address);
  if (rport) params.set('rport', String(source.port));
  return formatVia({ ...via, params });
}

/** Sends a response along its path; a closed connection is replaced by a new one (RFC 3261 §18.2.2). */
export function sendReply(transports: Transports, path: ReplyPath, data: Buffer, logger: Logger): void {
  if (path.kind === 'udp') {
    path.listener.send(data, path.port, path.address);
    return;
  }
  if (path.connection.send(data)) return;
  const { transport, address } = path.connection.source;
  if (transport === 'udp') return;
  const port = path.fallbackPort ?? (transport === 'tls' ? 5061 : 5060);
  transports.send({ transport, address, port }, data).catch((error: Error) => logger.debug({ err: error }, 'response could not be delivered'));
}
