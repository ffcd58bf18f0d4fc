import { type SipParameters } from '../sip-message';
import { COLON, endOfHost, isWs, parseDecimal, SEMI, skipWs, tokenChars, trimEnd } from './char-classes';
import { formatParameters, parseParameters } from './header-values';

/** One Via header value: `SIP/2.0/UDP host:port;branch=z9hG4bK…;rport`. */
export interface Via {
  /** `SIP/2.0` as written, without whitespace. */
  readonly protocol: string;
  /** The transport, upper-cased (`UDP`, `TCP`, `TLS`, or anything else a peer wrote). */
  readonly transport: string;
  /** The sent-by host as written; an IPv6 reference keeps its brackets. */
  readonly host: string;
  /** The sent-by port, when written. */
  readonly port?: number;
  /** Names lower-cased; valueless parameters such as `rport` map to undefined. */
  readonly params: SipParameters;
  /** The `branch` parameter: the transaction id (RFC 3261 §8.1.1.7), absent from RFC 2543 peers. */
  readonly branch?: string;
}

/**
 * Parses one Via value (one element of the list). Whitespace is allowed around the slashes
 * and before the parameters (RFC 3261 LWS). Undefined when the protocol, transport or sent-by
 * is missing or malformed, or a parameter has no name (`;;`).
 */
export function parseVia(value: string): Via | undefined {
  const end = value.length;
  let i = skipWs(value, 0, end);
  const name = readToken(value, i, end);
  if (name === undefined) return undefined;
  i = expectSlash(value, name.end, end);
  if (i < 0) return undefined;
  const version = readToken(value, i, end);
  if (version === undefined) return undefined;
  i = expectSlash(value, version.end, end);
  if (i < 0) return undefined;
  const transport = readToken(value, i, end);
  if (transport === undefined) return undefined;
  i = skipWs(value, transport.end, end);
  if (i === transport.end) return undefined;
  const hostEnd = endOfHost(value, i, end);
  const after = value.charCodeAt(hostEnd);
  if (hostEnd < 0 || (hostEnd < end && after !== COLON && after !== SEMI && !isWs(after))) return undefined;
  const host = value.slice(i, hostEnd);
  i = hostEnd;
  let port: number | undefined;
  if (value.charCodeAt(i) === COLON) {
    let portEnd = i + 1;
    while (portEnd < end && value.charCodeAt(portEnd) >= 0x30 && value.charCodeAt(portEnd) <= 0x39) portEnd++;
    port = parseDecimal(value.slice(i + 1, portEnd), 65535);
    if (port === undefined) return undefined;
    i = portEnd;
  }
  const params = parseParameters(value, i, trimEnd(value, i, end));
  if (params === undefined) return undefined;
  return {
    protocol: `${value.slice(name.start, name.end)}/${value.slice(version.start, version.end)}`,
    transport: value.slice(transport.start, transport.end).toUpperCase(),
    host,
    port,
    params,
    branch: params.get('branch'),
  };
}

function readToken(s: string, i: number, end: number): { start: number; end: number } | undefined {
  const start = i;
  while (i < end && tokenChars[s.charCodeAt(i)] === 1) i++;
  return i > start ? { start, end: i } : undefined;
}

function expectSlash(s: string, i: number, end: number): number {
  i = skipWs(s, i, end);
  if (s.charCodeAt(i) !== 0x2f) return -1;
  return skipWs(s, i + 1, end);
}

/** Writes a Via value back: `SIP/2.0/UDP host:port;params`. */
export function formatVia(via: Via): string {
  const port = via.port === undefined ? '' : `:${via.port}`;
  return `${via.protocol}/${via.transport} ${via.host}${port}${formatParameters(via.params)}`;
}
