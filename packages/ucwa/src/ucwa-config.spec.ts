import { parseConfig } from '@herald/core';
import { ucwaConfigSchema, ucwaOptionsFromConfig } from './ucwa-config';
import { defaultUcwaOptions } from './ucwa-options';

const parse = (raw: unknown) => parseConfig(ucwaConfigSchema, raw, ['ucwa']);

describe('the ucwa section', () => {
  it('defaults to no tokens and the documented limits', () => {
    const parsed = parse(undefined);
    expect(parsed.ok && ucwaOptionsFromConfig(parsed.value)).toEqual(defaultUcwaOptions);
  });

  it('reads tokens, clients and limits', () => {
    const parsed = parse({
      realm: 'Example',
      tokens: [{ name: 'portal', token: 'portal-token-0123456789' }],
      clients: [{ client_id: 'web-app', client_secret: 'web-app-secret-0123456789' }],
      token_lifetime_s: 600,
      limits: { max_applications: 50, application_idle_timeout_s: 120, pending_get_timeout_s: { default: 300, max: 600 } },
    });
    expect(parsed.ok).toBe(true);
    const options = parsed.ok ? ucwaOptionsFromConfig(parsed.value) : undefined;
    expect(options).toMatchObject({
      realm: 'Example',
      tokens: [{ name: 'portal', token: 'portal-token-0123456789' }],
      clients: [{ clientId: 'web-app', clientSecret: 'web-app-secret-0123456789' }],
      tokenLifetimeS: 600,
      limits: { maxApplications: 50, applicationIdleMs: 120_000, pendingGetTimeoutS: { default: 300, min: 180, max: 600 } },
    });
  });

  it('names the field of every problem, and never repeats a secret', () => {
    const parsed = parse({
      tokens: [{ name: 'portal', token: 'short-secret' }, { name: 'kiosk', token: 1234567890123456 }, { name: 'lobby' }],
      clients: [{ client_id: 'web app', client_secret: 'tiny' }],
      limits: { pending_get_timeout_s: { default: 100 }, max_aplications: 5 },
    });
    expect(parsed.ok).toBe(false);
    const issues = parsed.ok ? [] : parsed.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toEqual(
      expect.arrayContaining([
        'ucwa.tokens.0.token: must be at least 16 characters long; the token itself is not shown here',
        'ucwa.tokens.1.token: must be text (quote it in YAML); the token itself is not shown here',
        'ucwa.tokens.2.token: is required: text of at least 16 characters',
        'ucwa.clients.0.client_id: may hold only letters, digits and . _ @ -',
        'ucwa.clients.0.client_secret: must be at least 16 characters long; the secret itself is not shown here',
        'ucwa.limits.pending_get_timeout_s.default: must be a whole number between 180 and 1800 s',
        "ucwa.limits.max_aplications: unknown field; did you mean 'max_applications'?",
      ]),
    );
    expect(issues.join('\n')).not.toMatch(/short-secret|1234567890123456|tiny/);
  });

  it('refuses a default timeout outside its own range, and two tokens with one name', () => {
    const parsed = parse({
      tokens: [
        { name: 'portal', token: 'portal-token-0123456789' },
        { name: 'portal', token: 'other-token-0123456789' },
      ],
      limits: { pending_get_timeout_s: { default: 900, max: 600 } },
    });
    const issues = parsed.ok ? [] : parsed.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toEqual([
      'ucwa.limits.pending_get_timeout_s.default: must lie between min and max',
      "ucwa.tokens.1.name: 'portal' names another token too; names must be unique",
    ]);
  });
});
