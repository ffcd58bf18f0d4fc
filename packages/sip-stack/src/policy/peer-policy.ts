import { type SipSource } from '../sip-message';
import { defaultRateLimit, RateLimiter, type RateLimitOptions, type RateVerdict } from './rate-limiter';
import { TrustedPeers } from './trusted-peers';

const maxCachedAddresses = 10_000;

export interface PeerPolicyOptions {
  /** `'open'` trusts every source (labs only); otherwise addresses, networks and TLS peer names. */
  readonly trustedPeers: 'open' | readonly string[];
  /** Per-source request rates; false turns rate limiting off. Default `defaultRateLimit`. */
  readonly rateLimit?: RateLimitOptions | false;
}

/**
 * Who may talk to Herald, and how fast: the policy every SIP transport applies to every
 * request, the embedded stack and the drachtio transport alike.
 *
 * OPTIONS is answered whatever its source (still rate-limited): Front Ends and monitoring ping
 * with it, its answer is no larger than the request, and it reveals only what Herald serves.
 * Every other request from an untrusted source gets 403.
 */
export class PeerPolicy {
  readonly trustedPeers: TrustedPeers;
  private readonly limiter: RateLimiter | undefined;
  /** Trust by address, remembered: matching networks costs microseconds, a Map lookup does not. */
  private readonly addressTrust = new Map<string, boolean>();

  /** @throws Error naming a trusted-peer entry that is not an address, network or name. */
  constructor(options: PeerPolicyOptions) {
    this.trustedPeers = options.trustedPeers === 'open' ? TrustedPeers.open() : TrustedPeers.of(options.trustedPeers);
    const rateLimit = options.rateLimit ?? defaultRateLimit;
    this.limiter = rateLimit === false ? undefined : new RateLimiter(rateLimit, (address) => this.trustsAddress(address));
  }

  /** Counts one request from `address` (monotonic `nowMs`); cheap enough to run before parsing. */
  admit(address: string, nowMs: number): RateVerdict {
    return this.limiter === undefined ? 'accept' : this.limiter.take(address, nowMs);
  }

  /** The Retry-After, in seconds, of a 503 answered to `address` after `admit` said `limit`. */
  retryAfterSeconds(address: string): number {
    return this.limiter?.retryAfterSeconds(address) ?? 1;
  }

  /** Whether a `method` request from `source` is refused with 403. */
  forbids(source: SipSource, method: string): boolean {
    if (method === 'OPTIONS' || this.trustsAddress(source.address)) return false;
    for (const name of source.tlsPeerNames) if (this.trustedPeers.trustsName(name)) return false;
    return true;
  }

  /** Whether `address` is trusted (cached; the cache is bounded and simply emptied when full). */
  trustsAddress(address: string): boolean {
    let trusted = this.addressTrust.get(address);
    if (trusted === undefined) {
      if (this.addressTrust.size >= maxCachedAddresses) this.addressTrust.clear();
      trusted = this.trustedPeers.trustsAddress(address);
      this.addressTrust.set(address, trusted);
    }
    return trusted;
  }

  /** Sources whose rate is being tracked (for metrics and tests). */
  get trackedSources(): number {
    return this.limiter?.trackedSources ?? 0;
  }
}
