import { type NameAddr } from '../sip-message';
import { GT, LT, QUOTE, SEMI, skipWs, tokenChars, trimEnd } from './char-classes';
import { endOfQuoted, parseParameters, quote, formatParameters, unquote } from './header-values';
import { isAbsoluteUri } from './sip-uri';


/**
 * Parses one name-addr or addr-spec with its header parameters (From, To, Contact, Route,
 * Record-Route elements): `"Bob" <sip:bob@x>;tag=1`, `Bob <sip:bob@x>`, `<sip:bob@x>`, or
 * `sip:bob@x;tag=1` (in the last form everything after the URI is a header parameter).
 * Undefined when a quote or bracket is not closed, the URI is not an absolute URI, or the
 * parameters are malformed.
 */
export function parseNameAddr(value: string): NameAddr | undefined {
  let i = skipWs(value, 0);
  const end = trimEnd(value, i, value.length);
  if (i >= end) return undefined;
  let displayName: string | undefined;
  let uri: string;
  if (value.charCodeAt(i) === QUOTE) {
    const close = endOfQuoted(value, i, end);
    if (close < 0) return undefined;
    displayName = unquote(value.slice(i, close));
    i = skipWs(value, close, end);
    if (value.charCodeAt(i) !== LT) return undefined;
  } else {
    const lt = endOfDisplayName(value, i, end);
    if (lt < end && value.charCodeAt(lt) === LT) {
      const name = value.slice(i, trimEnd(value, i, lt));
      if (name.length > 0) displayName = name;
      i = lt;
    }
  }
  if (value.charCodeAt(i) === LT) {
    const close = value.indexOf('>', i + 1);
    if (close < 0 || close >= end) return undefined;
    uri = value.slice(i + 1, close);
    i = close + 1;
  } else {
    // addr-spec: the URI ends at the first ';' (its parameters would be ambiguous otherwise).
    let semi = value.indexOf(';', i);
    if (semi < 0 || semi > end) semi = end;
    uri = value.slice(i, trimEnd(value, i, semi));
    i = semi;
  }
  if (!isAbsoluteUri(uri)) return undefined;
  const params = parseParameters(value, i, end);
  if (params === undefined) return undefined;
  // One object shape for every result keeps property access monomorphic (spreads would not).
  return { displayName, uri, params, tag: params.get('tag') };
}

/** Where an unquoted display name (tokens and spaces, or non-ASCII text) stops. */
function endOfDisplayName(s: string, i: number, end: number): number {
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c === LT || c === SEMI || c === GT || c === QUOTE) return i;
    if (c !== 0x20 && c !== 0x09 && c < 0x80 && tokenChars[c] !== 1) return i;
    i++;
  }
  return i;
}

/** Writes a name-addr: display name quoted, URI in angle brackets, then the parameters. */
export function formatNameAddr(nameAddr: NameAddr): string {
  const display = nameAddr.displayName !== undefined ? `${quote(nameAddr.displayName)} ` : '';
  return `${display}<${nameAddr.uri}>${formatParameters(nameAddr.params)}`;
}
