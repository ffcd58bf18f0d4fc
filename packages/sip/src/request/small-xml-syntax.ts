/** Character classes and small lexical steps of the hand-written scanner (small-xml-scanner.ts). */

export const TAB = 0x09;
export const LF = 0x0a;
export const CR = 0x0d;
const SPACE = 0x20;
export const QUOT = 0x22;
export const HASH = 0x23;
export const AMP = 0x26;
export const APOS = 0x27;
export const SLASH = 0x2f;
const COLON = 0x3a;
export const SEMICOLON = 0x3b;
export const LT = 0x3c;
export const EQ = 0x3d;
export const GT = 0x3e;
export const CLOSE_BRACKET = 0x5d;
export const BOM = 0xfeff;
/** Returned by the scanning steps for "not in the subset; let saxes read it". */
export const decline = -1;

export const isSpace = (c: number): boolean => c === SPACE || c === LF || c === TAB || c === CR;
const isAsciiLetter = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
const isNameStart = (c: number): boolean => isAsciiLetter(c) || c === 0x5f;
export const isNameChar = (c: number): boolean => isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e;
/** The XML 1.0 Char production. */
export const isXmlChar = (c: number): boolean =>
  (c >= SPACE && c <= 0xd7ff) || c === LF || c === TAB || c === CR || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);

export function skipSpace(s: string, i: number): number {
  while (isSpace(s.charCodeAt(i))) i++;
  return i;
}

/** The index after an ASCII NCName starting at `i`, or `decline` when none starts there. */
function nameEnd(s: string, i: number): number {
  if (!isNameStart(s.charCodeAt(i))) return decline;
  let j = i + 1;
  while (isNameChar(s.charCodeAt(j))) j++;
  return j;
}

/** The index after an ASCII `prefix:local` or `local` name starting at `i`, or `decline`. */
export function qualifiedNameEnd(s: string, i: number): number {
  const first = nameEnd(s, i);
  return first !== decline && s.charCodeAt(first) === COLON ? nameEnd(s, first + 1) : first;
}

/** The index after a well-formed surrogate pair at `i`; `decline` for anything else there. */
export function surrogatePairEnd(s: string, i: number): number {
  const high = s.charCodeAt(i);
  const low = s.charCodeAt(i + 1);
  return high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff ? i + 2 : decline;
}

export function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : decline;
}

export const predefinedEntities: readonly (readonly [string, string])[] = [
  ['lt;', '<'],
  ['gt;', '>'],
  ['amp;', '&'],
  ['quot;', '"'],
  ['apos;', "'"],
];

/*
 * Runs of ordinary characters are matched with sticky regular expressions that are a single
 * character class (`[^…]*`): V8 runs them as a native loop, several times faster than a
 * charCodeAt loop in JavaScript over a long value, and with nothing after the class there is
 * nothing to backtrack into, so a match is one forward pass. Each stops at the first character
 * that needs a decision: the closing quote, `&`, `<`, `]`, white space to normalize, controls,
 * surrogates, U+FFFE and U+FFFF.
 */
// eslint-disable-next-line no-control-regex -- stopping at control characters is the point: XML forbids them
export const plainInDoubleQuotes = /[^"&<\x00-\x1f\ud800-\udfff\ufffe\uffff]*/y;
// eslint-disable-next-line no-control-regex -- as above
export const plainInSingleQuotes = /[^'&<\x00-\x1f\ud800-\udfff\ufffe\uffff]*/y;
// eslint-disable-next-line no-control-regex -- as above; tab, line feed and CR are allowed in text
export const plainText = /[^<&\]\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]*/y;

export function endOfRun(pattern: RegExp, s: string, i: number): number {
  pattern.lastIndex = i;
  pattern.test(s);
  return pattern.lastIndex;
}

/** Above this many attributes on one element, duplicates are found with a Set instead of by comparing. */
const attributesComparedPairwise = 8;

/**
 * Whether a string occurs twice among every `step`th entry of `list` (2 for the names of a flat
 * name/value list). Compares pairwise when short and uses a Set when long, so an element with
 * thousands of attributes stays linear.
 */
export function hasDuplicate(list: readonly string[], step: 1 | 2): boolean {
  const count = list.length / step;
  if (count <= attributesComparedPairwise) {
    for (let a = 0; a < list.length; a += step) for (let b = a + step; b < list.length; b += step) if (list[a] === list[b]) return true;
    return false;
  }
  const seen = new Set<string>();
  for (let a = 0; a < list.length; a += step) {
    const name = list[a] as string;
    if (seen.has(name)) return true;
    seen.add(name);
  }
  return false;
}

export function decimalDigit(c: number): number {
  return c >= 0x30 && c <= 0x39 ? c - 0x30 : decline;
}

/** The EncName production: a letter, then letters, digits, `.`, `_` or `-`. */
export function isEncodingName(value: string): boolean {
  if (!isAsciiLetter(value.charCodeAt(0))) return false;
  for (let i = 1; i < value.length; i++) if (!isNameChar(value.charCodeAt(i))) return false;
  return true;
}
