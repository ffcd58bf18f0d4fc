import { type CompiledRule } from './compiled-rule';
import { type RegexNode } from './python-regex/regex-ast';
import { reverseRegex } from './set-form';
import { buildShards, type SetShard, type SubjectKind } from './set-shard';

/**
 * Splits a large rule set by the literal text its patterns must start with, so a lookup
 * consults only the RE2.Sets whose rules could match the alias's first characters.
 *
 * Why: node-re2 fixes each Set's memory at 8 MiB, so 10,000 rules need ~20 Sets, and running
 * all of them for every alias costs ~15 µs, mostly in cache misses. Dial plans mostly start
 * with literal text (`london-`, `meet.`, an extension prefix), so a trie over those prefixes
 * leaves one to three small Sets per lookup. Rules without a literal start (`.+@tenant7\.…`)
 * are split the same way by the literal text they end with, walking the alias from its end;
 * only rules with neither are consulted for every alias. It is sound: a rule whose pattern
 * starts with `p` can only match an alias whose folded start is `p` (see `foldChar`), and
 * likewise for ends. The Sets of a node at depth d do not read the d characters the walk
 * compared, when that is exact (set-form.ts).
 */
export interface TrieNode {
  readonly shards: readonly SetShard[];
  readonly children: ReadonlyMap<string, TrieNode>;
  /**
   * When more rules than fit one Set end their literal prefix here (at the root: rules that
   * start with a class or a wildcard, like `.+@tenant7\.example\.com`), a trie over their
   * literal ends, walked from the subject's last character, routes among them the same way.
   */
  readonly byEnd?: TrieNode;
}

/** Longest literal prefix used for splitting. */
const maxDepth = 24;

/**
 * The case-folded key of a subject character, or undefined when it has none (then the walk
 * stops). Case-insensitive matching lets `k` match the Kelvin sign, `s` the long s, and `i`
 * the dotless and dotted i (Python's rule), so those fold to their ASCII letter.
 */
export function foldChar(c: string): string | undefined {
  const code = c.charCodeAt(0);
  if (code < 0x80) return code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 0x20) : c;
  if (c === '\u212a') return 'k';
  if (c === '\u017f') return 's';
  if (c === '\u0131' || c === '\u0130') return 'i';
  return undefined;
}

/** The folded literal text every string of the pattern starts with (ASCII only). */
export function requiredPrefix(root: RegexNode): string {
  let out = '';
  const walk = (node: RegexNode): boolean => {
    switch (node.kind) {
      case 'char': {
        if (node.cp >= 0x80) return false;
        out += foldChar(String.fromCharCode(node.cp)) ?? '';
        return out.length < maxDepth;
      }
      case 'assert':
        return node.at === 'start' || node.at === 'wordBoundary' || node.at === 'notWordBoundary';
      case 'group':
        return walk(node.child);
      case 'concat':
        for (const item of node.items) if (!walk(item)) return false;
        return true;
      case 'repeat':
        // `x{2,}` starts with `x`, but walking on would be wrong: stop after one copy.
        if (node.min >= 1) walk(node.child);
        return false;
      default:
        return false;
    }
  };
  walk(root);
  return out;
}

/**
 * The trie over `rules`' literal prefixes; a node is split while it holds more than `perShard`
 * rules. The Sets of a node at depth d do not read the d characters that led there (set-form.ts).
 */
export function buildTrie(rules: readonly CompiledRule[], kind: SubjectKind, perShard: number): TrieNode {
  const keyed = rules.map((rule) => ({ rule, key: rule.translation === undefined ? '' : requiredPrefix(rule.translation.parsed.root) }));
  return build(keyed, { kind, perShard, fromEnd: false, skip: 0 }, 0);
}

interface Side {
  readonly kind: SubjectKind;
  readonly perShard: number;
  /** Whether this trie is over literal ends (read from the subject's last character). */
  readonly fromEnd: boolean;
  /** For a trie over ends: the depth of the prefix-trie node it hangs from. */
  readonly skip: number;
}

function build(rules: readonly { rule: CompiledRule; key: string }[], side: Side, depth: number): TrieNode {
  const shardsOf = (list: readonly CompiledRule[]) =>
    side.fromEnd ? buildShards(list, side.kind, side.skip, depth, side.perShard) : buildShards(list, side.kind, depth, 0, side.perShard);
  if (rules.length <= side.perShard || depth >= maxDepth) return { shards: shardsOf(rules.map((r) => r.rule)), children: new Map() };
  const here: CompiledRule[] = [];
  const below = new Map<string, { rule: CompiledRule; key: string }[]>();
  for (const entry of rules) {
    if (entry.key.length <= depth) here.push(entry.rule);
    else {
      const key = entry.key[depth];
      let list = below.get(key);
      if (list === undefined) below.set(key, (list = []));
      list.push(entry);
    }
  }
  const children = new Map<string, TrieNode>();
  for (const [key, list] of below) children.set(key, build(list, side, depth + 1));
  if (side.fromEnd || here.length <= side.perShard) return { shards: shardsOf(here), children };
  const ends = here.map((rule) => ({ rule, key: rule.translation === undefined ? '' : requiredPrefix(reverseRegex(rule.translation.parsed.root)) }));
  return { shards: [], children, byEnd: build(ends, { ...side, fromEnd: true, skip: depth }, 0) };
}

/**
 * Writes the shards whose rules could match `subject` into `into` from index `count` on,
 * walking its folded characters; returns the new count.
 */
export function collectShards(root: TrieNode, subject: string, into: SetShard[], count: number): number {
  let node: TrieNode | undefined = root;
  for (let i = 0; node !== undefined; i++) {
    for (let s = 0; s < node.shards.length; s++) into[count++] = node.shards[s];
    if (node.byEnd !== undefined) count = collectFromEnd(node.byEnd, subject, into, count);
    if (i >= subject.length || node.children.size === 0) break;
    const key = foldChar(subject[i]);
    node = key === undefined ? undefined : node.children.get(key);
  }
  return count;
}

function collectFromEnd(root: TrieNode, subject: string, into: SetShard[], count: number): number {
  let node: TrieNode | undefined = root;
  for (let i = 0; node !== undefined; i++) {
    for (let s = 0; s < node.shards.length; s++) into[count++] = node.shards[s];
    if (i >= subject.length || node.children.size === 0) break;
    const key = foldChar(subject[subject.length - 1 - i]);
    node = key === undefined ? undefined : node.children.get(key);
  }
  return count;
}

/** Every shard in the trie, for diagnostics. */
export function allShards(root: TrieNode): SetShard[] {
  const out = [...root.shards, ...(root.byEnd === undefined ? [] : allShards(root.byEnd))];
  for (const child of root.children.values()) out.push(...allShards(child));
  return out;
}
