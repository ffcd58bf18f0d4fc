import type Redis from 'ioredis';
import {
  Clock,
  ConfigError,
  type Directory,
  type DirectoryChange,
  DirectorySnapshot,
  DirectoryValidation,
  type DirectoryWrite,
  DirectoryWriteError,
  type DirectoryWriter,
  type Disposable,
  Emitter,
  inject,
  injectable,
  type LifecycleContribution,
  Logger,
  Metrics,
  optional,
} from '@herald/core';
import { checkDirectoryContent } from './check-content';
import { prepareWrite } from './prepare-write';
import { connectWithin, createRedisClient, describeRedisError, redactedUrl } from './redis-connection';
import { redisDirectoryMetrics, type RedisDirectoryCounters } from './redis-directory-metrics';
import { RedisDirectoryOptions } from './redis-directory-options';
import { emptyVersion, redisLayout, writeScript } from './redis-layout';
import { decodeDirectory, encodeDirectory, sha256, storedToContent } from './stored-directory';
import { ThemePackageCache } from './theme-package-cache';

/** Writes waiting on one node; beyond this they are refused as `unavailable`. */
const maxQueuedWrites = 64;

/** What the store reports to its health check and metrics. */
export interface RedisDirectoryStatus {
  readonly up: boolean;
  /** When the current outage began (wall clock, ms), if Redis is away. */
  readonly downSince?: number;
  /** The last version this node refused to serve, and why. */
  readonly refused?: { readonly version: string; readonly reason: string };
  readonly version: string;
}

/** A version Redis holds that this node refused (bad JSON, a failed validator). */
class RefusedVersion extends Error {}
/** A package the content names vanished: the directory moved on while we read it. */
class MovedOn extends Error {}

type WriteResult = ['ok' | 'conflict' | 'missing', string];
type RedisWithScript = Redis & { heraldWrite(...args: (string | Buffer)[]): Promise<WriteResult> };

/**
 * The directory shared by several nodes through Redis. Each node holds the whole snapshot in
 * memory; Redis holds the current version, written with a compare-and-set so that two writers
 * from one version cannot both win. A write publishes its version; every node then loads it and
 * tells its own watchers. A node loads the latest version when it starts, after reconnecting,
 * and whenever its periodic version check finds it behind (lost notices). While Redis is away
 * the node serves its last snapshot, reports the outage, and refuses writes.
 */
@injectable()
export class RedisDirectoryStore implements Directory, DirectoryWriter, LifecycleContribution {
  readonly id = 'directory-redis';
  readonly origin: string;
  private snapshot = DirectorySnapshot.empty;
  private readonly changes: Emitter<DirectoryChange>;
  readonly onDidChange;
  private readonly layout;
  private readonly cache: ThemePackageCache;
  private readonly logger: Logger;
  private readonly counters: RedisDirectoryCounters;
  private client: RedisWithScript | undefined;
  private subscriber: Redis | undefined;
  /** Loads and writes run one at a time, so a slow load never overwrites a newer write. */
  private queue: Promise<unknown> = Promise.resolve();
  private queuedWrites = 0;
  private loadQueued = false;
  private checkTimer: Disposable | undefined;
  private stopped = true;
  private downSince: number | undefined;
  private lastError: string | undefined;
  private refused: { version: string; reason: string } | undefined;

  constructor(
    @inject(RedisDirectoryOptions) private readonly options: RedisDirectoryOptions,
    @inject(DirectoryValidation) private readonly validation: DirectoryValidation,
    @inject(Clock) private readonly clock: Clock,
    @inject(Logger) logger: Logger,
    @inject(Metrics) @optional() metrics: Metrics | undefined,
  ) {
    this.layout = redisLayout(options.keyPrefix);
    this.origin = `${redactedUrl(options.url)}[${this.layout.directory}]`;
    this.cache = new ThemePackageCache(options.themeCacheDir);
    this.logger = logger.child({ component: this.id, redis: redactedUrl(options.url) });
    this.changes = new Emitter<DirectoryChange>((error) => this.logger.error({ err: error }, 'a directory listener failed'));
    this.onDidChange = this.changes.event;
    this.counters = redisDirectoryMetrics(metrics, clock, { up: () => this.status().up, downSince: () => this.downSince });
  }

  current(): DirectorySnapshot {
    return this.snapshot;
  }

  status(): RedisDirectoryStatus {
    return {
      up: this.client?.status === 'ready',
      ...(this.downSince === undefined ? {} : { downSince: this.downSince }),
      ...(this.refused === undefined ? {} : { refused: this.refused }),
      version: this.snapshot.version,
    };
  }

  async start(): Promise<void> {
    this.stopped = false;
    const client = createRedisClient(this.options, 'commands') as RedisWithScript;
    client.defineCommand('heraldWrite', { numberOfKeys: 2, lua: writeScript });
    client.on('error', (error: Error) => (this.lastError = describeRedisError(error)));
    this.client = client;
    try {
      await connectWithin(client, this.options.connectTimeoutMs);
      if (this.options.mode === 'serve') await this.listen();
      await this.enqueue(() => this.sync(true));
    } catch (error) {
      this.disconnect();
      if (error instanceof ConfigError) throw error;
      throw new Error(`cannot load the directory from Redis at ${redactedUrl(this.options.url)} (directory.redis.url): ${describeRedisError(error)}`);
    }
    client.on('close', () => this.markDown());
    client.on('ready', () => this.markUp());
    if (this.options.mode === 'serve') this.scheduleCheck();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.checkTimer?.dispose();
    this.checkTimer = undefined;
    await this.queue.catch(() => undefined);
    this.disconnect();
    this.changes.dispose();
  }

  write(write: DirectoryWrite): Promise<DirectorySnapshot> {
    if (this.queuedWrites >= maxQueuedWrites) {
      return Promise.reject(new DirectoryWriteError('unavailable', `${maxQueuedWrites} directory writes are already waiting on this node; try again shortly`));
    }
    this.queuedWrites++;
    return this.enqueue(() => this.writeNow(write))
      .then(
        (snapshot) => {
          this.counters.write('ok');
          return snapshot;
        },
        (error: unknown) => {
          const reason = error instanceof DirectoryWriteError && error.reason !== 'read-only' ? error.reason : 'unavailable';
          this.counters.write(reason);
          throw error;
        },
      )
      .finally(() => this.queuedWrites--);
  }

  /** Notices arrive on their own connection, which Redis reserves for pub/sub. */
  private async listen(): Promise<void> {
    const subscriber = createRedisClient(this.options, 'notices');
    this.subscriber = subscriber;
    subscriber.on('error', (error: Error) => (this.lastError = describeRedisError(error)));
    await connectWithin(subscriber, this.options.connectTimeoutMs);
    subscriber.on('message', (_channel: string, version: string) => {
      if (version !== this.snapshot.version) this.scheduleLoad('change notice');
    });
    // After a reconnect, notices sent meanwhile are lost: look at the version again.
    subscriber.on('ready', () => this.scheduleLoad('notice channel reconnected'));
    await subscriber.subscribe(this.layout.channel);
  }

  private disconnect(): void {
    this.client?.disconnect();
    this.subscriber?.disconnect();
    this.client = undefined;
    this.subscriber = undefined;
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task, task);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private scheduleLoad(reason: string): void {
    if (this.loadQueued || this.stopped || this.options.mode !== 'serve') return;
    this.loadQueued = true;
    void this.enqueue(async () => {
      this.loadQueued = false;
      if (this.stopped || this.client?.status !== 'ready') return;
      try {
        await this.sync(false);
      } catch (error) {
        this.counters.load('failed');
        this.logger.warn({ err: error, reason }, `could not load the directory from Redis; still serving version ${this.snapshot.version}`);
      }
    });
  }

  /** The safety net for lost notices: compare versions every `checkIntervalMs`. */
  private scheduleCheck(): void {
    if (this.stopped) return;
    this.checkTimer = this.clock.setTimer(this.options.checkIntervalMs, () => {
      this.scheduleLoad('periodic check');
      this.scheduleCheck();
    });
  }

  private markDown(): void {
    if (this.downSince !== undefined || this.stopped) return;
    this.downSince = this.clock.now();
    this.logger.error(
      { version: this.snapshot.version, reason: this.lastError },
      `Redis is unreachable; serving directory version ${this.snapshot.version} from memory and refusing writes until it is back`,
    );
    this.counters.outage();
  }

  private markUp(): void {
    if (this.downSince === undefined || this.stopped) return;
    const seconds = Math.round((this.clock.now() - this.downSince) / 100) / 10;
    this.downSince = undefined;
    this.logger.info({ outageSeconds: seconds }, `Redis is reachable again after ${seconds} s; loading the latest directory`);
    this.scheduleLoad('reconnected');
  }

  /**
   * Makes this node serve what Redis holds. At start a version that cannot be served is an
   * error; later it is logged and the last good snapshot keeps serving. An empty Redis is
   * seeded at start, or given back this node's snapshot if it lost its data.
   */
  private async sync(starting: boolean, attempt = 0): Promise<void> {
    const client = this.requireClient();
    const version = (await client.hget(this.layout.directory, 'version')) ?? emptyVersion;
    if (version === emptyVersion) return this.fillEmpty(starting);
    if (version === this.snapshot.version || version === this.refused?.version) return;
    const [headVersion, json] = await client.hmget(this.layout.directory, 'version', 'content');
    if (headVersion === null || json === null) return attempt < 3 ? this.sync(starting, attempt + 1) : undefined;
    try {
      const snapshot = await this.materialise(headVersion, json);
      this.refused = undefined;
      this.counters.load('loaded');
      await this.install(snapshot, starting ? 'loaded' : 'reloaded', `the version in Redis`);
    } catch (error) {
      if (error instanceof MovedOn && attempt < 3) return this.sync(starting, attempt + 1);
      if (!(error instanceof RefusedVersion) && !(error instanceof ConfigError)) throw error;
      if (starting) throw error;
      this.refused = { version: headVersion, reason: error.message };
      this.counters.load('refused');
      this.logger.error({ refused: headVersion, version: this.snapshot.version }, `directory version ${headVersion} in Redis refused; still serving version ${this.snapshot.version}\n${error.message}`);
    }
  }

  private async fillEmpty(starting: boolean): Promise<void> {
    if (this.options.mode !== 'serve') return this.answerFromSeed();
    const restore = this.snapshot !== DirectorySnapshot.empty;
    const content = restore ? this.snapshot : starting ? await this.options.seed?.() : undefined;
    if (content === undefined) {
      this.logger.warn(`Redis holds no directory yet at ${this.origin}; serving an empty directory until one is written`);
      return;
    }
    if (restore) this.logger.warn({ version: this.snapshot.version }, `Redis holds no directory (did it restart without persistence?); writing back version ${this.snapshot.version} from this node's memory`);
    try {
      await this.writeNow({ content, expectedVersion: emptyVersion, actor: restore ? `restore by ${this.id}` : 'seed from the configuration file' });
    } catch (error) {
      // Another node seeded or restored first: serve what it wrote.
      if (error instanceof DirectoryWriteError && error.reason === 'conflict') return this.sync(starting);
      if (error instanceof DirectoryWriteError && error.reason === 'invalid') throw new ConfigError('the directory sections used to seed Redis', error.issues);
      throw error;
    }
  }

  /**
   * A one-shot command (`resolve`, `check`, `import`) against an empty Redis answers with what
   * the first serving node will seed it with, so that `herald import --apply` before any node
   * has started merges into the file's directory sections instead of dropping them. Its version
   * stays `0`: a write from it is the seed and the change at once, and loses to a node that
   * seeded meanwhile (409).
   */
  private async answerFromSeed(): Promise<void> {
    const seed = await this.options.seed?.();
    if (seed === undefined) {
      this.logger.warn(`Redis holds no directory yet at ${this.origin}; answering from an empty directory`);
      return;
    }
    const { content, issues } = await checkDirectoryContent(seed, this.validation, this.origin);
    const errors = issues.filter((i) => i.severity === 'error');
    if (errors.length > 0) throw new ConfigError('the directory sections used to seed Redis', errors);
    this.logger.warn(`Redis holds no directory yet at ${this.origin}; answering from the configuration file's directory sections, which seed it at the first write or when the first node starts`);
    this.snapshot = new DirectorySnapshot(content, { version: emptyVersion, origin: this.origin });
  }

  /** Reads a stored version, fetches its packages into the cache, and checks it like a write. */
  private async materialise(version: string, json: string): Promise<DirectorySnapshot> {
    if (Buffer.byteLength(json) > this.options.maxContentBytes) throw new RefusedVersion(`it is larger than ${this.options.maxContentBytes} bytes`);
    let stored;
    try {
      stored = decodeDirectory(json);
    } catch (error) {
      throw new RefusedVersion((error as Error).message);
    }
    for (const digest of new Set(stored.themes.map((t) => t.package))) {
      if (await this.cache.has(digest)) continue;
      const bytes = await this.requireClient().hgetBuffer(this.layout.packages, digest);
      if (bytes === null) throw new MovedOn(`theme package ${digest} is gone`);
      await this.cache.put(digest, bytes);
    }
    let checked;
    try {
      checked = await checkDirectoryContent(storedToContent(stored, (digest) => this.cache.pathOf(digest), this.origin), this.validation, this.origin);
    } catch (error) {
      // Content of the wrong outline (a hand-edited or foreign value) fails before the checks.
      throw new RefusedVersion(`its content is not a directory: ${(error as Error).message}`);
    }
    const errors = checked.issues.filter((i) => i.severity === 'error');
    if (errors.length > 0) throw new ConfigError(`directory version ${version} in Redis`, errors);
    return new DirectorySnapshot(checked.content, { version, origin: this.origin });
  }

  private async writeNow(write: DirectoryWrite, retried = false): Promise<DirectorySnapshot> {
    const client = this.client;
    if (client?.status !== 'ready') {
      throw new DirectoryWriteError('unavailable', `Redis at ${redactedUrl(this.options.url)} is unreachable${this.lastError ? ` (${this.lastError})` : ''}; nothing was written`);
    }
    const prepared = await prepareWrite(write, this.cache, this.options.maxThemePackageBytes);
    const checked = prepared.issues.length > 0 ? { content: prepared.content, issues: prepared.issues } : await checkDirectoryContent(prepared.content, this.validation, this.origin);
    const errors = checked.issues.filter((i) => i.severity === 'error');
    if (errors.length > 0) throw new DirectoryWriteError('invalid', `the directory was not written: ${errors.length} problem(s)`, errors);
    const content = checked.content;
    const json = encodeDirectory(content, prepared.packageOf);
    if (Buffer.byteLength(json) > this.options.maxContentBytes) {
      throw new DirectoryWriteError('invalid', `the directory is larger than the ${this.options.maxContentBytes}-byte limit`, [{ path: [], message: 'too large', severity: 'error' }]);
    }
    const referenced = [...new Set(prepared.packageOf.values())];
    const upload = [...prepared.upload].flatMap(([digest, bytes]) => [digest, bytes]);
    let result: WriteResult;
    try {
      result = await client.heraldWrite(
        this.layout.directory, this.layout.packages,
        write.expectedVersion, json, sha256(json).slice(0, 12), write.actor, String(this.clock.now()), this.layout.channel, referenced.join(','),
        ...upload,
      );
    } catch (error) {
      // A timeout leaves it open whether Redis applied the write; the version check settles
      // it, and a retry from the same version then gets `conflict` rather than applying twice.
      this.scheduleLoad('unconfirmed write');
      throw new DirectoryWriteError('unavailable', `Redis did not confirm the write (${describeRedisError(error)}); re-read the directory before retrying`);
    }
    const [outcome, value] = result;
    if (outcome === 'conflict') {
      this.scheduleLoad('write conflict');
      throw new DirectoryWriteError('conflict', `the directory is at version ${value}, not ${write.expectedVersion}: someone else wrote first; re-read it and retry`, [], value);
    }
    if (outcome === 'missing') {
      // Packages this node has but Redis lost (it restarted empty): send them and try again.
      if (!retried && (await this.cache.has(value))) {
        const themePackages = new Map(write.themePackages ?? []);
        for (const theme of content.themes) {
          const digest = prepared.packageOf.get(theme.name) as string;
          if (!themePackages.has(theme.name) && (await this.cache.has(digest))) themePackages.set(theme.name, await this.cache.read(digest));
        }
        return this.writeNow({ ...write, themePackages }, true);
      }
      throw new DirectoryWriteError('invalid', `theme package ${value} is not in Redis; send the theme's package again`, [{ path: ['themes'], message: `package ${value} is missing`, severity: 'error' }]);
    }
    const snapshot = new DirectorySnapshot(content, { version: value, origin: this.origin });
    await this.install(snapshot, 'written', write.actor);
    return snapshot;
  }

  private async install(snapshot: DirectorySnapshot, verb: string, by: string): Promise<void> {
    const previous = this.snapshot;
    this.snapshot = snapshot;
    // Equal versions name equal content (a restore of what an emptied Redis had): nothing to tell.
    if (previous.version === snapshot.version) return;
    this.logger.info(
      { version: snapshot.version, by, services: snapshot.services.length, rules: snapshot.rules.length, themes: snapshot.themes.length },
      `directory ${verb}`,
    );
    this.changes.fire({ previous, current: snapshot });
    await this.cache.prune(new Set(snapshot.themes.map((t) => this.cache.digestOfPath(t.path) ?? '')));
  }

  private requireClient(): RedisWithScript {
    if (this.client === undefined) throw new Error('the Redis directory store is not started');
    return this.client;
  }
}
