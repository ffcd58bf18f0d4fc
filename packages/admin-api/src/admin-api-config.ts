import { z } from 'zod';
import { accountName, authRealm, secretText, wholeNumberBetween } from '@herald/core';
import { type AdminApiOptions, defaultAdminApiLimits } from './admin-api-options';

const name = accountName;
const role = z.enum(['read-only', 'read-write']);

const limitsObject = z.strictObject({
  body_limit_bytes: wholeNumberBetween(1024, 16 * 1024 * 1024, ' bytes').default(defaultAdminApiLimits.bodyLimitBytes),
  theme_package_max_bytes: wholeNumberBetween(1024, 256 * 1024 * 1024, ' bytes').default(defaultAdminApiLimits.themePackageMaxBytes),
  max_page_size: wholeNumberBetween(1, 10_000).default(defaultAdminApiLimits.maxPageSize),
});

/**
 * The `admin_api` section: the management API on the node's HTTP server. Off unless `enabled`;
 * every request needs one of the listed users (HTTP basic auth) or tokens (bearer).
 *
 * ```yaml
 * admin_api:
 *   enabled: true
 *   users:  [{ name: admin, password: '…16+ characters…', role: read-write }]
 *   tokens: [{ name: monitoring, token: '…16+ characters…', role: read-only }]
 *   limits: { body_limit_bytes: 1048576, theme_package_max_bytes: 67108864, max_page_size: 1000 }
 * ```
 */
const adminApiObject = z
  .strictObject({
    enabled: z.boolean().default(false),
    realm: authRealm('Herald management API'),
    users: z.array(z.strictObject({ name, password: secretText('password'), role })).default([]),
    tokens: z.array(z.strictObject({ name, token: secretText('token'), role })).default([]),
    limits: limitsObject.default(() => limitsObject.parse({})),
  })
  .superRefine((config, context) => {
    const seen = new Map<string, string>();
    const check = (list: 'users' | 'tokens', names: readonly string[]) =>
      names.forEach((n, index) => {
        const other = seen.get(n);
        if (other !== undefined) context.addIssue({ code: 'custom', path: [list, index, 'name'], message: `'${n}' is also the name of ${other}; names must be unique` });
        seen.set(n, `${list}[${index}]`);
      });
    check('users', config.users.map((u) => u.name));
    check('tokens', config.tokens.map((t) => t.name));
    if (config.enabled && config.users.length === 0 && config.tokens.length === 0) {
      context.addIssue({ code: 'custom', path: ['enabled'], message: 'the management API needs at least one entry in users or tokens; every request must authenticate' });
    }
  });

export const adminApiConfigSchema = adminApiObject.default(() => adminApiObject.parse({}));

export type AdminApiConfig = z.output<typeof adminApiConfigSchema>;

/** Turns the validated section into the API's options. */
export function adminApiOptionsFromConfig(config: AdminApiConfig): AdminApiOptions {
  return {
    realm: config.realm,
    credentials: [
      ...config.users.map((u) => ({ kind: 'basic' as const, name: u.name, password: u.password, role: u.role })),
      ...config.tokens.map((t) => ({ kind: 'bearer' as const, name: t.name, token: t.token, role: t.role })),
    ],
    limits: {
      bodyLimitBytes: config.limits.body_limit_bytes,
      themePackageMaxBytes: config.limits.theme_package_max_bytes,
      maxPageSize: config.limits.max_page_size,
    },
  };
}
