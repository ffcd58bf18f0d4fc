import {
  type GatewayRoutingRule,
  maxAliasInputLength,
  type NormalisedAlias,
  type RuleEvaluation,
  type RuleMatch,
  type RuleMatchContext,
} from '@herald/core';
import { CompiledRule } from './compiled-rule';
import { expandTemplate } from './replace-template';
import { buildShards, matchShard, type SetShard } from './set-shard';

/** Trace lines about individual rules passed over before the winner; the rest are counted. */
export const maxTraceRules = 20;

/**
 * An immutable, compiled rule set: one RE2.Set pass (per shard) over the alias finds every
 * rule whose regex could match; the candidates are then tried in priority order, and the first
 * whose filters pass and whose exact regex fully matches wins.
 */
export class RuleIndex {
  static readonly empty = RuleIndex.build([], '0');

  /** Rules in priority order; `rules[i].order === i`. */
  readonly rules: readonly CompiledRule[];
  private readonly shards: readonly SetShard[];
  private readonly hasFullShards: boolean;
  private readonly header: string;

  private constructor(
    rules: readonly CompiledRule[],
    shards: readonly SetShard[],
    /** The directory version the rules came from. */
    readonly version: string,
    /** Milliseconds spent translating and compiling. */
    readonly buildMs: number,
  ) {
    this.rules = rules;
    this.shards = shards;
    this.hasFullShards = shards.some((s) => s.kind === 'full');
    this.header = `checking ${rules.length} gateway routing rule${rules.length === 1 ? '' : 's'} (rule set ${version}) against `;
  }

  /**
   * Compiles rules, which must be in priority order (as `DirectorySnapshot.rules` are).
   * Synchronous: ~0.1 s for 10,000 dial-plan rules (see docs/performance.md).
   */
  static build(rules: readonly GatewayRoutingRule[], version: string): RuleIndex {
    const started = process.hrtime.bigint();
    const compiled = rules.map((rule, order) => new CompiledRule(rule, order));
    const shards = [
      ...buildShards(
        compiled.filter((r) => !r.rule.matchStringFull),
        'key',
      ),
      ...buildShards(
        compiled.filter((r) => r.rule.matchStringFull),
        'full',
      ),
    ].sort((a, b) => a.minOrder - b.minOrder);
    return new RuleIndex(compiled, shards, version, Number(process.hrtime.bigint() - started) / 1e6);
  }

  /** The rules' exact patterns compiled ahead of use; returns how many were compiled. */
  warm(from: number, count: number): number {
    const end = Math.min(this.rules.length, from + count);
    for (let i = from; i < end; i++) this.rules[i].exact();
    return end - from;
  }

  evaluate(alias: NormalisedAlias, context: RuleMatchContext): RuleEvaluation {
    const trace: string[] = [`${this.header}'${alias.key}'`];
    if (alias.key.length > maxAliasInputLength || alias.full.length > maxAliasInputLength) {
      trace.push(`the alias is longer than ${maxAliasInputLength} characters, which no alias can be; not matched`);
      return { trace };
    }
    let keyInput: Buffer | undefined;
    let fullInput: Buffer | undefined;
    let winner: CompiledRule | undefined;
    let winnerGroups: readonly (string | undefined)[] | undefined;
    const candidates: number[] = [];
    const outcomes = new Map<number, string>();
    for (const shard of this.shards) {
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
        const groups = rule.confirm(subject, input);
        if (groups === undefined) continue;
        winner = rule;
        winnerGroups = groups;
        break;
      }
    }
    if (this.hasFullShards) candidates.sort((a, b) => a - b);
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
    for (const shard of this.shards) {
      const subject = shard.kind === 'key' ? alias.key : alias.full;
      for (const order of matchShard(shard, Buffer.from(subject), subject, this.rules)) {
        const rule = this.rules[order];
        if (!rule.translation?.approximate || rule.fullMatch(subject) !== undefined) found.push(order);
      }
    }
    return found.sort((a, b) => a - b);
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
        trace.push(confirmed ? `${rule.label} matches, but is skipped: ${outcome}` : `${rule.label} skipped: ${outcome}`);
      } else {
        const skip = rule.skipReason(context);
        trace.push(skip !== undefined ? `${rule.label} skipped: ${skip}` : `${rule.label} does not match${rule.rule.matchStringFull ? ` the full URI '${alias.full}'` : ''}`);
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
