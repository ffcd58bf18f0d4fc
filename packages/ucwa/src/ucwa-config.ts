import { z } from 'zod';
import { accountName, authRealm, secretText, wholeNumberBetween } from '@herald/core';
import { defaultUcwaLimits, defaultUcwaOptions, type UcwaOptions, ucwaTimeoutRange } from './ucwa-options';

const name = accountName;

const timeouts = z
  .strictObject({
    default: wholeNumberBetween(ucwaTimeoutRange.min, ucwaTimeoutRange.max, ' s').default(defaultUcwaLimits.pendingGetTimeoutS.default),
    min: wholeNumberBetween(ucwaTimeoutRange.min, ucwaTimeoutRange.max, ' s').default(defaultUcwaLimits.pendingGetTimeoutS.min),
    max: wholeNumberBetween(ucwaTimeoutRange.min, ucwaTimeoutRange.max, ' s').default(defaultUcwaLimits.pendingGetTimeoutS.max),
  })
  .refine((t) => t.min <= t.default && t.default <= t.max, { path: ['default'], error: 'must lie between min and max' })
  .default({ ...defaultUcwaLimits.pendingGetTimeoutS });

const limitsObject = z.strictObject({
  max_applications: wholeNumberBetween(1, 1_000_000).default(defaultUcwaLimits.maxApplications),
  application_idle_timeout_s: wholeNumberBetween(60, 86_400, ' s').default(defaultUcwaLimits.applicationIdleMs / 1000),
  max_events_per_application: wholeNumberBetween(16, 100_000).default(defaultUcwaLimits.maxEventsPerApplication),
  max_subscriptions_per_application: wholeNumberBetween(1, 1000).default(defaultUcwaLimits.maxSubscriptionsPerApplication),
  max_members_per_subscription: wholeNumberBetween(1, 10_000).default(defaultUcwaLimits.maxMembersPerSubscription),
  pending_get_timeout_s: timeouts,
  max_issued_tokens: wholeNumberBetween(1, 1_000_000).default(defaultUcwaLimits.maxIssuedTokens),
  body_limit_bytes: wholeNumberBetween(1024, 16 * 1024 * 1024, ' bytes').default(defaultUcwaLimits.bodyLimitBytes),
});

/**
 * The `ucwa` section of the configuration file. The API is off unless `enabled`; it runs on the
 * node's HTTP server, so that must be enabled too.
 *
 * ```yaml
 * ucwa:
 *   enabled: true
 *   realm: Herald                 # named in WWW-Authenticate challenges
 *   tokens:                       # bearer tokens accepted as they are
 *     - { name: intranet-portal, token: '…at least 16 characters…' }
 *   clients:                      # may exchange credentials at POST /ucwa/oauth/v1/token
 *     - { client_id: web-app, client_secret: '…at least 16 characters…' }
 *   token_lifetime_s: 3600        # of the tokens the token endpoint issues
 *   limits: { max_applications: 20000, application_idle_timeout_s: 900,
 *             max_events_per_application: 1000, max_subscriptions_per_application: 16,
 *             max_members_per_subscription: 500, max_issued_tokens: 10000,
 *             body_limit_bytes: 65536, pending_get_timeout_s: { default: 180, min: 180, max: 1800 } }
 * ```
 */
const ucwaObject = z
  .strictObject({
    enabled: z.boolean().default(false),
    realm: authRealm(defaultUcwaOptions.realm),
    tokens: z.array(z.strictObject({ name, token: secretText('token') })).default([]),
    clients: z.array(z.strictObject({ client_id: name, client_secret: secretText('secret') })).default([]),
    token_lifetime_s: wholeNumberBetween(60, 86_400, ' s').default(defaultUcwaOptions.tokenLifetimeS),
    limits: limitsObject.default(() => limitsObject.parse({})),
  })
  .superRefine((config, context) => {
    const seen = new Set<string>();
    config.tokens.forEach((token, index) => {
      if (seen.has(token.name)) context.addIssue({ code: 'custom', path: ['tokens', index, 'name'], message: `'${token.name}' names another token too; names must be unique` });
      seen.add(token.name);
    });
    const clients = new Set<string>();
    config.clients.forEach((client, index) => {
      if (clients.has(client.client_id)) context.addIssue({ code: 'custom', path: ['clients', index, 'client_id'], message: `'${client.client_id}' is listed twice` });
      clients.add(client.client_id);
    });
  });

export const ucwaConfigSchema = ucwaObject.default(() => ucwaObject.parse({}));

export type UcwaConfig = z.output<typeof ucwaConfigSchema>;

/** Turns the validated section into the adapter's options. */
export function ucwaOptionsFromConfig(config: UcwaConfig): UcwaOptions {
  const l = config.limits;
  return {
    realm: config.realm,
    tokens: config.tokens.map((t) => ({ name: t.name, token: t.token })),
    clients: config.clients.map((c) => ({ clientId: c.client_id, clientSecret: c.client_secret })),
    tokenLifetimeS: config.token_lifetime_s,
    limits: {
      maxApplications: l.max_applications,
      applicationIdleMs: l.application_idle_timeout_s * 1000,
      maxEventsPerApplication: l.max_events_per_application,
      maxSubscriptionsPerApplication: l.max_subscriptions_per_application,
      maxMembersPerSubscription: l.max_members_per_subscription,
      pendingGetTimeoutS: { ...l.pending_get_timeout_s },
      maxIssuedTokens: l.max_issued_tokens,
      bodyLimitBytes: l.body_limit_bytes,
    },
  };
}
