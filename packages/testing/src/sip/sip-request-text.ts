import { randomBytes } from 'node:crypto';
import { type SipTestPeer } from './sip-test-peer';

export interface SipRequestSpec {
  readonly method: string;
  /** Default `sip:<user>@<stack host:port>`. */
  readonly uri?: string;
  /** The presentity user part of the default Request-URI and To. Default `meet.alice`. */
  readonly user?: string;
  /** Default a fresh one. */
  readonly callId?: string;
  /** Default a fresh one. */
  readonly fromTag?: string;
  /** The To tag, for requests inside a dialog. */
  readonly toTag?: string;
  readonly cseq?: number;
  /** Default a fresh z9hG4bK branch. */
  readonly branch?: string;
  /** Header lines added after the standard ones, written as given (`Name: value`). */
  readonly extra?: readonly string[];
  readonly body?: string;
  readonly contentType?: string;
  /** Use compact header names (`v`, `f`, `t`, `i`, `m`, `l`, `o`). */
  readonly compact?: boolean;
  /** Leave out the Contact header. */
  readonly noContact?: boolean;
  /** The Contact URI; default the peer's own address. */
  readonly contact?: string;
}

/** What a built request used, to check the answers against. */
export interface BuiltSipRequest {
  /** The request as sent, CRLF line ends. */
  readonly text: string;
  /** The ids it used, to match answers and to send requests in the same dialog. */
  readonly callId: string;
  readonly fromTag: string;
  readonly branch: string;
  /** The header values it wrote. */
  readonly via: string;
  readonly from: string;
  readonly to: string;
  /** The Contact URI (without angle brackets): where the stack sends NOTIFY. */
  readonly contactUri: string;
}

export function randomToken(bytes = 6): string {
  return randomBytes(bytes).toString('hex');
}

/**
 * Writes a request as the peer would send it, with a correct Content-Length (UTF-8 bytes).
 * Ids not given are fresh.
 */
export function sipRequestText(peer: SipTestPeer, spec: SipRequestSpec): BuiltSipRequest {
  const user = spec.user ?? 'meet.alice';
  const uri = spec.uri ?? `sip:${user}@${peer.stackHostPort}`;
  const callId = spec.callId ?? `${randomToken()}@herald.test`;
  const fromTag = spec.fromTag ?? randomToken(4);
  const branch = spec.branch ?? `z9hG4bK${randomToken()}`;
  const hostPort = peer.host.includes(':') ? `[${peer.host}]:${peer.port}` : `${peer.host}:${peer.port}`;
  const contactUri = spec.contact ?? `sip:watcher@${hostPort};transport=${peer.transport}`;
  const via = `SIP/2.0/${peer.transport.toUpperCase()} ${hostPort};branch=${branch};rport`;
  const from = `"Watcher" <sip:watcher@herald.test>;tag=${fromTag}`;
  const to = `<sip:${user}@herald.test>${spec.toTag !== undefined ? `;tag=${spec.toTag}` : ''}`;
  const n = (long: string, short: string): string => (spec.compact ? short : long);
  const body = spec.body ?? '';
  const lines = [
    `${spec.method} ${uri} SIP/2.0`,
    `${n('Via', 'v')}: ${via}`,
    'Max-Forwards: 70',
    `${n('From', 'f')}: ${from}`,
    `${n('To', 't')}: ${to}`,
    `${n('Call-ID', 'i')}: ${callId}`,
    `CSeq: ${spec.cseq ?? 1} ${spec.method}`,
    ...(spec.noContact ? [] : [`${n('Contact', 'm')}: <${contactUri}>`]),
    ...(spec.extra ?? []),
    ...(body.length > 0 ? [`${n('Content-Type', 'c')}: ${spec.contentType ?? 'text/plain'}`] : []),
    `${n('Content-Length', 'l')}: ${Buffer.byteLength(body, 'utf8')}`,
    '',
    body,
  ];
  return { text: lines.join('\r\n'), callId, fromTag, branch, via, from, to, contactUri };
}
