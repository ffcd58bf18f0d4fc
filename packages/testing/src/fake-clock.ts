import { type Clock, type Disposable, toDisposable } from '@herald/core';

interface Timer {
  readonly due: number;
  readonly sequence: number;
  readonly callback: () => void;
  cancelled: boolean;
}

/** A clock that moves only when told to; `advance` runs the timers that fall due, in order. */
export class FakeClock implements Clock {
  private time: number;
  private wall: number;
  private sequence = 0;
  private timers: Timer[] = [];

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.time = 0;
    this.wall = start;
  }

  now(): number {
    return this.wall + this.time;
  }

  monotonic(): number {
    return this.time;
  }

  setTimer(delayMs: number, callback: () => void): Disposable {
    const timer: Timer = { due: this.time + Math.max(0, delayMs), sequence: this.sequence++, callback, cancelled: false };
    this.timers.push(timer);
    return toDisposable(() => {
      timer.cancelled = true;
    });
  }

  /** Timers not yet run or cancelled. */
  get pendingTimers(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  /** Moves time forward by `ms`, running each due timer at its own time. */
  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      this.timers = this.timers.filter((t) => !t.cancelled);
      const next = this.timers.filter((t) => t.due <= target).sort((a, b) => a.due - b.due || a.sequence - b.sequence)[0];
      if (next === undefined) break;
      this.time = next.due;
      next.cancelled = true;
      next.callback();
    }
    this.time = target;
  }
}
