import { type Disposable, toDisposable } from './disposable';

export const Clock = Symbol.for('core.Clock');
/**
 * Time, injected so that expiry, debouncing and coalescing can be tested without waiting.
 */
export interface Clock {
  /** Wall-clock time in milliseconds since the epoch, for timestamps people read. */
  now(): number;
  /** Monotonic milliseconds from an arbitrary origin, for durations and deadlines. */
  monotonic(): number;
  /**
   * Runs `callback` once after `delayMs` (monotonic). Disposing the handle cancels it. Timers
   * do not keep the process alive: whoever needs the process to run holds a socket or handle.
   */
  setTimer(delayMs: number, callback: () => void): Disposable;
}

/** The real clock. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  monotonic(): number {
    return performance.now();
  }

  setTimer(delayMs: number, callback: () => void): Disposable {
    const handle = setTimeout(callback, Math.max(0, delayMs));
    handle.unref();
    return toDisposable(() => clearTimeout(handle));
  }
}
