import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import {
  Container,
  createCoreModule,
  type DirectoryChange,
  type DirectoryContent,
  DirectoryValidator,
  DirectoryWriteError,
  Lifecycle,
  LifecycleError,
  SystemClock,
} from '@herald/core';
import { aRule, aService, aTheme, directoryContent, RecordingLogger, RedisServerProcess } from '@herald/testing';
import { createDirectoryRedisModule } from './directory-redis-module';
import { RedisDirectoryHealth } from './redis-directory-health';
import { defaultRedisDirectoryOptions, type RedisDirectoryOptions } from './redis-directory-options';
import { RedisDirectoryStore } from './redis-directory-store';
import { redisLayout } from './redis-layout';
import { readLocalTheme } from './theme-package-cache';

jest.setTimeout(60_000);

let redis: RedisServerProcess;
let folder: string;
let prefixCount = 0;
let prefix: string;
const running: Lifecycle[] = [];

beforeAll(async () => {
  redis = await RedisServerProcess.start({ appendOnly: true });
});
afterAll(async () => {
  await redis.stop();
});
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'herald-directory-redis-'));
  prefix = `test${++prefixCount}:`;
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((l) => l.stop()));
  await rm(folder, { recursive: true, force: true });
});

const alice = (name: string): DirectoryContent =>
  directoryContent({
    services: [aService({ name, aliases: [{ alias: 'meet.alice@vc.example.com', description: '' }] })],
    rules: [aRule({ name: 'rooms', matchString: '[a-z]+-room\\d\\d\\d@vc\\.example\\.com' })],
  });

async function startStore(name: string, options: Partial<RedisDirectoryOptions> = {}, extra: (c: Container) => void = () => undefined) {
  const logger = new RecordingLogger();
  const container = new Container();
  container.loadSync(createCoreModule({ logger, clock: new SystemClock() }));
  container.loadSync(
    createDirectoryRedisModule({
      ...defaultRedisDirectoryOptions,
      url: redis.url,
      keyPrefix: prefix,
      mode: 'serve',
      themeCacheDir: join(folder, `cache-${name}`),
      checkIntervalMs: 300,
      reconnectMaxDelayMs: 200,
      connectTimeoutMs: 2000,
      commandTimeoutMs: 1000,
      ...options,
    }),
  );
  extra(container);
  const lifecycle = container.get<Lifecycle>(Lifecycle);
  await lifecycle.start();
  running.push(lifecycle);
  const store = container.get(RedisDirectoryStore);
  return { store, logger, lifecycle, health: container.get(RedisDirectoryHealth) };
}

type Store = Awaited<ReturnType<typeof startStore>>['store'];

/** Resolves with the next change of `store`'s snapshot (at most 5 s). */
function nextChange(store: Store, accept: (change: DirectoryChange) => boolean = () => true): Promise<DirectoryChange> {
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => {
      listener.dispose();
      reject(new Error('no directory change within 5 s'));
    }, 5000);
    const listener = store.onDidChange((change) => {
      if (!accept(change)) return;
      clearTimeout(timeout);
      listener.dispose();
      resolve(change);
    });
  });
}

/** Polls `condition` every 25 ms for at most `ms`. */
async function eventually(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const writeError = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('the write was accepted');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(DirectoryWriteError);
      return error as DirectoryWriteError;
    },
  );

describe('RedisDirectoryStore', () => {
  it('serves a write at once, and a node that starts later loads it', async () => {
    const a = await startStore('a');
    expect(a.store.current().version).toBe('0');
    const written = await a.store.write({ content: alice('Alice'), expectedVersion: '0', actor: 'test' });
    expect(written.version).toMatch(/^1-[0-9a-f]{12}$/);
    expect(a.store.current()).toBe(written);
    const b = await startStore('b');
    expect(b.store.current().version).toBe(written.version);
    expect(b.store.current().services[0].name).toBe('Alice');
    expect(b.store.current().rules[0].origin).toContain(`[${prefix}directory]#gateway_routing_rules[0]`);
  });

  it('two nodes converge: a write through one reaches the watchers of the other', async () => {
    const a = await startStore('a');
    const b = await startStore('b');
    const first = await a.store.write({ content: alice('Alice'), expectedVersion: '0', actor: 'test' });
    await eventually(() => b.store.current().version === first.version, 'b loads the first version');
    const change = nextChange(b.store);
    const second = await a.store.write({ content: alice('Alice renamed'), expectedVersion: first.version, actor: 'test' });
    const { previous, current } = await change;
    expect(previous.services[0].name).toBe('Alice');
    expect(current.version).toBe(second.version);
    expect(current.services[0].name).toBe('Alice renamed');
  });

  it('of two writes from one version exactly one wins; the other gets conflict and the version that won', async () => {
    const a = await startStore('a');
    const b = await startStore('b');
    const base = await a.store.write({ content: alice('Alice'), expectedVersion: '0', actor: 'test' });
    await eventually(() => b.store.current().version === base.version, 'b loads the base version');
    const results = await Promise.allSettled([
      a.store.write({ content: alice('From A'), expectedVersion: base.version, actor: 'a' }),
      b.store.write({ content: alice('From B'), expectedVersion: base.version, actor: 'b' }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const error = lost[0].reason as DirectoryWriteError;
    expect(error.reason).toBe('conflict');
    expect(error.currentVersion).toBe(won[0].value.version);
    await eventually(() => a.store.current().version === b.store.current().version, 'both nodes serve the winner');
    expect(a.store.current().services[0].name).toBe(won[0].value.services[0].name);
  });

  it('refuses invalid content with every issue, writing nothing', async () => {
    const noBad: DirectoryValidator = {
      id: 'no-bad-rules',
      validate: (content) => content.rules.flatMap((r, i) => (r.name === 'bad' ? [{ path: ['gateway_routing_rules', i, 'match_string'], message: 'refused', severity: 'error' as const }] : [])),
    };
    const a = await startStore('a', {}, (c) => c.bind(DirectoryValidator).toConstantValue(noBad));
    const base = await a.store.write({ content: alice('Alice'), expectedVersion: '0', actor: 'test' });
    const duplicate = directoryContent({ services: [aService({ name: 'One', aliases: [{ alias: 'x@vc.example.com', description: '' }] }), aService({ name: 'Two', aliases: [{ alias: 'X@vc.example.com', description: '' }] })] });
    const error = await writeError(a.store.write({ content: duplicate, expectedVersion: base.version, actor: 'test' }));
    expect(error.reason).toBe('invalid');
    expect(error.issues[0]).toMatchObject({ path: ['services', 1, 'aliases', 0, 'alias'] });
    const refused = await writeError(a.store.write({ content: directoryContent({ rules: [aRule({ name: 'bad', matchString: 'x' })] }), expectedVersion: base.version, actor: 'test' }));
    expect(refused.issues).toEqual([{ path: ['gateway_routing_rules', 0, 'match_string'], message: 'refused', severity: 'error' }]);
    const missingTheme = await writeError(a.store.write({ content: directoryContent({ themes: [aTheme('Gone', join(folder, 'nowhere'))] }), expectedVersion: base.version, actor: 'test' }));
    expect(missingTheme.issues[0].message).toContain(`theme 'Gone': ${join(folder, 'nowhere')} does not exist`);
    expect(a.store.current().version).toBe(base.version);
    const b = await startStore('b');
    expect(b.store.current().version).toBe(base.version);
  });

  it('shares theme packages: every node serves them from its own cache folder', async () => {
    const themeFolder = join(folder, 'blue');
    await rm(themeFolder, { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(themeFolder));
    await writeFile(join(themeFolder, 'presence_avatar_image.jpg'), 'not really a jpeg');
    const zip = await readLocalTheme(themeFolder, 1 << 20);
    const a = await startStore('a');
    const b = await startStore('b');
    const change = nextChange(b.store);
    const content = directoryContent({ themes: [aTheme('Blue', 'anything')], defaultTheme: 'Blue' });
    await a.store.write({ content, themePackages: new Map([['Blue', zip]]), expectedVersion: '0', actor: 'test' });
    const { current } = await change;
    expect(current.themes[0].path).toMatch(new RegExp(`^${join(folder, 'cache-b')}/[0-9a-f]{64}\\.zip$`));
    expect(await readFile(current.themes[0].path)).toEqual(zip);
    // Writing the content back as read keeps the package; dropping the theme removes it from Redis.
    const kept = await b.store.write({ content: { ...current, services: [aService({ name: 'Room' })] }, expectedVersion: current.version, actor: 'test' });
    expect(await readFile(kept.themes[0].path)).toEqual(zip);
    await b.store.write({ content: directoryContent(), expectedVersion: kept.version, actor: 'test' });
    const raw = new Redis(redis.url);
    expect(await raw.hlen(redisLayout(prefix).packages)).toBe(0);
    raw.disconnect();
  });

  it('seeds an empty Redis once, uploading theme folders; later nodes load what was seeded', async () => {
    const themeFolder = join(folder, 'seeded');
    await import('node:fs/promises').then((fs) => fs.mkdir(themeFolder));
    await writeFile(join(themeFolder, 'presence_avatar_image.jpg'), 'bytes');
    const seed = (name: string) => () => Promise.resolve({ ...alice(name), themes: [aTheme('Seeded', themeFolder)], defaultTheme: 'Seeded' });
    const a = await startStore('a', { seed: seed('Seeded by A') });
    const b = await startStore('b', { seed: seed('Seeded by B') });
    expect(a.store.current().services[0].name).toBe('Seeded by A');
    expect(b.store.current().version).toBe(a.store.current().version);
    expect(b.store.current().themes[0].path).toContain(join(folder, 'cache-b'));
  });

  it('catches a change whose notice was lost with its periodic version check', async () => {
    const a = await startStore('a');
    const base = await a.store.write({ content: alice('Alice'), expectedVersion: '0', actor: 'test' });
    const raw = new Redis(redis.url);
    const key = redisLayout(prefix).directory;
    const stored = (await raw.hget(key, 'content')) as string;
    const change = nextChange(a.store);
    // Changed behind the store's back: no PUBLISH, as if the notice had been lost.
    await raw.hset(key, 'version', '2-manual', 'seq', '2', 'content', stored.replace('"Alice"', '"Alice, quietly"'));
    raw.disconnect();
    const { current } = await change;
    expect(current.version).toBe('2-manual');
    expect(current.services[0].name).toBe('Alice, quietly');
    expect(base.version).not.toBe(current.version);
  });

  it('checks a loaded version field by field, as a file: a rule priority out of range is refused and the last good version serves', async () => {
    const a = await startStore('a');
    const base = await a.store.write({ content: alice('Alice'), expectedVersion: '0', actor: 'test' });
    const raw = new Redis(redis.url);
    const key = redisLayout(prefix).directory;
    const stored = JSON.parse((await raw.hget(key, 'content')) as string) as { rules: { priority: number }[] };
    stored.rules[0].priority = 500;
    await raw.hset(key, 'version', '2-manual', 'seq', '2', 'content', JSON.stringify(stored));
    raw.disconnect();
    // The periodic check (300 ms here) finds it; bounded wait.
    for (let i = 0; i < 100 && a.store.status().refused === undefined; i++) await new Promise((r) => setTimeout(r, 20));
    const [refusal] = a.logger.find('error', 'directory version 2-manual in Redis refused');
    expect(refusal?.message).toContain('gateway_routing_rules[0].priority');
    expect(a.store.current().version).toBe(base.version);
    expect(a.store.status().refused?.version).toBe('2-manual');
  });

  it('offline against an empty Redis answers from the seed at version 0; a write from it seeds Redis and applies the change', async () => {
    const cli = await startStore('cli', { mode: 'offline', seed: () => Promise.resolve(alice('From the file')) });
    expect(cli.store.current()).toMatchObject({ version: '0', services: [{ name: 'From the file' }] });
    const current = cli.store.current();
    const written = await cli.store.write({ content: { ...current, services: [...current.services, aService({ name: 'Imported' })] }, expectedVersion: '0', actor: 'test' });
    const a = await startStore('a', { seed: () => Promise.resolve(alice('Not used: Redis is seeded')) });
    expect(a.store.current().version).toBe(written.version);
    expect(a.store.current().services.map((s) => s.name)).toEqual(['From the file', 'Imported']);
  });

  it('while Redis is away: serves its snapshot, reports degraded, refuses writes; converges when it returns', async () => {
    const a = await startStore('a');
    const b = await startStore('b');
    const base = await a.store.write({ content: alice('Alice'), expectedVersion: '0', actor: 'test' });
    await eventually(() => b.store.current().version === base.version, 'b loads the version');

    await redis.kill();
    await eventually(() => !a.store.status().up && !b.store.status().up, 'both nodes notice the outage');
    expect(a.store.current().services[0].name).toBe('Alice');
    expect(a.health.check()).toMatchObject({ status: 'degraded', detail: expect.stringContaining(`Redis is unreachable since`) });
    expect(a.logger.find('error', `Redis is unreachable; serving directory version ${base.version} from memory`)).toHaveLength(1);
    const refused = await writeError(a.store.write({ content: alice('During the outage'), expectedVersion: base.version, actor: 'test' }));
    expect(refused.reason).toBe('unavailable');

    await redis.restart();
    await eventually(() => a.store.status().up && b.store.status().up, 'both nodes reconnect');
    expect(a.health.check()).toEqual({ status: 'ok' });
    const change = nextChange(b.store);
    const after = await a.store.write({ content: alice('After the outage'), expectedVersion: base.version, actor: 'test' });
    expect((await change).current.version).toBe(after.version);
  });

  it('gives an empty, restarted Redis back the snapshot the nodes were serving', async () => {
    const volatile = await RedisServerProcess.start();
    try {
      const options = { url: volatile.url };
      const a = await startStore('a', options);
      const b = await startStore('b', options);
      const base = await a.store.write({ content: { ...alice('Alice'), themes: [aTheme('T', join(__dirname, '..', 'package.json'))] }, expectedVersion: '0', actor: 'test' });
      await eventually(() => b.store.current().version === base.version, 'b loads the version');
      await volatile.restart();
      const raw = new Redis(volatile.url);
      const key = redisLayout(prefix).directory;
      let held: string | null = null;
      for (let i = 0; i < 200 && held === null; i++) {
        held = await raw.hget(key, 'version').catch(() => null);
        if (held === null) await new Promise((r) => setTimeout(r, 50));
      }
      // Same content, first write: the same version as before, so no node sees a change.
      expect(held).toBe(base.version);
      expect(b.store.current().version).toBe(base.version);
      expect(a.store.current().services[0].name).toBe('Alice');
      expect(await raw.hlen(redisLayout(prefix).packages)).toBe(1);
      raw.disconnect();
      expect([...a.logger.find('warn', 'writing back version'), ...b.logger.find('warn', 'writing back version')].length).toBeGreaterThanOrEqual(1);
    } finally {
      await Promise.all(running.splice(0).map((l) => l.stop()));
      await volatile.stop();
    }
  });

  it('refuses to start when Redis cannot be reached, naming the setting', async () => {
    const error = await startStore('a', { url: 'redis://127.0.0.1:1', connectTimeoutMs: 500 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LifecycleError);
    expect((error as LifecycleError).message).toContain('cannot load the directory from Redis at redis://127.0.0.1:1 (directory.redis.url)');
  });

  it('offline (the CLI) loads the latest version once and follows nothing', async () => {
    const a = await startStore('a');
    const base = await a.store.write({ content: alice('Alice'), expectedVersion: '0', actor: 'test' });
    const cli = await startStore('cli', { mode: 'offline' });
    expect(cli.store.current().version).toBe(base.version);
    await a.store.write({ content: alice('Later'), expectedVersion: base.version, actor: 'test' });
    await new Promise((r) => setTimeout(r, 500));
    expect(cli.store.current().version).toBe(base.version);
  });
});
