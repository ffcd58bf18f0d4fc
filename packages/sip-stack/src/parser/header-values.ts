import { type SipParameters } from '../sip-message';
import { BACKSLASH, COMMA, EQUALS, GT, isWs, LT, QUOTE, SEMI, skipWs, tokenChars, trimEnd } from './char-classes';

/**
 * Index just after the closing quote of the quoted string opening at `start`, or -1 when it is
 * not terminated. Backslash escapes the next character (RFC 3261 quoted-pair).
 */
export function endOfQuoted(s: string, start: number, end = s.length): number {
  for (let i = start + 1; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i + 1;
  }
  return -1;
}

/** The text of a quoted string without its quotes and escapes. */
export function unquote(quoted: string): string {
  let out = '';
  for (let i = 1; i < quoted.length - 1; i++) {
    let c = quoted[i] as string;
    if (c === '\\' && i + 1 < quoted.length - 1) c = quoted[++i] as string;
    out += c;
  }
  return out;
}

/** Quotes a display name or parameter value for writing (RFC 3261 quoted-string). */
export function quote(text: string): string {
  let out = '"';
  for (const c of text) out += c === '"' || c === '\\' ? `\\${c}` : c;
  return `${out}"`;
}

/**
 * Index of the first comma at or after `start` that separates list elements: not inside a
 * quoted string or angle brackets. `end` when there is none.
 */
export function nextListSeparator(s: string, start: number, end = s.length): number {
  let angle = false;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === QUOTE) {
      const close = endOfQuoted(s, i, end);
      if (close < 0) return end;
      i = close - 1;
    } else if (c === LT) angle = true;
    else if (c === GT) angle = false;
    else if (c === COMMA && !angle) return i;
  }
  return end;
}

/** The elements of a comma-separated header value, trimmed, without empty elements. */
export function splitList(value: string): string[] {
  const out: string[] = [];
  let start = 0;
  while (start <= value.length) {
    const sep = nextListSeparator(value, start);
    const a = skipWs(value, start, sep);
    const b = trimEnd(value, a, sep);
    if (b > a) out.push(value.slice(a, b));
    start = sep + 1;
  }
  return out;
}

/** The first element of a comma-separated header value, trimmed. */
export function firstListElement(value: string): string {
  const sep = nextListSeparator(value, 0);
  const a = skipWs(value, 0, sep);
  return value.slice(a, trimEnd(value, a, sep));
}

/**
 * Parses `;name[=value]` parameters in `s[start, end)` (whitespace allowed around `;` and `=`).
 * Names are lower-cased; values keep their case, quoted values lose their quotes. Undefined
 * when a parameter has no name, a value is missing after `=`, a quote is not closed, or
 * anything but a parameter follows.
 */
export function parseParameters(s: string, start: number, end = s.length): Map<string, string | undefined> | undefined {
  const params = new Map<string, string | undefined>();
  let i = skipWs(s, start, end);
  while (i < end) {
    if (s.charCodeAt(i) !== SEMI) return undefined;
    i = skipWs(s, i + 1, end);
    const nameStart = i;
    while (i < end && tokenChars[s.charCodeAt(i)] === 1) i++;
    if (i === nameStart) return undefined;
    const name = s.slice(nameStart, i).toLowerCase();
    i = skipWs(s, i, end);
    let value: string | undefined;
    if (i < end && s.charCodeAt(i) === EQUALS) {
      i = skipWs(s, i + 1, end);
      if (i < end && s.charCodeAt(i) === QUOTE) {
        const close = endOfQuoted(s, i, end);
        if (close < 0) return undefined;
        value = unquote(s.slice(i, close));
        i = close;
      } else {
        const valueStart = i;
        i = endOfParamValue(s, i, end);
        if (i === valueStart) return undefined;
        value = s.slice(valueStart, i);
      }
      i = skipWs(s, i, end);
    }
    params.set(name, value);
  }
  return params;
}

/**
 * End of an unquoted parameter value: token characters, an IPv6 reference, and the other
 * printable characters real peers put there (base64 in Microsoft's `ms-route-sig`).
 */
function endOfParamValue(s: string, i: number, end: number): number {
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c === SEMI || c === COMMA || c === QUOTE || c === LT || c === GT || c === 0x7f) break;
    i++;
  }
  return i;
}

/** Writes parameters back as `;name=value` text, quoting values that need it. */
export function formatParameters(params: SipParameters): string {
  let out = '';
  for (const [name, value] of params) {
    if (value === undefined) out += `;${name}`;
    else out += needsQuotes(value) ? `;${name}=${quote(value)}` : `;${name}=${value}`;
  }
  return out;
}

function needsQuotes(value: string): boolean {
  if (value.length === 0) return true;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (isWs(c) || c < 0x20 || c === SEMI || c === COMMA || c === QUOTE || c === LT || c === GT) return true;
  }
  return false;
}
