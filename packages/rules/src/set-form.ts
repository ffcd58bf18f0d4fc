import { emitRe2 } from './python-regex/emit-re2';
import { type AssertionKind, type RegexNode } from './python-regex/regex-ast';
import { containsAssertion } from './python-regex/regex-facts';

/**
 * The form in which a rule's pattern goes into an RE2.Set: the literal characters the prefix
 * trie has already compared removed from its start, then reversed, to be matched against the
 * rest of the subject read backwards.
 *
 * Why reversed: an RE2.Set's DFA has a state per set of patterns still alive. Dial plans put
 * what tells rules apart first (`london8-room…`, `1042…`, `meet.user7…`) and a shape shared by
 * thousands of rules last (`-room\d\d\d@vc\.example\.com`). Read forwards, every character after
 * the distinguishing part walks states that belong to one rule alone; with 10,000 rules those
 * states are never in the CPU cache, and a hit cost ~3.5 µs of cache misses. Read backwards, the
 * shared shape is walked first through states every lookup of that shape uses (so they stay
 * cached), and only the last few characters are rule-specific. Why prefix-stripped: those last
 * characters are exactly the literal prefix the trie routed by, so the Set need not read them.
 * Rules without a literal start are routed by their literal end instead, which is removed the
 * same way (prefix-trie.ts).
 *
 * Both steps keep the language exact: a full match of `P` on `s` is a full match of
 * `reverse(P)` on `reverse(s)`, and removing `d` literal characters the trie compared (see
 * `stripLiteralPrefix`) leaves a pattern that fully matches `s[d..]` exactly when `P` fully
 * matches `s`.
 */
export function setSource(root: RegexNode, skip: number, skipEnd = 0): string | undefined {
  const rest = skip === 0 ? root : stripLiteralPrefix(root, skip);
  if (rest === undefined) return undefined;
  // The last characters are the first ones of the reversed pattern: the same removal applies.
  const reversed = skipEnd === 0 ? reverseRegex(rest) : stripLiteralPrefix(reverseRegex(rest), skipEnd);
  return reversed === undefined ? undefined : `(?i)${emitRe2(reversed, 'prefilter')}`;
}

/** The Set form of a whole pattern (nothing removed). */
export function wholeSetSource(root: RegexNode): string {
  return `(?i)${emitRe2(reverseRegex(root), 'prefilter')}`;
}

/** The pattern that matches the reversed strings: sequences reversed, start and end anchors swapped. */
export function reverseRegex(node: RegexNode): RegexNode {
  switch (node.kind) {
    case 'concat':
      return { kind: 'concat', items: node.items.map(reverseRegex).reverse() };
    case 'alt':
      return { kind: 'alt', items: node.items.map(reverseRegex) };
    case 'group':
      return { ...node, child: reverseRegex(node.child) };
    case 'repeat':
      return { ...node, child: reverseRegex(node.child) };
    case 'assert':
      switch (node.at) {
        case 'start':
          return { ...node, at: 'end' };
        // `$` is emitted as an end-of-text anchor (see emit-re2.ts), so it reverses to `\A`.
        case 'end':
        case 'endOrFinalNewline':
          return { ...node, at: 'start' };
        case 'lineStart':
          return { ...node, at: 'lineEnd' };
        case 'lineEnd':
          return { ...node, at: 'lineStart' };
        default:
          // \b and \B look at both neighbours: symmetric.
          return node;
      }
    default:
      return node;
  }
}

/**
 * `root` without the first `count` characters that `requiredPrefix` (prefix-trie.ts) reads from
 * it, or undefined when they cannot be removed without changing what the rest matches.
 *
 * A removed character must match exactly the subject characters whose folded key the trie
 * compared: an ASCII character matched case-insensitively (`k` also matches the Kelvin sign,
 * which `foldChar` folds to `k`) or one without case (digits, `.`, `@`). A case-sensitive letter
 * is compared folded by the trie, so it cannot be removed. The rest must not contain an
 * assertion that looks at the character before it (`^`, `\A`, `\b`, `\B`), because the Set no
 * longer sees that character; a leading `^` or `\A` itself holds at the start of any full match
 * and goes with the prefix. A repetition stops the removal (its first copy cannot be cut off).
 */
export function stripLiteralPrefix(root: RegexNode, count: number): RegexNode | undefined {
  let left = count;
  let removedChar = false;
  const strip = (node: RegexNode): RegexNode | undefined => {
    if (left === 0) return node;
    switch (node.kind) {
      case 'char':
        if (node.cp >= 0x80 || (!node.ignoreCase && isCasedAscii(node.cp))) return undefined;
        left--;
        removedChar = true;
        return { kind: 'empty' };
      case 'assert':
        // Only a start anchor before every removed character is implied by the full match.
        return node.at === 'start' && !removedChar ? { kind: 'empty' } : undefined;
      case 'group': {
        const child = strip(node.child);
        return child === undefined ? undefined : { ...node, child };
      }
      case 'concat': {
        const items: RegexNode[] = [];
        for (const item of node.items) {
          const rest = strip(item);
          if (rest === undefined) return undefined;
          if (rest.kind !== 'empty') items.push(rest);
        }
        return { kind: 'concat', items };
      }
      default:
        return undefined;
    }
  };
  const rest = strip(root);
  return left === 0 && rest !== undefined && !containsAssertion(rest, looksBehind) ? rest : undefined;
}

/** Assertions that look at the character before their position. */
const looksBehind = (at: AssertionKind) => at === 'start' || at === 'lineStart' || at === 'wordBoundary' || at === 'notWordBoundary';

function isCasedAscii(cp: number): boolean {
  return (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
}
