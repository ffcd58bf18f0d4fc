import { z } from 'zod';
import { sipPresenceOptions, type SipPresenceOptions, sipSubscriptionsSchema } from '@herald/sip';
import { type EmbeddedSipStackOptions, embeddedSipConfigShape, embeddedSipOptionsFromConfig } from '@herald/sip-stack-embedded';

/**
 * The `sip:` section: which transport serves SIP (`stack`), the transport's own keys (listen
 * addresses, public Contact, trusted peers, rate limit, limits, timers) and the presence
 * adapter's `subscriptions` keys. The peer-policy keys are shared by every transport, so that
 * switching `stack` changes nothing else.
 */
export const sipConfigSchema = z
  .strictObject({
    stack: z.enum(['embedded']).default('embedded'),
    subscriptions: sipSubscriptionsSchema,
    ...embeddedSipConfigShape,
  })
  .prefault({});

export type SipConfig = z.output<typeof sipConfigSchema>;

export interface SipSettings {
  readonly stack: SipConfig['stack'];
  readonly presence: SipPresenceOptions;
  readonly embedded: EmbeddedSipStackOptions;
}

/** Settings from a validated section; relative file names are taken from `baseDir`. */
export function sipSettingsFromConfig(config: SipConfig, baseDir: string): SipSettings {
  return {
    stack: config.stack,
    presence: sipPresenceOptions(config.subscriptions),
    embedded: embeddedSipOptionsFromConfig(config, baseDir),
  };
}
