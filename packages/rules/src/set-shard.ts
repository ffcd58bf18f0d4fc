import RE2 from 're2';
import { type CompiledRule } from './compiled-rule';

/** Which form of the alias a shard's patterns are matched against. */
export type SubjectKind = 'key' | 'full';

/**
 * A slice of the rule set compiled into one RE2.Set. node-re2 1.24 gives every Set RE2's
 * default 8 MiB memory budget (program plus DFA cache) and no way to raise it; a larger rule
 * set is split into several Sets, in priority order, and a Set that does not compile is halved
 * until it does.
 */
export interface SetShard {
  readonly kind: SubjectKind;
  readonly set: ReturnType<typeof RE2.Set>;
  /** `orders[i]` is the rule order of the Set's pattern `i`; ascending. */
  readonly orders: readonly number[];
  readonly minOrder: number;
}

/**
 * Patterns per Set. A Set's lazily built DFA shares the 8 MiB budget with its program; with
 * more than ~500 dial-plan patterns, aliases spread over all rules need more DFA states than
 * fit, the cache thrashes, and a match costs ~5 µs instead of ~0.5 µs (docs/performance.md).
 */
export const patternsPerShard = 500;
/** Summed pattern length per Set, a rough proxy for program and DFA size. */
const sourceCharsPerShard = 50_000;

/**
 * Compiles the usable rules of one subject kind into as few Sets as the memory budget allows.
 * A rule whose pattern no Set accepts, even alone, is marked unusable with RE2's reason.
 */
export function buildShards(rules: readonly CompiledRule[], kind: SubjectKind): SetShard[] {
  const shards: SetShard[] = [];
  let batch: CompiledRule[] = [];
  let chars = 0;
  const flush = () => {
    if (batch.length > 0) compileBatch(batch, kind, shards);
    batch = [];
    chars = 0;
  };
  for (const rule of rules) {
    const source = rule.translation?.prefilter;
    if (source === undefined || rule.unusable !== undefined) continue;
    if (batch.length >= patternsPerShard || chars + source.length > sourceCharsPerShard) flush();
    batch.push(rule);
    chars += source.length;
  }
  flush();
  return shards;
}

function compileBatch(batch: readonly CompiledRule[], kind: SubjectKind, shards: SetShard[]): void {
  try {
    const set = new RE2.Set(
      batch.map((rule) => rule.translation?.prefilter ?? ''),
      'u',
      { anchor: 'both' },
    );
    shards.push({ kind, set, orders: batch.map((rule) => rule.order), minOrder: batch[0].order });
  } catch (error) {
    if (batch.length === 1) {
      batch[0].unusable = `its match_string cannot be compiled by RE2: ${error instanceof Error ? error.message : String(error)}`;
      return;
    }
    const half = Math.ceil(batch.length / 2);
    compileBatch(batch.slice(0, half), kind, shards);
    compileBatch(batch.slice(half), kind, shards);
  }
}

/**
 * The Set's matches, as rule orders in ascending order. If RE2 runs out of its DFA memory on a
 * hostile input, the shard's rules are checked one by one with their exact patterns' DFAs
 * instead (slower, still linear), so an answer is never lost.
 */
let fallbacks = 0;
/** How often a Set ran out of DFA memory and its rules were checked one by one (diagnostics). */
export function setFallbacks(): number {
  return fallbacks;
}

export function matchShard(shard: SetShard, input: Buffer, subject: string, rules: readonly CompiledRule[]): number[] {
  let indices: number[];
  try {
    indices = shard.set.match(input);
  } catch {
    fallbacks++;
    return shard.orders.filter((order) => rules[order].exact()?.test(input) === true);
  }
  const orders = new Array<number>(indices.length);
  for (let i = 0; i < indices.length; i++) orders[i] = shard.orders[indices[i]];
  return orders;
}
