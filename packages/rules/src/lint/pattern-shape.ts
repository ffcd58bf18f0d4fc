import { type ClassItem, type RegexNode } from '../python-regex/regex-ast';

/**
 * Facts about a parsed pattern that the linter reasons with. Aliases are `user@host` (or a full
 * URI), never contain whitespace or control characters, and the normalised alias is lower-case.
 */

/** Whether a code point can occur in an alias matched against `key` (or `full`) subjects. */
export function aliasCanContain(cp: number, caseSensitive: boolean, subject: 'key' | 'full'): boolean {
  if (cp <= 0x20 || cp === 0x7f || (cp >= 0x80 && cp <= 0xa0) || cp === 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x2028 || cp === 0x2029 || cp === 0x3000) return false;
  if (caseSensitive && subject === 'key' && cp >= 0x41 && cp <= 0x5a) return false;
  return true;
}

const probes = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@+*#!~:;=/?%&$,', 'é', 'ß', '٣'].map((c) => c.codePointAt(0) ?? 0);

/** Membership of one code point in a class, with Python's category meanings (ASCII-exact). */
export function classContains(items: readonly ClassItem[], negated: boolean, cp: number, ignoreCase: boolean): boolean {
  const variants = ignoreCase ? [cp, ...caseVariants(cp)] : [cp];
  const inItems = variants.some((v) => items.some((item) => (item.kind === 'range' ? v >= item.lo && v <= item.hi : inCategory(item.name, v))));
  return negated ? !inItems : inItems;
}

function caseVariants(cp: number): number[] {
  const c = String.fromCodePoint(cp);
  return [c.toLowerCase(), c.toUpperCase()].filter((v) => [...v].length === 1).map((v) => v.codePointAt(0) ?? cp);
}

function inCategory(name: string, cp: number): boolean {
  const c = String.fromCodePoint(cp);
  const word = /[\p{L}\p{N}_]/u.test(c);
  const digit = /\p{Nd}/u.test(c);
  const space = /\s/u.test(c) || (cp >= 0x1c && cp <= 0x1f) || cp === 0x85;
  switch (name) {
    case 'd':
      return digit;
    case 'D':
      return !digit;
    case 'w':
      return word;
    case 'W':
      return !word;
    case 's':
      return space;
    default:
      return !space;
  }
}

/** Whether a single-character node can consume some character an alias can contain. */
export function canConsume(node: RegexNode, subject: 'key' | 'full'): boolean {
  if (node.kind === 'any') return true;
  if (node.kind === 'char') return aliasCanContain(node.cp, !node.ignoreCase, subject);
  if (node.kind === 'class') return probes.some((cp) => aliasCanContain(cp, !node.ignoreCase, subject) && classContains(node.items, node.negated, cp, node.ignoreCase));
  return false;
}

/**
 * "Wide" atoms accept (nearly) any character an alias has: `.`, negated classes (`[^@]`,
 * `\S`, `\W`), or a class holding every ASCII letter and digit (`\w`, `[a-z0-9]`). Repeated
 * without bound, they let a typo match.
 */
export function isWide(node: RegexNode): boolean {
  if (node.kind === 'any') return true;
  if (node.kind === 'group') return isWide(node.child);
  if (node.kind === 'alt') return node.items.some(isWide);
  if (node.kind !== 'class') return false;
  if (node.negated) return true;
  if (node.items.some((i) => i.kind === 'category' && (i.name === 'S' || i.name === 'W' || i.name === 'D'))) return true;
  const letters = [...'abcdefghijklmnopqrstuvwxyz'].every((c) => classContains(node.items, false, c.codePointAt(0) ?? 0, true));
  const digits = [...'0123456789'].every((c) => classContains(node.items, false, c.codePointAt(0) ?? 0, true));
  return letters && digits;
}

/** Accepts every alias character: `.` or a negated class excluding nothing an alias holds. */
export function acceptsEveryAliasChar(node: RegexNode): boolean {
  if (node.kind === 'any') return true;
  if (node.kind === 'group') return acceptsEveryAliasChar(node.child);
  if (node.kind !== 'class') return false;
  return probes.every((cp) => !aliasCanContain(cp, false, 'full') || classContains(node.items, node.negated, cp, true));
}

/** The top-level items of a pattern, looking through groups that wrap the whole pattern. */
export function topLevelItems(root: RegexNode): readonly RegexNode[] {
  let node = root;
  while (node.kind === 'group') node = node.child;
  if (node.kind === 'concat') return node.items;
  return [node];
}

/** Case-folded literal text the pattern's strings all start with (only plain characters). */
export function literalPrefix(items: readonly RegexNode[]): string {
  let out = '';
  for (const item of items) {
    if (item.kind === 'assert' && item.at === 'start') continue;
    if (item.kind !== 'char') break;
    out += String.fromCodePoint(item.cp).toLowerCase();
  }
  return out;
}

/** Case-folded literal text the pattern's strings all end with. */
export function literalSuffix(items: readonly RegexNode[]): string {
  let out = '';
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item.kind === 'assert' && (item.at === 'end' || item.at === 'endOrFinalNewline')) continue;
    if (item.kind !== 'char') break;
    out = String.fromCodePoint(item.cp).toLowerCase() + out;
  }
  return out;
}

/** The shortest length of a string the node matches (assertions ignored). */
export function minLength(node: RegexNode): number {
  switch (node.kind) {
    case 'char':
    case 'any':
    case 'class':
      return 1;
    case 'group':
      return minLength(node.child);
    case 'concat':
      return node.items.reduce((sum, item) => sum + minLength(item), 0);
    case 'alt':
      return Math.min(...node.items.map(minLength));
    case 'repeat':
      return node.min * minLength(node.child);
    default:
      return 0;
  }
}
