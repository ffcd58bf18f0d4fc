import { type CategoryName, type ClassItem, type RegexNode, type RegexRejection } from './regex-ast';

/**
 * Writes RE2 syntax for a parsed Python pattern.
 *
 * `exact` keeps Python's meaning for `str` patterns: `\d` is any Unicode decimal digit (Nd),
 * `\w` any letter, number or `_`, `\s` exactly the characters `str.isspace()` accepts, and
 * case-insensitive matching adds the equivalences Python adds beyond Unicode case folding
 * (`i`/`ı`/`İ` and a few Greek and ligature pairs). Two places cannot follow Python exactly:
 * `\b`/`\B` use RE2's ASCII word boundary, and `$` (which in Python also matches before a final
 * line break) becomes an end-of-text anchor; aliases never contain line breaks, and only aliases
 * with non-ASCII letters next to a `\b` could tell the difference.
 *
 * `prefilter` is a cheaper superset for the RE2.Set index: the Unicode classes become their
 * ASCII part plus "any non-ASCII character", which keeps the Set's program small (RE2's memory
 * budget per Set is fixed at 8 MiB by the binding). Its candidates are confirmed by the exact
 * pattern, which also yields the groups.
 */
export type EmitMode = 'exact' | 'prefilter';

const anyNonAscii = '(?-i:[\\x{80}-\\x{10FFFF}])';
/** Python's `str.isspace()` characters: what `\s` matches in a `str` pattern. */
export const pythonSpaces: readonly ClassItem[] = [
  [0x09, 0x0d],
  [0x1c, 0x20],
  [0x85, 0x85],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
].map(([lo, hi]) => ({ kind: 'range', lo, hi }));

/**
 * Groups of characters that Python's IGNORECASE treats as one letter but Unicode simple case
 * folding (RE2) does not (from `sre_compile._equivalences`, with the upper-case forms whose
 * lower case is in the group).
 */
const pythonCaseExtras: readonly (readonly number[])[] = [
  [0x69, 0x49, 0x131, 0x130],
  [0x390, 0x1fd3],
  [0x3b0, 0x1fe3],
  [0xfb05, 0xfb06],
];

export class EmitRejection extends Error {
  constructor(readonly rejection: RegexRejection) {
    super(rejection.reason);
  }
}

/** RE2 source for `node`, unanchored; the caller adds `(?i)` and anchors. */
export function emitRe2(node: RegexNode, mode: EmitMode): string {
  return new Emitter(mode).emit(node);
}

class Emitter {
  constructor(private readonly mode: EmitMode) {}

  emit(node: RegexNode): string {
    switch (node.kind) {
      case 'empty':
        return '(?:)';
      case 'char':
        return this.char(node.cp, node.ignoreCase);
      case 'any':
        return node.dotAll ? '(?s:.)' : '[^\\n]';
      case 'class':
        return this.charClass(node.items, node.negated, node.ignoreCase, node.pos);
      case 'assert':
        return assertion(node.at);
      case 'group':
        return node.index === undefined ? `(?:${this.emit(node.child)})` : `(${this.emit(node.child)})`;
      case 'concat':
        return node.items.map((item) => this.emit(item)).join('');
      case 'alt':
        return node.items.map((item) => this.emit(item)).join('|');
      case 'repeat':
        return this.repeat(node);
    }
  }

  private repeat(node: Extract<RegexNode, { kind: 'repeat' }>): string {
    const { min, max } = node;
    if (min > 1000 || (max !== Infinity && max > 1000)) {
      throw new EmitRejection({
        construct: `{${min},${max === Infinity ? '' : max}}`,
        position: node.pos,
        reason: 'a repetition count above 1000 is more than RE2 allows; use + or * or a smaller count',
        pythonError: false,
      });
    }
    const quantifier =
      min === 0 && max === Infinity ? '*' : min === 1 && max === Infinity ? '+' : min === 0 && max === 1 ? '?' : max === Infinity ? `{${min},}` : min === max ? `{${min}}` : `{${min},${max}}`;
    // Python applies a quantifier to a single item; wrap it so RE2 does the same.
    return `(?:${this.emit(node.child)})${quantifier}${node.greedy ? '' : '?'}`;
  }

  private char(cp: number, ignoreCase: boolean): string {
    if (ignoreCase) {
      const extra = pythonCaseExtras.find((group) => group.includes(cp));
      if (extra !== undefined) return `[${extra.map(literal).join('')}]`;
      return literal(cp);
    }
    return isCased(cp) ? `(?-i:${literal(cp)})` : literal(cp);
  }

  private charClass(items: readonly ClassItem[], negated: boolean, ignoreCase: boolean, pos: number): string {
    const parts: string[] = [];
    const alternatives: string[] = [];
    const ranges: ClassItem[] = [];
    const explicit = items.filter((item) => item.kind === 'range');
    for (const item of items) {
      if (item.kind === 'range') ranges.push(item);
      else if (this.mode === 'prefilter') {
        // A superset: the ASCII part, plus every non-ASCII character unless negated. The
        // non-ASCII part is matched case-sensitively: folded, it would add the ASCII letters
        // k and s (from the Kelvin sign and the long s), and the Set form must equal the exact
        // one on ASCII aliases, which are then not checked again.
        ranges.push(...asciiPart(item.name));
        if (!negated && !alternatives.includes(anyNonAscii)) alternatives.push(anyNonAscii);
      } else if (item.name === 'd') parts.push('\\p{Nd}');
      else if (item.name === 'D') parts.push('\\P{Nd}');
      else if (item.name === 'w') parts.push('\\p{L}\\p{N}_');
      else if (item.name === 's') ranges.push(...pythonSpaces);
      else if (item.name === 'S') ranges.push(...complement(pythonSpaces));
      else if (negated) {
        throw new EmitRejection({
          construct: '\\W',
          position: pos,
          reason: 'a negated class that contains \\W (like [^\\W\\d]) cannot be written in RE2 syntax; list the characters it should match, e.g. [a-z] for letters',
          pythonError: false,
        });
      } else alternatives.push('[^\\p{L}\\p{N}_]');
    }
    if (ignoreCase) {
      // Python's extra equivalences apply to characters the class names; the wide ranges that
      // stand in for \\d, \\w… already hold every non-ASCII member.
      const covers = (cp: number) => ranges.some((r) => r.kind === 'range' && cp >= r.lo && cp <= r.hi);
      const named = (cp: number) => explicit.some((r) => r.kind === 'range' && cp >= r.lo && cp <= r.hi);
      for (const group of pythonCaseExtras) {
        if (!group.some(named)) continue;
        for (const cp of group.filter((member) => !covers(member))) ranges.push({ kind: 'range', lo: cp, hi: cp });
      }
    }
    for (const r of ranges) if (r.kind === 'range') parts.push(r.lo === r.hi ? literal(r.lo) : `${literal(r.lo)}-${literal(r.hi)}`);
    let body = parts.length === 0 ? '' : `[${negated ? '^' : ''}${parts.join('')}]`;
    if (parts.length === 0) body = negated ? '(?s:.)' : '';
    const cased = ignoreCase ? body : `(?-i:${body})`;
    if (alternatives.length === 0) return body === '' ? '[^\\x00-\\x{10FFFF}]' : cased;
    return `(?:${[...(body === '' ? [] : [cased]), ...alternatives].join('|')})`;
  }
}

function assertion(at: string): string {
  switch (at) {
    case 'start':
      return '\\A';
    case 'end':
    case 'endOrFinalNewline':
      return '\\z';
    case 'lineStart':
      return '(?m:^)';
    case 'lineEnd':
      return '(?m:$)';
    case 'wordBoundary':
      return '\\b';
    default:
      return '\\B';
  }
}

function asciiPart(name: CategoryName): ClassItem[] {
  const r = (lo: number, hi: number): ClassItem => ({ kind: 'range', lo, hi });
  switch (name) {
    case 'd':
      return [r(0x30, 0x39)];
    case 'D':
      return [r(0, 0x2f), r(0x3a, 0x7f)];
    case 'w':
      return [r(0x30, 0x39), r(0x41, 0x5a), r(0x5f, 0x5f), r(0x61, 0x7a)];
    case 'W':
      return [r(0, 0x2f), r(0x3a, 0x40), r(0x5b, 0x5e), r(0x60, 0x60), r(0x7b, 0x7f)];
    case 's':
      return [r(0x09, 0x0d), r(0x1c, 0x20)];
    case 'S':
      return [r(0, 0x08), r(0x0e, 0x1b), r(0x21, 0x7f)];
  }
}

function complement(ranges: readonly ClassItem[]): ClassItem[] {
  const out: ClassItem[] = [];
  let next = 0;
  for (const r of ranges) {
    if (r.kind !== 'range') continue;
    if (r.lo > next) out.push({ kind: 'range', lo: next, hi: r.lo - 1 });
    next = r.hi + 1;
  }
  if (next <= 0x10ffff) out.push({ kind: 'range', lo: next, hi: 0x10ffff });
  return out;
}

/** A code point as RE2 source: ASCII letters and digits as they are, everything else escaped. */
function literal(cp: number): string {
  if ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)) return String.fromCharCode(cp);
  return `\\x{${cp.toString(16).toUpperCase()}}`;
}

function isCased(cp: number): boolean {
  const c = String.fromCodePoint(cp);
  return c.toLowerCase() !== c.toUpperCase();
}
