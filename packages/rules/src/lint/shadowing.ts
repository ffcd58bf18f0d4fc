import { type CompiledRule } from '../compiled-rule';
import { type RegexNode } from '../python-regex/regex-ast';
import { type RuleIndex } from '../rule-index';
import { canMatchSomeAlias, enumerate, witness } from './pattern-reach';
import { acceptsEveryAliasChar, literalPrefix, literalSuffix, minLength, topLevelItems } from './pattern-shape';

/** Candidate shadowers examined per rule, to bound the linter's work on large rule sets. */
const maxCandidates = 50;

/**
 * A rule tried earlier that matches every alias `rule` matches and applies to every request it
 * applies to, so `rule` never wins; undefined when none is found. Exact when `rule`'s language
 * is small and finite (a literal alias, `room[12]`), or when the earlier rule is a literal
 * prefix and/or suffix around a catch-all (`london-.*`, `.+@vc\.example\.com`, `.*`).
 *
 * Candidates come from one index pass over a witness string of `rule`: only rules matching
 * that string can contain its whole language.
 */
export function findShadower(index: RuleIndex, rule: CompiledRule): CompiledRule | undefined {
  if (!givesPresence(rule) || rule.translation === undefined) return undefined;
  const root = rule.translation.parsed.root;
  const kind = rule.rule.matchStringFull ? 'full' : 'key';
  if (!canMatchSomeAlias(root, kind)) return undefined;
  const sample = witness(root);
  if (rule.fullMatch(sample) === undefined) return undefined;
  const members = enumerate(root);
  const candidates = index.matchingRules({ key: sample, full: sample }).filter((order) => order < rule.order);
  for (const order of candidates.slice(0, maxCandidates)) {
    const earlier = index.rules[order];
    if (!givesPresence(earlier) || earlier.rule.matchStringFull !== rule.rule.matchStringFull) continue;
    const location = earlier.rule.sourceLocation;
    if (location !== undefined && location !== rule.rule.sourceLocation) continue;
    if (members !== undefined ? members.every((s) => earlier.fullMatch(s) !== undefined) : coversByAffixes(earlier, root)) return earlier;
  }
  return undefined;
}

/** Could give presence to an MS-SIP request at all. */
function givesPresence(rule: CompiledRule): boolean {
  const r = rule.rule;
  return r.enabled && r.matchIncomingCalls && !r.matchIncomingOnlyIfRegistered && r.incomingProtocols.mssip && rule.unusable === undefined;
}

/**
 * True when `earlier` is a prefix, a catch-all repetition, then a suffix (plain characters or
 * `.`), and every string of `root` starts and ends with text those accept and is long enough.
 */
function coversByAffixes(earlier: CompiledRule, root: RegexNode): boolean {
  const items = topLevelItems(earlier.translation?.parsed.root ?? { kind: 'empty' });
  const wild = items.findIndex((item) => item.kind === 'repeat' && item.max === Infinity && acceptsEveryAliasChar(item.child));
  const repeat = items[wild];
  if (repeat === undefined || repeat.kind !== 'repeat') return false;
  const affix = (list: readonly RegexNode[]) => list.filter((n) => n.kind !== 'assert' || (n.at !== 'start' && n.at !== 'end' && n.at !== 'endOrFinalNewline'));
  const before = affix(items.slice(0, wild));
  const after = affix(items.slice(wild + 1));
  const ruleItems = topLevelItems(root);
  const prefix = literalPrefix(ruleItems);
  const suffix = literalSuffix(ruleItems);
  if (before.length > prefix.length || after.length > suffix.length) return false;
  const accepts = (node: RegexNode, c: string) => node.kind === 'any' || (node.kind === 'char' && node.ignoreCase && String.fromCodePoint(node.cp).toLowerCase() === c);
  if (!before.every((node, i) => accepts(node, prefix[i]))) return false;
  if (!after.every((node, i) => accepts(node, suffix[suffix.length - after.length + i]))) return false;
  return minLength(root) >= before.length + after.length + repeat.min * minLength(repeat.child);
}
