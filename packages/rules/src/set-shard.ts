import RE2 from 're2';
import { type CompiledRule } from './compiled-rule';
import { setSource, wholeSetSource } from './set-form';
import { reversedInput } from './set-input';

/** Which form of the alias a shard's patterns are matched against. */
export type SubjectKind = 'key' | 'full';

/**
 * A slice of the rule set compiled into one RE2.Set. node-re2 1.24 gives every Set RE2's
 * default 8 MiB memory budget (program plus DFA cache) and no way to raise it; a larger rule
 * set is split into several Sets, in priority order, and a Set that does not compile is halved
 * until it does. The patterns are in their Set form (set-form.ts): the first `skip` characters,
 * which the prefix trie has compared, removed, and reversed.
 */
export interface SetShard {
  readonly kind: SubjectKind;
  readonly set: ReturnType<typeof RE2.Set>;
  /** `orders[i]` is the rule order of the Set's pattern `i`; ascending. */
  readonly orders: readonly number[];
  readonly minOrder: number;
  /** Characters at the start of the subject that the Set does not read (the trie compared them). */
  readonly skip: number;
  /** Characters at the end of the subject that the Set does not read (likewise). */
  readonly skipEnd: number;
}

/**
 * Patterns per Set. A Set's lazily built DFA shares the 8 MiB budget with its program; with
 * more than ~500 dial-plan patterns, aliases spread over all rules need more DFA states than
 * fit, the cache thrashes, and a match costs several times more (docs/performance.md).
 */
export const defaultPatternsPerShard = 500;
/** Summed pattern length per Set, a rough proxy for program and DFA size. */
const sourceCharsPerShard = 50_000;

/**
 * Compiles the usable rules of one subject kind, all of which start with the `skip` and end
 * with the `skipEnd` literal characters of a trie node, into as few Sets as the memory budget
 * allows. Rules whose literal parts cannot be removed exactly go into Sets that read the whole
 * subject. A rule whose pattern no Set accepts, even alone, is marked unusable with RE2's reason.
 */
export function buildShards(rules: readonly CompiledRule[], kind: SubjectKind, skip: number, skipEnd: number, perShard: number): SetShard[] {
  const stripped: [CompiledRule, string][] = [];
  const whole: [CompiledRule, string][] = [];
  for (const rule of rules) {
    const translation = rule.translation;
    if (translation === undefined || rule.unusable !== undefined) continue;
    const source = skip === 0 && skipEnd === 0 ? undefined : setSource(translation.parsed.root, skip, skipEnd);
    if (source !== undefined) stripped.push([rule, source]);
    else whole.push([rule, wholeSetSource(translation.parsed.root)]);
  }
  const shards: SetShard[] = [];
  for (const [entries, from, fromEnd] of [[stripped, skip, skipEnd], [whole, 0, 0]] as const) {
    let batch: [CompiledRule, string][] = [];
    let chars = 0;
    for (const entry of entries) {
      if (batch.length >= perShard || chars + entry[1].length > sourceCharsPerShard) {
        compileBatch(batch, kind, from, fromEnd, shards);
        batch = [];
        chars = 0;
      }
      batch.push(entry);
      chars += entry[1].length;
    }
    if (batch.length > 0) compileBatch(batch, kind, from, fromEnd, shards);
  }
  return shards;
}

function compileBatch(batch: readonly [CompiledRule, string][], kind: SubjectKind, skip: number, skipEnd: number, shards: SetShard[]): void {
  try {
    const set = new RE2.Set(
      batch.map(([, source]) => source),
      'u',
      { anchor: 'both' },
    );
    shards.push({ kind, set, orders: batch.map(([rule]) => rule.order), minOrder: batch[0][0].order, skip, skipEnd });
  } catch (error) {
    if (batch.length === 1) {
      batch[0][0].unusable = `its match_string cannot be compiled by RE2: ${error instanceof Error ? error.message : String(error)}`;
      return;
    }
    const half = Math.ceil(batch.length / 2);
    compileBatch(batch.slice(0, half), kind, skip, skipEnd, shards);
    compileBatch(batch.slice(half), kind, skip, skipEnd, shards);
  }
}

let fallbacks = 0;
/** How often a Set ran out of DFA memory and its rules were checked one by one (diagnostics). */
export function setFallbacks(): number {
  return fallbacks;
}

/**
 * The indices (into `shard.orders`) of the Set's patterns that fully match `subject`, ascending.
 * If RE2 runs out of its DFA memory on a hostile input, the shard's rules are checked one by
 * one with their exact patterns instead (slower, still linear), so an answer is never lost.
 */
export function matchShard(shard: SetShard, subject: string, rules: readonly CompiledRule[]): number[] {
  const input = reversedInput(subject, shard.skip, shard.skipEnd);
  if (input === undefined) return [];
  try {
    return shard.set.match(input);
  } catch {
    fallbacks++;
    const found: number[] = [];
    shard.orders.forEach((order, i) => {
      if (rules[order].fullyMatches(subject)) found.push(i);
    });
    return found;
  }
}
