import { z } from 'zod';
import { type SubscriptionLimits } from './subscriptions/subscription-manager';

/**
 * The `sip.subscriptions` section: how long subscriptions last and how many the node holds.
 */
export const sipSubscriptionsSchema = z
  .strictObject({
    default_expires: z.number().int().min(1).max(86_400).default(3600),
    min_expires: z.number().int().min(1).max(86_400).default(60),
    max_expires: z.number().int().min(1).max(86_400).default(3600),
    max_total: z.number().int().min(1).max(10_000_000).default(200_000),
    max_per_watcher: z.number().int().min(1).max(1_000_000).default(2_000),
    max_list_resources: z.number().int().min(1).max(10_000).default(1_000),
    notify_interval_seconds: z.number().min(0).max(60).default(5),
    /** NOTIFYs the node sends at once; the rest of a large fan-out waits its turn. */
    max_notifies_in_flight: z.number().int().min(1).max(100_000).default(500),
    shutdown_grace_seconds: z.number().min(0).max(60).default(5),
  })
  .refine((s) => s.min_expires <= s.default_expires && s.default_expires <= s.max_expires, {
    error: 'must satisfy min_expires ≤ default_expires ≤ max_expires',
  })
  .default({
    default_expires: 3600,
    min_expires: 60,
    max_expires: 3600,
    max_total: 200_000,
    max_per_watcher: 2_000,
    max_list_resources: 1_000,
    notify_interval_seconds: 5,
    max_notifies_in_flight: 500,
    shutdown_grace_seconds: 5,
  });

export type SipSubscriptionsSection = z.output<typeof sipSubscriptionsSchema>;

export const SipPresenceOptions = Symbol.for('sip.SipPresenceOptions');
export interface SipPresenceOptions {
  readonly limits: SubscriptionLimits;
  /** How long a stopping node waits for subscribers to confirm `terminated;reason=deactivated`. */
  readonly shutdownGraceMs: number;
}

/** Options from a validated `sip.subscriptions` section. */
export function sipPresenceOptions(section: SipSubscriptionsSection): SipPresenceOptions {
  return {
    limits: {
      expiry: { defaultSeconds: section.default_expires, minSeconds: section.min_expires, maxSeconds: section.max_expires },
      maxSubscriptions: section.max_total,
      maxPerWatcher: section.max_per_watcher,
      maxListResources: section.max_list_resources,
      notifyIntervalMs: section.notify_interval_seconds * 1000,
      maxNotifiesInFlight: section.max_notifies_in_flight,
    },
    shutdownGraceMs: section.shutdown_grace_seconds * 1000,
  };
}

/** Defaults, for embedders and tests. */
export const defaultSipPresenceOptions: SipPresenceOptions = sipPresenceOptions(sipSubscriptionsSchema.parse(undefined));
