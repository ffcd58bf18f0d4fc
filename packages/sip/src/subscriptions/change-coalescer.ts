import { type Clock } from '@herald/core';
import { ExpiryWheel } from './expiry-wheel';

/**
 * Paces notifications per presentity (RFC 3856 §6.10: no more than one every few seconds).
 * The first change after a quiet period is emitted at once; changes within the interval after
 * an emission fold into one emission at the end of the interval, which reads the state current
 * then. Deadlines live in expiry wheels, not in a timer per presentity, and a presentity is
 * forgotten once an interval passes quietly, so the maps hold only recently changed ones.
 */
export class ChangeCoalescer {
  private readonly lastEmitted = new Map<string, number>();
  private readonly waiting = new Set<string>();
  private readonly delayed: ExpiryWheel<string>;
  private readonly quiet: ExpiryWheel<string>;

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly emit: (presentity: string) => void,
  ) {
    this.delayed = new ExpiryWheel(clock, (presentity) => this.release(presentity), 100);
    this.quiet = new ExpiryWheel(clock, (presentity) => {
      if (!this.waiting.has(presentity)) this.lastEmitted.delete(presentity);
    });
  }

  offer(presentity: string): void {
    if (this.waiting.has(presentity)) return;
    const now = this.clock.monotonic();
    const last = this.lastEmitted.get(presentity);
    if (last === undefined || now - last >= this.intervalMs) {
      this.emitNow(presentity, now);
      return;
    }
    this.waiting.add(presentity);
    this.delayed.schedule(presentity, last + this.intervalMs);
  }

  /** Cancels every pending emission. */
  clear(): void {
    this.delayed.clear();
    this.quiet.clear();
    this.waiting.clear();
    this.lastEmitted.clear();
  }

  private release(presentity: string): void {
    this.waiting.delete(presentity);
    this.emitNow(presentity, this.clock.monotonic());
  }

  private emitNow(presentity: string, now: number): void {
    this.lastEmitted.set(presentity, now);
    this.quiet.schedule(presentity, now + this.intervalMs);
    this.emit(presentity);
  }
}
