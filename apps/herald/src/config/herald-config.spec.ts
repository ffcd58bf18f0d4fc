import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@herald/core';
import { loadHeraldConfig } from './herald-config';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'herald-config-'));
});
afterEach(() => rm(folder, { recursive: true, force: true }));

async function load(yaml: string) {
  const file = join(folder, 'herald.yaml');
  await writeFile(file, yaml);
  return { file, result: await loadHeraldConfig(file).catch((e: unknown) => e) };
}

describe('loadHeraldConfig', () => {
  it('fills defaults and keeps the directory in the same file', async () => {
    const { file, result } = await load('node:\n  location: oslo\nservices: []\n');
    expect(result).toMatchObject({
      node: { location: 'oslo' },
      log: { level: 'info' },
      directory: { store: 'file', file, reloadDebounceMs: 250 },
      adapters: [],
    });
  });

  it('resolves a separate directory file against the configuration file', async () => {
    const { result } = await load('directory:\n  file: rooms/rooms.yaml\n');
    expect(result).toMatchObject({ directory: { file: join(folder, 'rooms/rooms.yaml') } });
  });

  it('reports every problem at once, in file order, with line and column', async () => {
    const { file, result } = await load(
      ['node:', '  nam: x', 'log:', '  level: loud', 'servics: []', 'services:', '  - name: A', '    aliases: [65432]', 'adapters: [carrier-pigeon]'].join('\n'),
    );
    expect(result).toBeInstanceOf(ConfigError);
    expect((result as ConfigError).issues.map((i) => `${i.location} ${i.message}`)).toEqual([
      `${file}:2:3 unknown field; did you mean 'name'?`,
      `${file}:4:3 must be one of 'fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent', not the text 'loud'`,
      `${file}:5:1 unknown section; did you mean 'services'?`,
      `${file}:8:15 must be a string, not number 65432; quote it ('65432') so that YAML keeps it as text, digits and all`,
      `${file}:9:12 'carrier-pigeon' is not an adapter this build has; it has: sip`,
    ]);
  });

  it('refuses directory sections that a separate directory file would hide', async () => {
    const { result } = await load('directory:\n  file: rooms.yaml\nservices: []\n');
    expect((result as ConfigError).message).toContain('services: directory.file names rooms.yaml as the directory, so this section would be ignored');
  });

  it('runs the UCWA-style API only when its section enables it, and only with the HTTP server', async () => {
    expect(await load('services: []\n').then(({ result }) => (result as { ucwa: unknown }).ucwa)).toBeUndefined();
    const { result } = await load('ucwa:\n  enabled: true\n  tokens: [{ name: portal, token: portal-token-0123456789 }]\n');
    expect(result).toMatchObject({ ucwa: { tokens: [{ name: 'portal', token: 'portal-token-0123456789' }], limits: { maxApplications: 20_000 } } });
    const refused = await load('http:\n  enabled: false\nucwa:\n  enabled: true\n');
    expect((refused.result as ConfigError).issues.map((i) => `${i.location} ${i.message}`)).toEqual([
      `${refused.file}:4:3 the UCWA-style API runs on the node's HTTP server, which http.enabled turns off; enable both, or neither`,
    ]);
  });

  it('selects the Redis store with its subsection, and names the field when the two disagree', async () => {
    const { result } = await load("directory:\n  store: redis\n  redis: { url: 'redis://10.0.0.5:6379/0', key_prefix: 'prod:' }\n");
    expect(result).toMatchObject({ directory: { store: 'redis', redis: { url: 'redis://10.0.0.5:6379/0', key_prefix: 'prod:', check_interval_ms: 5000, seed_from_file: true } } });

    const { file, result: missing } = await load('directory:\n  store: redis\n');
    expect((missing as ConfigError).message).toContain(`${file}:2:3 directory.store: is redis, so directory.redis is required`);
    const { result: stray } = await load("directory:\n  redis: { url: 'redis://h:6379' }\n");
    expect((stray as ConfigError).message).toContain('directory.redis: applies only with directory.store: redis');
    const { result: bad } = await load("directory:\n  store: redis\n  redis: { url: 'http://h:6379', check_intervall_ms: 5 }\n");
    expect((bad as ConfigError).issues.map((i) => i.message)).toEqual([
      'must be a redis:// or rediss:// URL with a host, e.g. redis://127.0.0.1:6379/0',
      "unknown field; did you mean 'check_interval_ms'?",
    ]);
  });

  it('runs the management API only when admin_api enables it, with at least one account, and hides secrets in its messages', async () => {
    expect(await load('services: []\n').then(({ result }) => (result as { adminApi: unknown }).adminApi)).toBeUndefined();
    const { result } = await load('admin_api:\n  enabled: true\n  users: [{ name: admin, password: admin-password-0123, role: read-write }]\n');
    expect(result).toMatchObject({
      adminApi: { credentials: [{ kind: 'basic', name: 'admin', password: 'admin-password-0123', role: 'read-write' }], limits: { maxPageSize: 1000 } },
    });
    const refused = await load('admin_api:\n  enabled: true\n  tokens: [{ name: ci, token: short-secret, role: admin }]\n');
    expect((refused.result as ConfigError).issues.map((i) => `${i.location} ${i.message}`)).toEqual([
      `${refused.file}:3:24 must be at least 16 characters long; the token itself is not shown here`,
      `${refused.file}:3:45 must be one of 'read-only', 'read-write', not the text 'admin'`,
    ]);
    const nobody = await load('admin_api:\n  enabled: true\n');
    expect((nobody.result as ConfigError).message).toContain('the management API needs at least one entry in users or tokens');
  });

  it('refuses a document that is not a mapping', async () => {
    const { result } = await load('- just\n- a list\n');
    expect((result as ConfigError).message).toContain('must be a mapping of sections');
  });
});
