import { setBounded } from '@herald/core';

/** A token bucket's shape: a sustained rate and the burst it tolerates above it. */
export interface RateLimitBucket {
  /** Requests a second a source may keep sending. */
  readonly perSecond: number;
  /** Requests a source may send at once, above the rate, after a quiet spell. */
  readonly burst: number;
}

export interface RateLimitOptions {
  /** Sources the trusted-peer list names: a Front End pool sends thousands of requests a second. */
  readonly trusted: RateLimitBucket;
  /** Every other source (it gets 403, and 503 beyond this rate). */
  readonly untrusted: RateLimitBucket;
  /** Sources tracked at once; the oldest entry makes room for a new one. */
  readonly maxSources: number;
}

export const defaultRateLimit: RateLimitOptions = {
  trusted: { perSecond: 10_000, burst: 20_000 },
  untrusted: { perSecond: 20, burst: 40 },
  maxSources: 10_000,
};

/** The outcome for one request: pass it on; answer 503 with Retry-After; or drop it unanswered. */
export type RateVerdict = 'accept' | 'limit' | 'drop';

interface SourceState {
  tokens: number;
  updated: number;
  readonly trusted: boolean;
}

/**
 * Per-source token buckets (one per IP address) in a bounded map. A source over its rate gets
 * 503 answers while its debt is under one burst; beyond that its requests are dropped without
 * an answer, so that a flood costs neither CPU for answers nor bandwidth towards a spoofed
 * victim. A source that slows down pays its debt (at most two bursts) back at the bucket's rate. When the map is
 * full the oldest entry is forgotten; that source starts again with a full bucket.
 */
export class RateLimiter {
  private readonly sources = new Map<string, SourceState>();

  constructor(
    private readonly options: RateLimitOptions,
    /** Whether an address is trusted; asked once per tracked source. */
    private readonly trustsAddress: (address: string) => boolean,
  ) {}

  get trackedSources(): number {
    return this.sources.size;
  }

  /** Takes a token for one request from `address` at monotonic time `nowMs`. */
  take(address: string, nowMs: number): RateVerdict {
    let state = this.sources.get(address);
    if (state === undefined) {
      const trusted = this.trustsAddress(address);
      state = { tokens: this.bucket(trusted).burst, updated: nowMs, trusted };
      setBounded(this.sources, address, state, this.options.maxSources);
    }
    const bucket = this.bucket(state.trusted);
    const elapsed = nowMs - state.updated;
    if (elapsed > 0) {
      state.tokens = Math.min(bucket.burst, state.tokens + (elapsed * bucket.perSecond) / 1000);
      state.updated = nowMs;
    }
    // The debt stops growing at two bursts: a flood ends its source's service for a while, not for hours.
    state.tokens = Math.max(state.tokens - 1, -2 * bucket.burst);
    if (state.tokens >= 0) return 'accept';
    return state.tokens >= -bucket.burst ? 'limit' : 'drop';
  }

  /** Seconds until `address` has a token again: the Retry-After of a 503. */
  retryAfterSeconds(address: string): number {
    const state = this.sources.get(address);
    if (state === undefined || state.tokens >= 0) return 1;
    return Math.max(1, Math.ceil((1 - state.tokens) / this.bucket(state.trusted).perSecond));
  }

  private bucket(trusted: boolean): RateLimitBucket {
    return trusted ? this.options.trusted : this.options.untrusted;
  }
}
