import { type PresencePolicyDecision } from '@herald/core';

/** A cached answer: the service's decision, or the reason it could not be had. */
export type CachedAnswer = { readonly decision: PresencePolicyDecision } | { readonly failure: string };

interface Entry {
  readonly answer: CachedAnswer;
  /** Monotonic time after which the answer is asked again. */
  readonly expiresAt: number;
}

/**
 * The policy's answers, by key, each until it expires; at most `maxEntries`, the least recently
 * used evicted first (a `Map` keeps insertion order, and a read re-inserts). Plain data: the
 * caller passes the time, so expiry is tested without waiting.
 */
export class PolicyCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries: number) {}

  /** The answer for `key` and whether it is still fresh at `now`; undefined if never had or evicted. */
  get(key: string, now: number): { readonly answer: CachedAnswer; readonly fresh: boolean } | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return { answer: entry.answer, fresh: now < entry.expiresAt };
  }

  /** Stores an answer; returns the answer it replaced, if any. */
  set(key: string, answer: CachedAnswer, expiresAt: number): CachedAnswer | undefined {
    const previous = this.entries.get(key);
    this.entries.delete(key);
    this.entries.set(key, { answer, expiresAt });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return previous?.answer;
  }

  /** Keys whose answers have expired at `now`, oldest use first. */
  expired(now: number): string[] {
    const keys: string[] = [];
    for (const [key, entry] of this.entries) if (now >= entry.expiresAt) keys.push(key);
    return keys;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Whether two answers would look the same to a watcher. */
export function sameAnswer(a: CachedAnswer | undefined, b: CachedAnswer | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
