/** How the transport retries a lost or refused connection to drachtio-server. */
export interface BackoffOptions {
  /** The first delay. */
  readonly initialDelayMs: number;
  /** Each further delay is the previous one times this. */
  readonly factor: number;
  /** Delays never grow beyond this; retries go on for as long as the node runs. */
  readonly maxDelayMs: number;
}

export const defaultBackoff: BackoffOptions = { initialDelayMs: 250, factor: 2, maxDelayMs: 30_000 };

/** Exponential back-off: 250 ms, 500 ms, 1 s, … up to the cap; `reset` after a success. */
export class Backoff {
  private attempt = 0;

  constructor(private readonly options: BackoffOptions) {}

  /** The delay before the next attempt, and which attempt that is (1-based). */
  next(): { delayMs: number; attempt: number } {
    const delay = Math.min(this.options.maxDelayMs, this.options.initialDelayMs * this.options.factor ** this.attempt);
    this.attempt++;
    return { delayMs: Math.round(delay), attempt: this.attempt };
  }

  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}
