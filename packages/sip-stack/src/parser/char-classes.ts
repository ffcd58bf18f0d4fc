/**
 * Character classes of the RFC 3261 grammar, as lookup tables indexed by char code (latin1, so
 * every byte of a message maps to one entry). Scanners test one character at a time, which
 * keeps every scan linear in the input: no regular expression ever sees untrusted text.
 */

function table(chars: string, ranges: readonly [number, number][] = []): Uint8Array {
  const t = new Uint8Array(256);
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = 1;
  for (const [from, to] of ranges) for (let c = from; c <= to; c++) t[c] = 1;
  return t;
}

const alphanumRanges: [number, number][] = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x61, 0x7a],
];

/** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") */
export const tokenChars = table("-.!%*_+`'~", alphanumRanges);

/** Characters allowed in a SIP/SIPS URI outside the host part (unreserved, reserved, escapes). */
export const uriChars = table("-_.!~*'()%;/?:@&=+$,[]#", alphanumRanges);

/** Characters of a host name, an IPv4 address, or the inside of an IPv6 reference. */
export const hostChars = table('-.:', alphanumRanges);

/** Characters of a URI scheme after its first letter. */
export const schemeChars = table('+-.', alphanumRanges);

export const SP = 0x20;
export const HT = 0x09;
export const CR = 0x0d;
export const LF = 0x0a;
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const COMMA = 0x2c;
export const SEMI = 0x3b;
export const COLON = 0x3a;
export const EQUALS = 0x3d;
export const LT = 0x3c;
export const GT = 0x3e;
export const AT = 0x40;
export const PERCENT = 0x25;
export const LBRACKET = 0x5b;

/**
 * Index just after the host starting at `i` (an IPv6 reference in brackets, a host name or an
 * IPv4 address), or -1 when there is none there. The caller checks what follows it.
 */
export function endOfHost(s: string, i: number, end: number): number {
  if (s.charCodeAt(i) === LBRACKET) {
    const close = s.indexOf(']', i);
    return close < 0 || close >= end || !allIn(s, i + 1, close, hostChars) ? -1 : close + 1;
  }
  let j = i;
  while (j < end) {
    const c = s.charCodeAt(j);
    if (c === COLON || c > 0xff || hostChars[c] !== 1) break;
    j++;
  }
  const first = s.charCodeAt(i);
  return j > i && first !== 0x2e && first !== 0x2d ? j : -1;
}

export function isWs(c: number): boolean {
  return c === SP || c === HT;
}

export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

export function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** True when every character of `s[from, to)` is in `chars`, and the range is not empty. */
export function allIn(s: string, from: number, to: number, chars: Uint8Array): boolean {
  if (to <= from) return false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff || chars[c] !== 1) return false;
  }
  return true;
}

export function isToken(s: string): boolean {
  return allIn(s, 0, s.length, tokenChars);
}

/** Index of the first non-whitespace character at or after `i` (or `end`). */
export function skipWs(s: string, i: number, end = s.length): number {
  while (i < end && isWs(s.charCodeAt(i))) i++;
  return i;
}

/** Index just after the last non-whitespace character before `end` (or `start`). */
export function trimEnd(s: string, start: number, end: number): number {
  while (end > start && isWs(s.charCodeAt(end - 1))) end--;
  return end;
}

/**
 * Parses a decimal number no greater than `maxValue` (leading zeros allowed); undefined when the
 * text is empty, holds anything but digits, or exceeds `maxValue`.
 */
export function parseDecimal(s: string, maxValue: number): number | undefined {
  if (s.length === 0) return undefined;
  let value = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return undefined;
    value = value * 10 + (c - 0x30);
    if (value > maxValue) return undefined;
  }
  return value;
}
