import { z } from 'zod';
import { type PeerPolicyOptions } from './peer-policy';
import { defaultRateLimit, type RateLimitBucket } from './rate-limiter';
import { TrustedPeers } from './trusted-peers';

const bucket = (defaults: RateLimitBucket) =>
  z
    .strictObject({
      per_second: z.number().positive().default(defaults.perSecond),
      burst: z.number().int().positive().default(defaults.burst),
    })
    .default({ per_second: defaults.perSecond, burst: defaults.burst });

const trustedPeerEntry = z.string().superRefine((entry, ctx) => {
  const problem = TrustedPeers.problemWith(entry);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: `'${entry}': ${problem}` });
});

/**
 * The peer-policy keys of the `sip:` configuration section, shared by every SIP transport:
 *
 * ```yaml
 * sip:
 *   trusted_peers: [10.0.0.0/24, fe01.contoso.com]   # or: open
 *   rate_limit:                                        # or: false
 *     trusted: { per_second: 10000, burst: 20000 }
 *     untrusted: { per_second: 20, burst: 40 }
 *     max_sources: 10000
 * ```
 */
export const peerPolicyConfigShape = {
  trusted_peers: z.union([z.literal('open'), z.array(trustedPeerEntry)]).default([]),
  rate_limit: z
    .union([
      z.literal(false),
      z.strictObject({
        trusted: bucket(defaultRateLimit.trusted),
        untrusted: bucket(defaultRateLimit.untrusted),
        max_sources: z.number().int().positive().default(defaultRateLimit.maxSources),
      }),
    ])
    .default({
      trusted: { per_second: defaultRateLimit.trusted.perSecond, burst: defaultRateLimit.trusted.burst },
      untrusted: { per_second: defaultRateLimit.untrusted.perSecond, burst: defaultRateLimit.untrusted.burst },
      max_sources: defaultRateLimit.maxSources,
    }),
};

/** The peer-policy keys alone, as a schema (for transports whose section has nothing else). */
export const peerPolicyConfigSchema = z.strictObject(peerPolicyConfigShape);
export type PeerPolicyConfig = z.output<typeof peerPolicyConfigSchema>;

/** Turns the validated configuration keys into `PeerPolicy` options. */
export function peerPolicyOptionsFromConfig(config: PeerPolicyConfig): PeerPolicyOptions {
  const rate = config.rate_limit;
  return {
    trustedPeers: config.trusted_peers,
    rateLimit:
      rate === false
        ? false
        : {
            trusted: { perSecond: rate.trusted.per_second, burst: rate.trusted.burst },
            untrusted: { perSecond: rate.untrusted.per_second, burst: rate.untrusted.burst },
            maxSources: rate.max_sources,
          },
  };
}
