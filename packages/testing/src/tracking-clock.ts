import { type Clock, type Disposable, SystemClock } from '@herald/core';

/** The real clock, counting the timers it has pending: a stopped component must leave none. */
export class TrackingClock implements Clock {
  private readonly inner = new SystemClock();
  private pending = 0;

  get pendingTimers(): number {
    return this.pending;
  }

  now(): number {
    return this.inner.now();
  }

  monotonic(): number {
    return this.inner.monotonic();
  }

  setTimer(delayMs: number, callback: () => void): Disposable {
    this.pending++;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      this.pending--;
    };
    const handle = this.inner.setTimer(delayMs, () => {
      finish();
      callback();
    });
    return {
      dispose: () => {
        finish();
        handle.dispose();
      },
    };
  }
}
