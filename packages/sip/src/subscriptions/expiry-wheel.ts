import { type Clock, type Disposable } from '@herald/core';

/** Where the wheel notes each item's bucket. */
export interface BucketNotes<T> {
  get(item: T): number | undefined;
  set(item: T, bucket: number | undefined): void;
}

/** Notes kept in a map: for items that cannot carry a field (strings). */
function mapNotes<T>(): BucketNotes<T> {
  const map = new Map<T, number>();
  return {
    get: (item) => map.get(item),
    set: (item, bucket) => (bucket === undefined ? map.delete(item) : map.set(item, bucket)),
  };
}

/** Notes kept on the items themselves: one map entry less per item. */
export function fieldNotes<T extends { expiryBucket: number | undefined }>(): BucketNotes<T> {
  return {
    get: (item) => item.expiryBucket,
    set: (item, bucket) => (item.expiryBucket = bucket),
  };
}

/**
 * One timer for any number of deadlines: items sit in one-second buckets and a single clock
 * timer walks the buckets. A subscription costs a set entry and a field (see `fieldNotes`), not
 * a timer, so 100,000 of them cost a few megabytes, and moving a deadline (a refresh) is O(1).
 */
export class ExpiryWheel<T> {
  private readonly buckets = new Map<number, Set<T>>();
  private count = 0;
  private timer: Disposable | undefined;
  private nextTick: number | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly expire: (item: T) => void,
    private readonly resolutionMs = 1000,
    private readonly notes: BucketNotes<T> = mapNotes(),
  ) {}

  get size(): number {
    return this.count;
  }

  /** Sets (or moves) the deadline of `item` to `atMs` on the clock's monotonic scale. */
  schedule(item: T, atMs: number): void {
    this.remove(item);
    const bucket = Math.ceil(atMs / this.resolutionMs);
    let members = this.buckets.get(bucket);
    if (members === undefined) {
      members = new Set();
      this.buckets.set(bucket, members);
    }
    members.add(item);
    this.notes.set(item, bucket);
    this.count++;
    this.arm(bucket * this.resolutionMs);
  }

  remove(item: T): void {
    const bucket = this.notes.get(item);
    if (bucket === undefined) return;
    this.notes.set(item, undefined);
    this.count--;
    const members = this.buckets.get(bucket);
    members?.delete(item);
    if (members?.size === 0) this.buckets.delete(bucket);
  }

  /** Forgets every item and cancels the timer. */
  clear(): void {
    for (const members of this.buckets.values()) for (const item of members) this.notes.set(item, undefined);
    this.buckets.clear();
    this.count = 0;
    this.timer?.dispose();
    this.timer = undefined;
    this.nextTick = undefined;
  }

  private arm(atMs: number): void {
    if (this.nextTick !== undefined && this.nextTick <= atMs) return;
    this.timer?.dispose();
    this.nextTick = atMs;
    this.timer = this.clock.setTimer(atMs - this.clock.monotonic(), () => this.tick());
  }

  private tick(): void {
    this.timer = undefined;
    this.nextTick = undefined;
    const now = Math.floor(this.clock.monotonic() / this.resolutionMs);
    let earliest: number | undefined;
    for (const [bucket, members] of [...this.buckets]) {
      if (bucket > now) {
        earliest = earliest === undefined ? bucket : Math.min(earliest, bucket);
        continue;
      }
      this.buckets.delete(bucket);
      for (const item of members) {
        this.notes.set(item, undefined);
        this.count--;
        this.expire(item);
      }
    }
    // Items expired above may have been rescheduled; arm for whatever is now earliest.
    for (const bucket of this.buckets.keys()) earliest = earliest === undefined ? bucket : Math.min(earliest, bucket);
    if (earliest !== undefined) this.arm(earliest * this.resolutionMs);
  }
}
