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
import { expandTemplate } from './replace-template';
import { allShards, buildTrie, collectShards, type TrieNode } from './prefix-trie';
import { matchShard, type SetShard } from './set-shard';

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
   * Synchronous: ~0.1 s for 10,000 dial-plan rules (see docs/performance.md).
   */
  static build(rules: readonly GatewayRoutingRule[], version: string): RuleIndex {
    const started = process.hrtime.bigint();
    const compiled = rules.map((rule, order) => new CompiledRule(rule, order));
    const tries = {
      key: buildTrie(
        compiled.filter((r) => !r.rule.matchStringFull),
        'key',
      ),
      full: buildTrie(
        compiled.filter((r) => r.rule.matchStringFull),
        'full',
      ),
    };
    return new RuleIndex(compiled, tries, version, Number(process.hrtime.bigint() - started) / 1e6);
  }

  /** The rules' exact patterns compiled ahead of use; returns how many were compiled. */
  warm(from: number, count: number): number {
    const end = Math.min(this.rules.length, from + count);
    for (let i = from; i < end; i++) this.rules[i].exact();
    return end - from;
  }

  evaluate(alias: NormalisedAlias, context: RuleMatchContext): RuleEvaluation {
    const trace: string[] = [`${this.header}'${alias.key}'`];
    // Bounds, as normaliseAlias produces them: no longer subject reaches RE2.
    if (alias.key.length > maxAliasLength || alias.full.length > maxAliasInputLength) {
      trace.push(`the alias is longer than ${maxAliasLength} characters (or its URI than ${maxAliasInputLength}), which no alias can be; not matched`);
      return { trace };
    }
    let keyInput: Buffer | undefined;
    let fullInput: Buffer | undefined;
    let winner: CompiledRule | undefined;
    let winnerGroups: readonly (string | undefined)[] | undefined;
    const candidates: number[] = [];
    const outcomes = new Map<number, string>();
    for (const shard of this.shardsFor(alias)) {
      if (winner !== undefined && shard.minOrder > winner.order) break;
      const subject = shard.kind === 'key' ? alias.key : alias.full;
      const input = shard.kind === 'key' ? (keyInput ??= Buffer.from(subject)) : (fullInput ??= Buffer.from(subject));
      for (const order of matchShard(shard, input, subject, this.rules)) {
        if (winner !== undefined && order > winner.order) break;
        candidates.push(order);
        const rule = this.rules[order];
        const skip = rule.skipReason(context);
        if (skip !== undefined) {
          outcomes.set(order, skip);
          continue;
        }
        const groups = rule.confirm(subject, input, input.length === subject.length);
        if (groups === undefined) continue;
        winner = rule;
        winnerGroups = groups;
        break;
      }
    }
    candidates.sort((a, b) => a - b);
    this.explainPassedOver(trace, winner?.order ?? this.rules.length, candidates, outcomes, alias, context);
    if (winner === undefined || winnerGroups === undefined) return { trace };
    const match = this.toMatch(winner, winnerGroups, winner.subject(alias));
    trace.push(`${winner.label} matches '${winner.subject(alias)}': ${describeGroups(match)}`);
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
      for (const order of matchShard(shard, Buffer.from(subject), subject, this.rules)) {
        const rule = this.rules[order];
        if (!rule.translation?.approximate || rule.fullMatch(subject) !== undefined) found.push(order);
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

  private toMatch(rule: CompiledRule, found: readonly (string | undefined)[], subject: string): RuleMatch {
    const groups: (string | undefined)[] = Array.from(found, (g) => g ?? undefined);
    const namedGroups: Record<string, string | undefined> = {};
    for (const [name, index] of rule.translation?.parsed.groupNames ?? []) namedGroups[name] = groups[index];
    const template = rule.template ?? [];
    const replacedAlias = rule.rule.replaceString === '' ? subject : expandTemplate(template, groups);
    return { rule: rule.rule, groups, namedGroups, replacedAlias };
  }

  /** One line per rule tried before `limit`, at most `maxTraceRules`, then a count. */
  private explainPassedOver(
    trace: string[],
    limit: number,
    candidates: readonly number[],
    outcomes: ReadonlyMap<number, string>,
    alias: NormalisedAlias,
    context: RuleMatchContext,
  ): void {
    const shown = Math.min(limit, maxTraceRules);
    let next = 0;
    for (let order = 0; order < shown; order++) {
      while (next < candidates.length && candidates[next] < order) next++;
      const rule = this.rules[order];
      const isCandidate = candidates[next] === order;
      const outcome = outcomes.get(order);
      if (isCandidate && outcome !== undefined) {
        const confirmed = rule.translation?.approximate !== true || rule.fullMatch(rule.subject(alias)) !== undefined;
        trace.push(rule.line(confirmed ? `matches, but is skipped: ${outcome}` : `skipped: ${outcome}`));
      } else {
        const skip = rule.skipReason(context);
        trace.push(skip !== undefined ? rule.line(`skipped: ${skip}`) : rule.rule.matchStringFull ? `${rule.label} does not match the full URI '${alias.full}'` : rule.line('does not match'));
      }
    }
    if (limit > shown) {
      const hidden = candidates.filter((order) => order >= shown && order < limit).length;
      trace.push(
        `… and ${limit - shown} more rule${limit - shown === 1 ? '' : 's'} before ${limit === this.rules.length ? 'the end' : 'the winner'} ` +
          `${hidden === 0 ? 'did not match' : `(${hidden} of them match${hidden === 1 ? 'es' : ''} but ${hidden === 1 ? 'does' : 'do'} not apply)`}`,
      );
    }
  }
}

function describeGroups(match: RuleMatch): string {
  const positional = match.groups.slice(1).map((g, i) => `${i + 1}=${g === undefined ? '(unmatched)' : `'${g}'`}`);
  const named = Object.entries(match.namedGroups).map(([name, g]) => `${name}=${g === undefined ? '(unmatched)' : `'${g}'`}`);
  const groups = positional.length === 0 ? 'no groups' : `groups ${[...positional, ...named].join(', ')}`;
  const replaced = match.rule.replaceString === '' ? 'replace string empty, alias unchanged' : `replaced alias '${match.replacedAlias}'`;
  return `${groups}; ${replaced}`;
}
