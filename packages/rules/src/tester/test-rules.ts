import type RE2 from 're2';
import { normaliseAlias, type RuleMatchContext } from '@herald/core';
import { type CompiledRule } from '../compiled-rule';
import { compileRe2, prefixMatchSource } from '../python-regex/translate-python-regex';
import { expandTemplate } from '../replace-template';
import { type RuleIndex } from '../rule-index';

/** How one rule's regex relates to one alias, as the platform's regex tester reports it. */
export type RuleMatchKind = 'full' | 'partial' | 'none' | 'refused';

export interface RuleTestRow {
  readonly rule: string;
  readonly priority: number;
  /** `full`: the whole alias matches; `partial`: only a prefix does (Python's `re.match`); `refused`: the regex cannot be used. */
  readonly match: RuleMatchKind;
  /** The text matched: the whole subject, or the prefix for a partial match. */
  readonly matched?: string;
  readonly groups?: readonly (string | undefined)[];
  readonly namedGroups?: Readonly<Record<string, string | undefined>>;
  /** The subject after the replace string, for full matches. */
  readonly replacedAlias?: string;
  /** Why the rule does not apply to the request (disabled, no MS-SIP, location…), if it does not. */
  readonly skipped?: string;
}

export interface AliasTestResult {
  readonly input: string;
  /** The normalised alias; undefined when the input is not an alias. */
  readonly presentity?: string;
  readonly error?: string;
  /** Whether a watcher would see presence: a service has the alias, or a rule wins. */
  readonly found: boolean;
  /** The enabled service owning the alias, which takes precedence over every rule. */
  readonly service?: string;
  readonly winner?: { readonly rule: string; readonly priority: number; readonly replacedAlias: string; readonly groups: readonly (string | undefined)[] };
  readonly rules: readonly RuleTestRow[];
  readonly trace: readonly string[];
}

/**
 * Tests aliases against every rule: full, partial or no match per rule, with groups and the
 * replaced alias, and which rule wins for the given request context. Pure apart from compiling
 * each rule's prefix pattern once per call.
 */
export function testAliases(index: RuleIndex, inputs: readonly string[], context: RuleMatchContext, serviceFor: (key: string) => string | undefined = () => undefined): AliasTestResult[] {
  const prefixes = new Map<CompiledRule, RE2 | undefined>();
  return inputs.map((input) => {
    const parsed = normaliseAlias(input);
    if (!parsed.ok) return { input, error: `not an alias: it is ${parsed.reason}`, found: false, rules: [], trace: [] };
    const alias = parsed.alias;
    const service = serviceFor(alias.key);
    const evaluation = index.evaluate(alias, context);
    const full = new Set(index.matchingRules(alias));
    const rows = index.rules.map((rule) => row(rule, rule.subject(alias), full.has(rule.order), context, prefixes));
    const match = evaluation.match;
    return {
      input,
      presentity: alias.key,
      found: service !== undefined || match !== undefined,
      ...(service === undefined ? {} : { service }),
      ...(match === undefined ? {} : { winner: { rule: match.rule.name, priority: match.rule.priority, replacedAlias: match.replacedAlias, groups: match.groups } }),
      rules: rows,
      trace: evaluation.trace,
    };
  });
}

function row(rule: CompiledRule, subject: string, fullyMatches: boolean, context: RuleMatchContext, prefixes: Map<CompiledRule, RE2 | undefined>): RuleTestRow {
  const base = { rule: rule.rule.name, priority: rule.rule.priority };
  const skipped = rule.skipReason(context);
  const skip = skipped === undefined ? {} : { skipped };
  if (rule.translation === undefined || (rule.unusable !== undefined && rule.exact() === undefined)) return { ...base, match: 'refused', ...skip };
  if (fullyMatches) {
    const found = rule.fullMatch(subject);
    if (found !== undefined) {
      const groups = Array.from(found, (g) => g ?? undefined);
      const namedGroups: Record<string, string | undefined> = {};
      for (const [name, i] of rule.translation.parsed.groupNames) namedGroups[name] = groups[i];
      const replacedAlias = rule.rule.replaceString === '' || rule.template === undefined ? subject : expandTemplate(rule.template, groups);
      return { ...base, match: 'full', matched: subject, groups, namedGroups, replacedAlias, ...skip };
    }
  }
  let prefix = prefixes.get(rule);
  if (!prefixes.has(rule)) {
    prefix = compileRe2(prefixMatchSource(rule.translation));
    prefixes.set(rule, prefix);
  }
  const partial = prefix?.exec(subject);
  if (partial !== null && partial !== undefined) {
    const groups = Array.from(partial, (g) => g ?? undefined);
    return { ...base, match: 'partial', matched: partial[0], groups, ...skip };
  }
  return { ...base, match: 'none', ...skip };
}
