import type RE2 from 're2';
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
import { RuleTrace } from './rule-trace';
import { defaultPatternsPerShard, matchShard, type SetShard } from './set-shard';

const none: readonly number[] = [];

/**
 * An immutable, compiled rule set: one RE2.Set pass over the alias (per Set the alias's first
 * characters lead to, see `prefix-trie.ts`; the Set reads the rest of the alias backwards, see
 * `set-form.ts`) finds every rule whose regex could match; the candidates are then tried in
 * priority order, and the first whose filters pass and whose exact regex fully matches wins.
 * On an ASCII alias the Set's answer is already exact, so a candidate costs a second regex
 * pass only when it has groups whose place its shape does not fix (`CompiledRule.confirmMatch`).
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
  private readonly trace: RuleTrace;
  private readonly shards: SetShard[] = [];

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
    this.trace = new RuleTrace(rules, version);
  }

  /**
   * Compiles rules, which must be in priority order (as `DirectorySnapshot.rules` are).
   * Synchronous: ~0.5 s for 10,000 dial-plan rules (see docs/performance.md). `patternsPerShard`
   * (default 500) is for tests that want many small Sets and a deep trie.
   */
  static build(rules: readonly GatewayRoutingRule[], version: string, options: { readonly patternsPerShard?: number } = {}): RuleIndex {
    const started = process.hrtime.bigint();
    const perShard = options.patternsPerShard ?? defaultPatternsPerShard;
    const shared = new Map<string, RE2 | false>();
    const compiled = rules.map((rule, order) => new CompiledRule(rule, order, shared));
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
    // Bounds, as normaliseAlias produces them: no longer subject reaches RE2.
    if (alias.key.length > maxAliasLength || alias.full.length > maxAliasInputLength) return { trace: this.trace.tooLong(alias, maxAliasLength, maxAliasInputLength) };
    let winner: CompiledRule | undefined;
    let winnerGroups: (string | undefined)[] | undefined;
    let winnerSubject = '';
    // Candidates passed over, and why they were skipped: usually none, so allocated on demand.
    let passed: number[] | undefined;
    let outcomes: Map<number, string> | undefined;
    const shards = this.shards;
    const count = this.collect(alias);
    for (let s = 0; s < count; s++) {
      const shard = shards[s];
      if (winner !== undefined && shard.minOrder > winner.order) break;
      const subject = shard.kind === 'key' ? alias.key : alias.full;
      const found = matchShard(shard, subject, this.rules);
      for (let i = 0; i < found.length; i++) {
        const order = shard.orders[found[i]];
        if (winner !== undefined && order > winner.order) break;
        const rule = this.rules[order];
        const skip = rule.skipReason(context);
        const groups = skip === undefined ? rule.confirmMatch(subject, isAscii(subject)) : undefined;
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
    if (winner === undefined || winnerGroups === undefined) {
      return { trace: this.trace.write(alias, context, { limit: this.rules.length, passed: passed ?? none, outcomes }) };
    }
    const match = this.toMatch(winner, winnerGroups, winnerSubject);
    return { match, trace: this.trace.write(alias, context, { limit: winner.order, passed: passed ?? none, outcomes, winner, match, subject: winnerSubject }) };
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
    return this.shards.slice(0, this.collect(alias));
  }

  /**
   * Puts the Sets whose rules could match the alias into `this.shards[0..count)`, in priority
   * order of their first rule, and returns the count. The array is reused by every lookup (they
   * run one at a time, synchronously) so that routing allocates nothing.
   */
  private collect(alias: NormalisedAlias): number {
    let count = collectShards(this.keyTrie, alias.key, this.shards, 0);
    if (this.hasFullRules) count = collectShards(this.fullTrie, alias.full, this.shards, count);
    for (let i = 1; i < count; i++) {
      const shard = this.shards[i];
      let j = i;
      for (; j > 0 && this.shards[j - 1].minOrder > shard.minOrder; j--) this.shards[j] = this.shards[j - 1];
      this.shards[j] = shard;
    }
    return count;
  }

  private toMatch(rule: CompiledRule, groups: (string | undefined)[], subject: string): RuleMatch {
    return { rule: rule.rule, groups, namedGroups: rule.namedGroups(groups), replacedAlias: rule.replaced(subject, groups) };
  }
}
