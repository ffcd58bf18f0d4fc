import { type NormalisedAlias, type RuleMatch, type RuleMatchContext } from '@herald/core';
import { type CompiledRule } from './compiled-rule';

/** Trace lines about individual rules passed over before the winner; the rest are counted. */
export const maxTraceRules = 20;

/** What a lookup found, for its trace. */
export interface LookupOutcome {
  /** The winner's order, or the number of rules when none won. */
  readonly limit: number;
  /** Candidates passed over (skipped, or not confirmed), in the order they were met. */
  readonly passed: readonly number[];
  /** Why passed-over candidates were skipped, by order. */
  readonly outcomes: ReadonlyMap<number, string> | undefined;
  /** The winner, its match, and the subject it matched (all three or none). */
  readonly winner?: CompiledRule;
  readonly match?: RuleMatch;
  readonly subject?: string;
}

/**
 * Writes a lookup's trace: the alias, one line per rule before the winner (at most
 * `maxTraceRules`), a count of the rest, and the winner with its groups.
 *
 * It is on every lookup's path, so it allocates little: the array is made at its final size,
 * and when none of the first rules was a candidate, their lines depend only on the request
 * context and are reused. Allocation matters beyond its own cost: every scavenge pauses the
 * node for about a millisecond (docs/performance.md).
 */
export class RuleTrace {
  private readonly header: string;
  private readonly cache = new Map<string, readonly string[] | undefined>();

  constructor(
    private readonly rules: readonly CompiledRule[],
    version: string,
  ) {
    this.header = `checking ${rules.length} gateway routing rule${rules.length === 1 ? '' : 's'} (rule set ${version}) against '`;
  }

  /** The trace of an alias that is longer than any alias can be. */
  tooLong(alias: NormalisedAlias, maxKey: number, maxFull: number): string[] {
    return [`${this.header}${alias.key}'`, `the alias is longer than ${maxKey} characters (or its URI than ${maxFull}), which no alias can be; not matched`];
  }

  write(alias: NormalisedAlias, context: RuleMatchContext, outcome: LookupOutcome): string[] {
    const { limit, passed, outcomes, winner, match } = outcome;
    const shown = Math.min(limit, maxTraceRules);
    let hidden = 0;
    let early = false;
    for (const order of passed) {
      if (order < shown) early = true;
      else if (order < limit) hidden++;
    }
    const trace = new Array<string>(1 + shown + (limit > shown ? 1 : 0) + (winner === undefined ? 0 : 1));
    let n = 0;
    trace[n++] = `${this.header}${alias.key}'`;
    const cached = early ? undefined : this.unmatchedLines(context);
    for (let order = 0; order < shown; order++) {
      trace[n++] = cached !== undefined ? cached[order] : this.passedOverLine(order, passed.includes(order), outcomes?.get(order), alias, context);
    }
    if (limit > shown) {
      const more = limit - shown;
      trace[n++] =
        `… and ${more} more rule${more === 1 ? '' : 's'} before ${limit === this.rules.length ? 'the end' : 'the winner'} ` +
        (hidden === 0 ? 'did not match' : `(${hidden} of them match${hidden === 1 ? 'es' : ''} but ${hidden === 1 ? 'does' : 'do'} not apply)`);
    }
    if (winner !== undefined && match !== undefined) trace[n++] = `${winner.label} matches '${outcome.subject}': ${describeGroups(winner, match)}`;
    return trace;
  }

  private passedOverLine(order: number, isCandidate: boolean, outcome: string | undefined, alias: NormalisedAlias, context: RuleMatchContext): string {
    const rule = this.rules[order];
    if (isCandidate && outcome !== undefined) {
      const confirmed = rule.translation?.approximate !== true || rule.fullyMatches(rule.subject(alias));
      return rule.line(confirmed ? `matches, but is skipped: ${outcome}` : `skipped: ${outcome}`);
    }
    const skip = rule.skipReason(context);
    return skip !== undefined ? rule.line(`skipped: ${skip}`) : rule.rule.matchStringFull ? `${rule.label} does not match the full URI '${alias.full}'` : rule.line('does not match');
  }

  /**
   * The first `maxTraceRules` lines for a lookup in which none of those rules was a candidate,
   * per request context; undefined when a line names the alias (a match_string_full rule).
   */
  private unmatchedLines(context: RuleMatchContext): readonly string[] | undefined {
    const key = context.location === undefined ? context.protocol : `${context.protocol}@${context.location}`;
    if (this.cache.has(key)) return this.cache.get(key);
    const count = Math.min(this.rules.length, maxTraceRules);
    const none = { key: '', full: '' };
    const lines = this.rules.slice(0, count).some((r) => r.rule.matchStringFull && r.skipReason(context) === undefined)
      ? undefined
      : Array.from({ length: count }, (_, order) => this.passedOverLine(order, false, undefined, none, context));
    // Bounded: contexts are a protocol and the node's location, so there are only a few.
    if (this.cache.size >= 64) this.cache.clear();
    this.cache.set(key, lines);
    return lines;
  }
}

function describeGroups(rule: CompiledRule, match: RuleMatch): string {
  const replaced = !rule.replaces ? 'replace string empty, alias unchanged' : `replaced alias '${match.replacedAlias}'`;
  if (rule.groupCount === 0) return `no groups; ${replaced}`;
  let groups = 'groups ';
  for (let i = 1; i < match.groups.length; i++) groups += `${i === 1 ? '' : ', '}${i}=${quoted(match.groups[i])}`;
  for (const [name, index] of rule.groupNames) groups += `, ${name}=${quoted(match.groups[index])}`;
  return `${groups}; ${replaced}`;
}

function quoted(group: string | undefined): string {
  return group === undefined ? '(unmatched)' : `'${group}'`;
}
