import {
  type GatewayRoutingRule,
  maxAliasInputLength,
  maxAliasLength,
  type NormalisedAlias,
  type RuleEvaluation,
  type RuleMatch,
  type RuleMatchContext,
} from '@herald/core';
import { CompiledRule } from './compiled-rule';
import { allShards, buildTrie, collectShards, type TrieNode } from './prefix-trie';
import { isAscii } from './set-input';
import { defaultPatternsPerShard, matchShard, type SetShard } from './set-shard';

/** Trace lines about individual rules passed over before the winner; the rest are counted. */
export const maxTraceRules = 20;

/**
 * An immutable, compiled rule set: one RE2.Set pass over the alias (per Set the alias's first
 * characters lead to, see `prefix-trie.ts`) finds every rule whose regex could match; the
 * candidates are then tried in priority order, and the first whose filters pass and whose
 * exact regex fully matches wins.
 */
export class RuleIndex {
  static readonly empty = RuleIndex.build([], '0');

  /** Rules in priority order; `rules[i].order === i`. */
  readonly rules: readonly CompiledRule[];
  private readonly keyTrie: TrieNode;
  private readonly fullTrie: TrieNode;
  private readonly hasFullRules: boolean;
  /** How many RE2.Sets the rules are compiled into. */
  readonly setCount: number;
  private readonly header: string;
  private readonly lineCache = new Map<string, readonly string[] | undefined>();

  private constructor(
    rules: readonly CompiledRule[],
    tries: { readonly key: TrieNode; readonly full: TrieNode },
    /** The directory version the rules came from. */
    readonly version: string,
    /** Milliseconds spent translating and compiling. */
    readonly buildMs: number,
  ) {
    this.rules = rules;
    this.keyTrie = tries.key;
    this.fullTrie = tries.full;
    this.hasFullRules = rules.some((r) => r.rule.matchStringFull);
    this.setCount = allShards(tries.key).length + allShards(tries.full).length;
    this.header = `checking ${rules.length} gateway routing rule${rules.length === 1 ? '' : 's'} (rule set ${version}) against `;
  }

  /**
   * Compiles rules, which must be in priority order (as `DirectorySnapshot.rules` are).
   * Synchronous: ~0.5 s for 10,000 dial-plan rules (see docs/performance.md). `patternsPerShard`
   * (default 500) is for tests that want many small Sets and a deep trie.
   */
  static build(rules: readonly GatewayRoutingRule[], version: string, options: { readonly patternsPerShard?: number } = {}): RuleIndex {
    const started = process.hrtime.bigint();
    const perShard = options.patternsPerShard ?? defaultPatternsPerShard;
    const compiled = rules.map((rule, order) => new CompiledRule(rule, order));
    const tries = {
      key: buildTrie(
        compiled.filter((r) => !r.rule.matchStringFull),
        'key',
        perShard,
      ),
      full: buildTrie(
        compiled.filter((r) => r.rule.matchStringFull),
        'full',
        perShard,
      ),
    };
    return new RuleIndex(compiled, tries, version, Number(process.hrtime.bigint() - started) / 1e6);
  }

  /** The rules' single patterns compiled ahead of use; returns how many rules were done. */
  warm(from: number, count: number): number {
    const end = Math.min(this.rules.length, from + count);
    for (let i = from; i < end; i++) this.rules[i].warm();
    return end - from;
  }

  evaluate(alias: NormalisedAlias, context: RuleMatchContext): RuleEvaluation {
    const trace: string[] = [`${this.header}'${alias.key}'`];
    // Bounds, as normaliseAlias produces them: no longer subject reaches RE2.
    if (alias.key.length > maxAliasLength || alias.full.length > maxAliasInputLength) {
      trace.push(`the alias is longer than ${maxAliasLength} characters (or its URI than ${maxAliasInputLength}), which no alias can be; not matched`);
      return { trace };
    }
    let winner: CompiledRule | undefined;
    let winnerGroups: (string | undefined)[] | undefined;
    let winnerSubject = '';
    // Candidates passed over, and why they were skipped: usually none, so allocated on demand.
    let passed: number[] | undefined;
    let outcomes: Map<number, string> | undefined;
    const shards = this.shardsFor(alias);
    for (let s = 0; s < shards.length; s++) {
      const shard = shards[s];
      if (winner !== undefined && shard.minOrder > winner.order) break;
      const subject = shard.kind === 'key' ? alias.key : alias.full;
      const found = matchShard(shard, subject, this.rules);
      for (let i = 0; i < found.length; i++) {
        const order = shard.orders[found[i]];
        if (winner !== undefined && order > winner.order) break;
        const rule = this.rules[order];
        const skip = rule.skipReason(context);
        const groups = skip === undefined ? rule.confirm(subject, isAscii(subject)) : undefined;
        if (groups === undefined) {
          (passed ??= []).push(order);
          if (skip !== undefined) (outcomes ??= new Map()).set(order, skip);
          continue;
        }
        winner = rule;
        winnerGroups = groups;
        winnerSubject = subject;
        break;
      }
    }
    this.explainPassedOver(trace, winner?.order ?? this.rules.length, passed ?? [], outcomes, alias, context);
    if (winner === undefined || winnerGroups === undefined) return { trace };
    const match = this.toMatch(winner, winnerGroups, winnerSubject);
    trace.push(`${winner.label} matches '${winnerSubject}': ${describeGroups(winner, match)}`);
    return { match, trace };
  }

  /**
   * The orders of every rule whose regex fully matches the alias, whatever its filters say:
   * one Set pass per shard, each candidate confirmed with its exact pattern.
   */
  matchingRules(alias: NormalisedAlias): number[] {
    const found: number[] = [];
    for (const shard of this.shardsFor(alias)) {
      const subject = shard.kind === 'key' ? alias.key : alias.full;
      for (const i of matchShard(shard, subject, this.rules)) {
        const rule = this.rules[shard.orders[i]];
        if (!rule.translation?.approximate || isAscii(subject) || rule.fullyMatches(subject)) found.push(rule.order);
      }
    }
    return found.sort((a, b) => a - b);
  }

  /** The Sets whose rules could match the alias, in priority order of their first rule. */
  private shardsFor(alias: NormalisedAlias): SetShard[] {
    const shards: SetShard[] = [];
    collectShards(this.keyTrie, alias.key, shards);
    if (this.hasFullRules) collectShards(this.fullTrie, alias.full, shards);
    return shards.length > 1 ? shards.sort((a, b) => a.minOrder - b.minOrder) : shards;
  }

  private toMatch(rule: CompiledRule, groups: (string | undefined)[], subject: string): RuleMatch {
    return { rule: rule.rule, groups, namedGroups: rule.namedGroups(groups), replacedAlias: rule.replaced(subject, groups) };
  }

  /**
   * One line per rule before `limit`, at most `maxTraceRules`, then a count. When none of
   * those rules was a candidate, the lines depend only on the request context and are reused.
   */
  private explainPassedOver(
    trace: string[],
    limit: number,
    passed: readonly number[],
    outcomes: ReadonlyMap<number, string> | undefined,
    alias: NormalisedAlias,
    context: RuleMatchContext,
  ): void {
    const shown = Math.min(limit, maxTraceRules);
    let hidden = 0;
    let early = false;
    for (const order of passed) {
      if (order < shown) early = true;
      else if (order < limit) hidden++;
    }
    const cached = early ? undefined : this.unmatchedLines(context);
    if (cached !== undefined) {
      for (let order = 0; order < shown; order++) trace.push(cached[order]);
    } else {
      for (let order = 0; order < shown; order++) trace.push(this.passedOverLine(order, passed.includes(order), outcomes?.get(order), alias, context));
    }
    if (limit > shown) {
      trace.push(
        `… and ${limit - shown} more rule${limit - shown === 1 ? '' : 's'} before ${limit === this.rules.length ? 'the end' : 'the winner'} ` +
          `${hidden === 0 ? 'did not match' : `(${hidden} of them match${hidden === 1 ? 'es' : ''} but ${hidden === 1 ? 'does' : 'do'} not apply)`}`,
      );
    }
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
    if (this.lineCache.has(key)) return this.lineCache.get(key);
    const count = Math.min(this.rules.length, maxTraceRules);
    const none = { key: '', full: '' };
    const lines = this.rules.slice(0, count).some((r) => r.rule.matchStringFull && r.skipReason(context) === undefined)
      ? undefined
      : Array.from({ length: count }, (_, order) => this.passedOverLine(order, false, undefined, none, context));
    // Bounded: contexts are a protocol and the node's location, so there are only a few.
    if (this.lineCache.size >= 64) this.lineCache.clear();
    this.lineCache.set(key, lines);
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
