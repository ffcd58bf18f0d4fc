/**
 * Normalisation of the addresses watchers ask about, so that `SIP:Meet.Alice@VC.example.com;transport=tls`,
 * `<sip:meet.alice@vc.example.com>` and `meet.alice@vc.example.com` name one presentity.
 *
 * Hand-written scanning rather than a URI library: SIP URIs are not WHATWG URLs (user parts may
 * hold `;`, `?` and `%HH`; hosts may be bracketed IPv6), and the input is untrusted, so it is
 * handled with index scans and no backtracking regexes.
 */

/** The longest alias accepted, in characters: the platform's limit for an alias is 250. */
export const maxAliasLength = 250;
/** The longest raw input accepted before normalisation (a full URI with parameters). */
export const maxAliasInputLength = 1024;

/** An alias in the forms presence lookups use. */
export interface NormalisedAlias {
  /**
   * The comparison key: lower-case `user@host`, without scheme, password, port, parameters or
   * headers. When the host is an IP address only the user part remains, as the platform strips
   * host IP addresses from dialled aliases; when there is no host, it is the user part.
   */
  readonly key: string;
  /** The unparsed URI (display name and angle brackets removed), for `match_string_full` rules. */
  readonly full: string;
  /** The scheme as given, lower-cased, if there was one. */
  readonly scheme?: string;
}

export type AliasParseResult =
  | { readonly ok: true; readonly alias: NormalisedAlias }
  | { readonly ok: false; readonly reason: string };

const knownSchemes = new Set(['sip', 'sips', 'tel', 'pres', 'im', 'h323']);
/** Characters that keep their escaped form when comparing (RFC 3261 §19.1.4: reserved set). */
const reserved = new Set([';', '/', '?', ':', '@', '&', '=', '+', '$', ',']);

/** Parses and normalises an alias or URI. Never throws. */
export function normaliseAlias(input: string): AliasParseResult {
  if (input.length > maxAliasInputLength) {
    return { ok: false, reason: `longer than ${maxAliasInputLength} characters` };
  }
  let full = input.trim();
  const open = full.indexOf('<');
  if (open >= 0) {
    const close = full.indexOf('>', open + 1);
    if (close < 0) return { ok: false, reason: "'<' without a closing '>'" };
    full = full.slice(open + 1, close).trim();
  }
  if (full.length === 0) return { ok: false, reason: 'empty' };
  for (let i = 0; i < full.length; i++) {
    const c = full.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f) return { ok: false, reason: `contains whitespace or a control character at position ${i + 1}` };
  }

  let rest = full;
  let scheme: string | undefined;
  const colon = rest.indexOf(':');
  const at = rest.indexOf('@');
  if (colon > 0 && (at < 0 || colon < at)) {
    const candidate = rest.slice(0, colon).toLowerCase();
    if (knownSchemes.has(candidate)) {
      scheme = candidate;
      rest = rest.slice(colon + 1);
    }
  }

  const userEnd = rest.indexOf('@');
  let user: string;
  let host: string | undefined;
  if (userEnd >= 0) {
    user = rest.slice(0, userEnd);
    const password = user.indexOf(':');
    if (password >= 0) user = user.slice(0, password);
    host = cutAt(rest.slice(userEnd + 1), ';', '?');
  } else {
    user = cutAt(rest, ';', '?');
  }

  const decodedUser = decodeUnreserved(user);
  if (decodedUser.length === 0) return { ok: false, reason: 'has no user part' };

  let key = decodedUser;
  if (host !== undefined) {
    const hostOnly = stripPort(host);
    if (hostOnly === undefined || hostOnly.length === 0) return { ok: false, reason: `has an invalid host '${host}'` };
    if (!isIpLiteral(hostOnly)) key = `${decodedUser}@${hostOnly}`;
  }
  key = key.toLowerCase();
  if (key.length > maxAliasLength) return { ok: false, reason: `longer than ${maxAliasLength} characters once normalised` };
  return { ok: true, alias: scheme === undefined ? { key, full } : { key, full, scheme } };
}

function cutAt(value: string, ...separators: string[]): string {
  let end = value.length;
  for (const separator of separators) {
    const index = value.indexOf(separator);
    if (index >= 0 && index < end) end = index;
  }
  return value.slice(0, end);
}

/** `host`, `host:port`, `[v6]` or `[v6]:port` → the host; undefined when malformed. */
function stripPort(hostport: string): string | undefined {
  if (hostport.startsWith('[')) {
    const close = hostport.indexOf(']');
    if (close < 0) return undefined;
    const after = hostport.slice(close + 1);
    if (after !== '' && !isPortSuffix(after)) return undefined;
    return hostport.slice(0, close + 1);
  }
  const colon = hostport.indexOf(':');
  if (colon < 0) return hostport;
  if (!isPortSuffix(hostport.slice(colon))) return undefined;
  return hostport.slice(0, colon);
}

function isPortSuffix(value: string): boolean {
  if (value.length < 2 || value.length > 6 || value[0] !== ':') return false;
  for (let i = 1; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

function isIpLiteral(host: string): boolean {
  if (host.startsWith('[')) return true;
  // Four dot-separated decimal parts of 0–255, scanned without allocating (every alias passes here).
  let parts = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i <= host.length; i++) {
    const code = i < host.length ? host.charCodeAt(i) : 46; // a final '.' closes the last part
    if (code === 46) {
      if (digits === 0 || value > 255 || ++parts > 4) return false;
      digits = 0;
      value = 0;
    } else if (code >= 48 && code <= 57 && digits < 3) {
      digits++;
      value = value * 10 + (code - 48);
    } else {
      return false;
    }
  }
  return parts === 4;
}

/** Decodes `%HH` escapes of characters outside the reserved set; leaves others as written. */
function decodeUnreserved(value: string): string {
  if (!value.includes('%')) return value;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '%' && i + 2 < value.length && isHex(value[i + 1]) && isHex(value[i + 2])) {
      const code = parseInt(value.slice(i + 1, i + 3), 16);
      const decoded = String.fromCharCode(code);
      if (code >= 0x21 && code < 0x7f && !reserved.has(decoded) && decoded !== '%') {
        out += decoded;
        i += 2;
        continue;
      }
      out += value.slice(i, i + 3).toUpperCase();
      i += 2;
      continue;
    }
    out += c;
  }
  return out;
}

function isHex(c: string | undefined): boolean {
  return c !== undefined && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
}
