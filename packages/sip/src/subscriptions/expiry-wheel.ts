import { type Clock, type Disposable } from '@herald/core';

/**
 * One timer for any number of deadlines: items sit in one-second buckets and a single clock
 * timer walks the buckets. A subscription costs a map entry, not a timer, so 100,000 of them
 * cost a few megabytes, and moving a deadline (a refresh) is O(1).
 */
export class ExpiryWheel<T> {
  private readonly buckets = new Map<number, Set<T>>();
  private readonly bucketOf = new Map<T, number>();
  private timer: Disposable | undefined;
  private nextTick: number | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly expire: (item: T) => void,
    private readonly resolutionMs = 1000,
  ) {}

  get size(): number {
    return this.bucketOf.size;
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
    this.bucketOf.set(item, bucket);
    this.arm(bucket * this.resolutionMs);
  }

  remove(item: T): void {
    const bucket = this.bucketOf.get(item);
    if (bucket === undefined) return;
    this.bucketOf.delete(item);
    const members = this.buckets.get(bucket);
    members?.delete(item);
    if (members?.size === 0) this.buckets.delete(bucket);
  }

  /** Forgets every item and cancels the timer. */
  clear(): void {
    this.buckets.clear();
    this.bucketOf.clear();
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
        this.bucketOf.delete(item);
        this.expire(item);
      }
    }
    // Items expired above may have been rescheduled; arm for whatever is now earliest.
    for (const bucket of this.buckets.keys()) earliest = earliest === undefined ? bucket : Math.min(earliest, bucket);
    if (earliest !== undefined) this.arm(earliest * this.resolutionMs);
  }
}
