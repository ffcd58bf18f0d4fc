import { type Clock, type Disposable } from '@herald/core';

/** A scheduled callback; `cancel` is cheap and idempotent. */
export interface WheelTimer {
  cancel(): void;
}

class Entry implements WheelTimer {
  cancelled = false;
  constructor(
    readonly due: number,
    /** Dropped on cancel: the entry stays in its slot until the slot comes round. */
    public callback: (() => void) | undefined,
    private readonly wheel: TimerWheel,
  ) {}

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    // A cancelled entry waits in its slot until its due time (a handler timeout is 30 s); without
    // its callback it keeps nothing alive. Keeping the closure kept every answered request, with
    // its parsed message, for those 30 s: at 5,000 requests a second, a few hundred MiB of heap.
    this.callback = undefined;
    this.wheel.forget();
  }
}

/**
 * One timer structure for every transaction timer of the stack: a hashed timing wheel driven
 * by a single clock timer, instead of a `setTimeout` per transaction. Scheduling and cancelling
 * are O(1) and allocate one small object; the clock ticks every `resolutionMs` only while timers
 * are pending. Timers fire at most one resolution late, never early.
 */
export class TimerWheel {
  private readonly slots: Entry[][];
  private live = 0;
  /** The last tick whose slot has been processed. */
  private processedTick: number;
  private ticker: Disposable | undefined;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly resolutionMs = 10,
    slotCount = 512,
  ) {
    this.slots = Array.from({ length: slotCount }, () => []);
    this.processedTick = Math.floor(clock.monotonic() / resolutionMs);
  }

  /** The wheel's clock, in monotonic ms. */
  now(): number {
    return this.clock.monotonic();
  }

  /** Timers scheduled and neither fired nor cancelled. */
  get size(): number {
    return this.live;
  }

  /** Runs `callback` once, `delayMs` from now. */
  schedule(delayMs: number, callback: () => void): WheelTimer {
    const entry = new Entry(this.clock.monotonic() + Math.max(0, delayMs), callback, this);
    if (this.stopped) {
      entry.cancelled = true;
      return entry;
    }
    // Slot of the first tick at or after `due`, never one already processed.
    const tick = Math.max(Math.ceil(entry.due / this.resolutionMs), this.processedTick + 1);
    (this.slots[tick % this.slots.length] as Entry[]).push(entry);
    this.live++;
    this.arm();
    return entry;
  }

  /** Cancels every timer and stops ticking; later `schedule` calls do nothing. */
  stop(): void {
    this.stopped = true;
    this.ticker?.dispose();
    this.ticker = undefined;
    for (const slot of this.slots) {
      for (const entry of slot) entry.cancelled = true;
      slot.length = 0;
    }
    this.live = 0;
  }

  /** Called by a cancelled entry. */
  forget(): void {
    this.live--;
  }

  private arm(): void {
    if (this.ticker !== undefined || this.live === 0 || this.stopped) return;
    this.ticker = this.clock.setTimer(this.resolutionMs, () => {
      this.ticker = undefined;
      this.tick();
      this.arm();
    });
  }

  private tick(): void {
    const now = this.clock.monotonic();
    const target = Math.floor(now / this.resolutionMs);
    // After a long pause (event-loop stall) one pass over every slot is enough.
    const from = Math.max(this.processedTick + 1, target - this.slots.length + 1);
    for (let tick = from; tick <= target; tick++) {
      this.processedTick = tick;
      const slotIndex = tick % this.slots.length;
      const slot = this.slots[slotIndex] as Entry[];
      if (slot.length === 0) continue;
      const keep: Entry[] = [];
      this.slots[slotIndex] = keep;
      for (const entry of slot) {
        if (entry.cancelled) continue;
        if (entry.due > now) {
          keep.push(entry);
          continue;
        }
        const callback = entry.callback as () => void;
        entry.cancelled = true;
        entry.callback = undefined;
        this.live--;
        callback();
        if (this.stopped) return;
      }
    }
    this.processedTick = target;
  }
}
