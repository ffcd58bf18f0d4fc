import { z } from 'zod';
import { sipPresenceOptions, type SipPresenceOptions, sipSubscriptionsSchema } from '@herald/sip';
import { type DrachtioSipStackOptions, drachtioSipConfigSchema, drachtioSipOptionsFromConfig } from '@herald/sip-stack-drachtio';
import { type EmbeddedSipStackOptions, embeddedSipConfigShape, embeddedSipOptionsFromConfig } from '@herald/sip-stack-embedded';

/**
 * The `sip:` section: which transport serves SIP (`stack`: `embedded`, or `drachtio` behind
 * drachtio-server), the embedded stack's keys (listen addresses, limits, timers), the drachtio
 * transport's `drachtio` keys, and what both share (public Contact, trusted peers, rate limit)
 * with the presence adapter's `subscriptions` keys. Each transport ignores the other's keys,
 * so that switching `stack` changes nothing else.
 */
export const sipConfigSchema = z
  .strictObject({
    stack: z.enum(['embedded', 'drachtio']).default('embedded'),
    subscriptions: sipSubscriptionsSchema,
    ...embeddedSipConfigShape,
    drachtio: drachtioSipConfigSchema.optional(),
  })
  .superRefine((section, ctx) => {
    if (section.stack === 'drachtio' && section.drachtio === undefined) {
      ctx.addIssue({ code: 'custom', path: ['drachtio'], message: 'stack: drachtio needs a drachtio section with at least secret (and host/port when drachtio-server is not on 127.0.0.1:9022)' });
    }
  })
  .prefault({});

export type SipConfig = z.output<typeof sipConfigSchema>;

export interface SipSettings {
  readonly stack: SipConfig['stack'];
  readonly presence: SipPresenceOptions;
  readonly embedded: EmbeddedSipStackOptions;
  /** Set when the section has `drachtio` keys. */
  readonly drachtio: DrachtioSipStackOptions | undefined;
}

/** Settings from a validated section; relative file names are taken from `baseDir`. */
export function sipSettingsFromConfig(config: SipConfig, baseDir: string): SipSettings {
  const embedded = embeddedSipOptionsFromConfig(config, baseDir);
  return {
    stack: config.stack,
    presence: sipPresenceOptions(config.subscriptions),
    embedded,
    drachtio: config.drachtio === undefined ? undefined : drachtioSipOptionsFromConfig(config.drachtio, { ...(embedded.contact !== undefined && { contact: embedded.contact }), peers: embedded.peers }, baseDir),
  };
}
