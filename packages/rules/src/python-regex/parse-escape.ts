import { type AssertionKind, type CategoryName } from './regex-ast';
import { isAsciiLetter, isDigit, isHex, isOctal, type PatternReader } from './pattern-reader';

export type EscapeResult =
  | { readonly kind: 'char'; readonly cp: number }
  | { readonly kind: 'category'; readonly name: CategoryName }
  | { readonly kind: 'assert'; readonly at: AssertionKind };

const simpleEscapes: Record<string, number> = { a: 0x07, f: 0x0c, n: 0x0a, r: 0x0d, t: 0x09, v: 0x0b, '\\': 0x5c };
const categories = new Set<string>(['d', 'D', 'w', 'W', 's', 'S']);

/**
 * Reads an escape after its backslash, as Python's `sre_parse._escape` (outside a character
 * class) or `_class_escape` (inside one) does, and with the same errors. `start` is the offset
 * of the backslash. Group references are refused: RE2 has no backreferences.
 */
export function parseEscape(reader: PatternReader, start: number, inClass: boolean, openGroups: (n: number) => 'closed' | 'open' | 'none'): EscapeResult {
  const c = reader.next();
  if (c === -1) reader.pythonError(start, '\\', 'a backslash at the end of the pattern escapes nothing (Python: bad escape (end of pattern))');
  const ch = String.fromCodePoint(c);
  const written = () => reader.text(start);

  if (categories.has(ch)) return { kind: 'category', name: ch as CategoryName };
  if (!inClass) {
    if (ch === 'A') return { kind: 'assert', at: 'start' };
    if (ch === 'Z') return { kind: 'assert', at: 'end' };
    if (ch === 'b') return { kind: 'assert', at: 'wordBoundary' };
    if (ch === 'B') return { kind: 'assert', at: 'notWordBoundary' };
  } else if (ch === 'b') {
    return { kind: 'char', cp: 0x08 };
  }
  if (ch in simpleEscapes) return { kind: 'char', cp: simpleEscapes[ch] };

  if (ch === 'x' || ch === 'u' || ch === 'U') {
    const width = ch === 'x' ? 2 : ch === 'u' ? 4 : 8;
    const digits = reader.takeWhile(width, isHex);
    if (digits.length !== width) reader.pythonError(start, written(), `incomplete escape ${written()}: \\${ch} takes exactly ${width} hex digits`);
    const cp = parseInt(digits, 16);
    if (cp > 0x10ffff) reader.pythonError(start, written(), `bad escape ${written()}: beyond the last Unicode code point`);
    return { kind: 'char', cp: checkUsable(reader, start, written(), cp) };
  }
  if (ch === 'N') {
    reader.unsupported(start, '\\N{…}', 'named Unicode characters (\\N{…}) are not supported; write the character itself or its \\uXXXX escape');
  }
  if (inClass) {
    if (isOctal(c)) {
      const value = parseInt(ch + reader.takeWhile(2, isOctal), 8);
      if (value > 0o377) reader.pythonError(start, written(), `octal escape value ${written()} outside of range 0-0o377`);
      return { kind: 'char', cp: value };
    }
    if (isDigit(c)) reader.pythonError(start, written(), `bad escape ${written()}`);
  } else {
    if (ch === '0') return { kind: 'char', cp: parseInt(ch + reader.takeWhile(2, isOctal), 8) };
    if (isDigit(c)) {
      if (isDigit(reader.peek())) {
        const second = reader.next();
        if (isOctal(c) && isOctal(second) && isOctal(reader.peek())) {
          reader.next();
          const value = parseInt(written().slice(1), 8);
          if (value > 0o377) reader.pythonError(start, written(), `octal escape value ${written()} outside of range 0-0o377`);
          return { kind: 'char', cp: value };
        }
      }
      const group = parseInt(written().slice(1), 10);
      const state = openGroups(group);
      if (state === 'none') reader.pythonError(start, written(), `invalid group reference ${group}: there is no group ${group} before it`);
      if (state === 'open') reader.pythonError(start, written(), `cannot refer to an open group (${written()})`);
      reader.unsupported(
        start,
        written(),
        `backreference ${written()} matches the text group ${group} matched; RE2 cannot do that in linear time. List the alternatives explicitly instead`,
      );
    }
  }
  if (isAsciiLetter(c)) reader.pythonError(start, written(), `bad escape ${written()}: Python gives no meaning to \\${ch}`);
  return { kind: 'char', cp: checkUsable(reader, start, written(), c) };
}

function checkUsable(reader: PatternReader, start: number, written: string, cp: number): number {
  if (cp >= 0xd800 && cp <= 0xdfff) {
    reader.unsupported(start, written, `${written} is a lone UTF-16 surrogate, which no alias can contain and RE2 cannot represent`);
  }
  return cp;
}
