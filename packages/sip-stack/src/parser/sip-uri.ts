import { type SipParameters } from '../sip-message';
import { allIn, AT, COLON, endOfHost, isHex, parseDecimal, PERCENT, schemeChars, SEMI, uriChars } from './char-classes';

/** A SIP or SIPS URI, split into its parts. */
export interface SipUri {
  /** `sip` or `sips`, lower-cased. */
  readonly scheme: 'sip' | 'sips';
  /** The user part as written (escapes kept), if any. */
  readonly user?: string;
  /** The host as written; an IPv6 reference keeps its brackets. */
  readonly host: string;
  /** The port, when written. */
  readonly port?: number;
  /** URI parameters: names lower-cased and unescaped, values unescaped; valueless ones map to undefined. */
  readonly params: SipParameters;
  /** The `?headers` part without the `?`, if any. */
  readonly headers?: string;
}


/** The scheme of an absolute URI, lower-cased, or undefined when `text` does not start with one. */
export function uriScheme(text: string): string | undefined {
  const colon = text.indexOf(':');
  if (colon <= 0) return undefined;
  const first = text.charCodeAt(0) | 0x20;
  if (first < 0x61 || first > 0x7a) return undefined;
  if (colon > 1 && !allIn(text, 1, colon, schemeChars)) return undefined;
  return text.slice(0, colon).toLowerCase();
}

/**
 * Checks an absolute URI of any scheme: a scheme, then at least one character, none of them
 * whitespace or controls. SIP and SIPS URIs get the full check of `parseSipUri`.
 */
export function isAbsoluteUri(text: string): boolean {
  const scheme = uriScheme(text);
  if (scheme === undefined || text.length <= scheme.length + 1) return false;
  if (scheme === 'sip' || scheme === 'sips') return parseSipUri(text) !== undefined;
  for (let i = scheme.length + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f || c === 0x3c || c === 0x3e || c === 0x22) return false;
  }
  return true;
}

/**
 * Parses a SIP or SIPS URI (RFC 3261 §19.1, with RFC 5118's IPv6 references). Undefined for
 * other schemes and for malformed URIs: whitespace, a bad escape, an empty or malformed host,
 * a port that is not a number up to 65535, a parameter without a name.
 */
export function parseSipUri(text: string): SipUri | undefined {
  const scheme = uriScheme(text);
  if (scheme !== 'sip' && scheme !== 'sips') return undefined;
  let end = text.length;
  let headers: string | undefined;
  const question = text.indexOf('?', scheme.length + 1);
  if (question >= 0) {
    headers = text.slice(question + 1);
    if (!validEscapedRun(text, question + 1, end)) return undefined;
    end = question;
  }
  let i = scheme.length + 1;
  let user: string | undefined;
  const at = indexOfIn(text, AT, i, end);
  if (at >= 0) {
    if (at === i || !validEscapedRun(text, i, at)) return undefined;
    const colon = indexOfIn(text, COLON, i, at);
    user = text.slice(i, colon >= 0 ? colon : at);
    i = at + 1;
  }
  const hostEnd = endOfHost(text, i, end);
  if (hostEnd < 0 || (hostEnd < end && text.charCodeAt(hostEnd) !== COLON && text.charCodeAt(hostEnd) !== SEMI)) return undefined;
  const host = text.slice(i, hostEnd);
  i = hostEnd;
  let port: number | undefined;
  if (i < end && text.charCodeAt(i) === COLON) {
    const portEnd = indexOfIn(text, SEMI, i + 1, end);
    port = parseDecimal(text.slice(i + 1, portEnd >= 0 ? portEnd : end), 65535);
    if (port === undefined) return undefined;
    i = portEnd >= 0 ? portEnd : end;
  }
  if (i < end && text.charCodeAt(i) !== SEMI) return undefined;
  const params = parseUriParameters(text, i, end);
  if (params === undefined) return undefined;
  return { scheme, user, host, port, params, headers };
}

function parseUriParameters(s: string, start: number, end: number): Map<string, string | undefined> | undefined {
  const params = new Map<string, string | undefined>();
  let i = start;
  while (i < end) {
    // s[i] is ';'
    let next = indexOfIn(s, SEMI, i + 1, end);
    if (next < 0) next = end;
    const eq = indexOfIn(s, 0x3d, i + 1, next);
    const nameEnd = eq >= 0 ? eq : next;
    if (nameEnd === i + 1 || !validEscapedRun(s, i + 1, next)) return undefined;
    const name = unescapeUri(s.slice(i + 1, nameEnd)).toLowerCase();
    params.set(name, eq >= 0 ? unescapeUri(s.slice(eq + 1, next)) : undefined);
    i = next;
  }
  return params;
}

/** True when `s[from, to)` holds only URI characters and every `%` starts a two-digit hex escape. */
function validEscapedRun(s: string, from: number, to: number): boolean {
  if (to === from) return true;
  if (!allIn(s, from, to, uriChars)) return false;
  for (let i = indexOfIn(s, PERCENT, from, to); i >= 0; i = indexOfIn(s, PERCENT, i + 1, to)) {
    if (i + 2 >= to || !isHex(s.charCodeAt(i + 1)) || !isHex(s.charCodeAt(i + 2))) return false;
  }
  return true;
}

/** Replaces `%HH` escapes by the character with that code (each escape is one octet). */
export function unescapeUri(s: string): string {
  if (s.indexOf('%') < 0) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === PERCENT && i + 2 < s.length && isHex(s.charCodeAt(i + 1)) && isHex(s.charCodeAt(i + 2))) {
      out += String.fromCharCode(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else out += s[i];
  }
  return out;
}

function indexOfIn(s: string, code: number, from: number, to: number): number {
  for (let i = from; i < to; i++) if (s.charCodeAt(i) === code) return i;
  return -1;
}

/** Formats a host and port for a URI or Via: IPv6 addresses get brackets. */
export function formatHostPort(host: string, port?: number): string {
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return port === undefined ? h : `${h}:${port}`;
}

/** A host as written in a URI or Via, without IPv6 brackets, lower-cased. */
export function bareHost(host: string): string {
  return (host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host).toLowerCase();
}
