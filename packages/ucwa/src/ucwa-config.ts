import { z } from 'zod';
import { defaultUcwaLimits, defaultUcwaOptions, type UcwaOptions, ucwaTimeoutRange } from './ucwa-options';

/** A whole number in [min, max], with a message that says so. */
const between = (min: number, max: number, unit = '') => {
  const message = `must be a whole number between ${min} and ${max}${unit}`;
  return z.number().int(message).min(min, message).max(max, message);
};

/**
 * A secret: text of at least 16 characters. The messages never repeat the value (the core's
 * messages for a wrong type would), so a misconfigured secret does not end up in a log or a
 * terminal.
 */
const secret = (what: string) =>
  z.unknown().transform((value, context) => {
    const problem =
      value === undefined
        ? `is required: text of at least 16 characters`
        : typeof value !== 'string'
          ? `must be text (quote it in YAML); the ${what} itself is not shown here`
          : value.length < 16
            ? `must be at least 16 characters long; the ${what} itself is not shown here`
            : undefined;
    if (problem === undefined) return value as string;
    context.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  });

const name = z.string().min(1).max(100).regex(/^[\w.@-]+$/, 'may hold only letters, digits and . _ @ -');

const timeouts = z
  .strictObject({
    default: between(ucwaTimeoutRange.min, ucwaTimeoutRange.max, ' s').default(defaultUcwaLimits.pendingGetTimeoutS.default),
    min: between(ucwaTimeoutRange.min, ucwaTimeoutRange.max, ' s').default(defaultUcwaLimits.pendingGetTimeoutS.min),
    max: between(ucwaTimeoutRange.min, ucwaTimeoutRange.max, ' s').default(defaultUcwaLimits.pendingGetTimeoutS.max),
  })
  .refine((t) => t.min <= t.default && t.default <= t.max, { path: ['default'], error: 'must lie between min and max' })
  .default({ ...defaultUcwaLimits.pendingGetTimeoutS });

const limitsObject = z.strictObject({
  max_applications: between(1, 1_000_000).default(defaultUcwaLimits.maxApplications),
  application_idle_timeout_s: between(60, 86_400, ' s').default(defaultUcwaLimits.applicationIdleMs / 1000),
  max_events_per_application: between(16, 100_000).default(defaultUcwaLimits.maxEventsPerApplication),
  max_subscriptions_per_application: between(1, 1000).default(defaultUcwaLimits.maxSubscriptionsPerApplication),
  max_members_per_subscription: between(1, 10_000).default(defaultUcwaLimits.maxMembersPerSubscription),
  pending_get_timeout_s: timeouts,
  max_issued_tokens: between(1, 1_000_000).default(defaultUcwaLimits.maxIssuedTokens),
  body_limit_bytes: between(1024, 16 * 1024 * 1024, ' bytes').default(defaultUcwaLimits.bodyLimitBytes),
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
    realm: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[^"\\\r\n]+$/, 'may not hold quotes, backslashes or line breaks (it is sent in a header)')
      .default(defaultUcwaOptions.realm),
    tokens: z.array(z.strictObject({ name, token: secret('token') })).default([]),
    clients: z.array(z.strictObject({ client_id: name, client_secret: secret('secret') })).default([]),
    token_lifetime_s: between(60, 86_400, ' s').default(defaultUcwaOptions.tokenLifetimeS),
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
