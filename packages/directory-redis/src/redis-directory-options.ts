import { type DirectoryContent } from '@herald/core';

export const RedisDirectoryOptions = Symbol.for('directory-redis.RedisDirectoryOptions');
/** How a node reaches the shared directory. Built by the host from `directory.redis`. */
export interface RedisDirectoryOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` for TLS. */
  readonly url: string;
  /** Prepended to every key and channel, so several deployments can share one Redis. */
  readonly keyPrefix: string;
  /** `serve` follows changes (pub/sub, periodic check, reconnects); `offline` loads once (CLI). */
  readonly mode: 'serve' | 'offline';
  /** How long `start()` waits for Redis before giving up, in ms. */
  readonly connectTimeoutMs: number;
  /** How long one command may take before it counts as failed, in ms. */
  readonly commandTimeoutMs: number;
  /** Longest pause between reconnection attempts, in ms. */
  readonly reconnectMaxDelayMs: number;
  /** How often the node compares its version with Redis's: the safety net for lost notices. */
  readonly checkIntervalMs: number;
  /** Where this node unpacks the theme packages it serves (one file per package). */
  readonly themeCacheDir: string;
  /** Largest theme package accepted, in bytes. */
  readonly maxThemePackageBytes: number;
  /** Largest directory document accepted, in bytes of JSON. */
  readonly maxContentBytes: number;
  /**
   * What to write when Redis holds no directory yet (a new deployment): content whose theme
   * paths are local folders or ZIP files, uploaded with it. Only `serve` nodes seed.
   */
  readonly seed?: () => Promise<DirectoryContent | undefined>;
}

const mebibyte = 1024 * 1024;

/** The defaults of everything but the URL, the mode and the cache folder. */
export const defaultRedisDirectoryOptions = {
  keyPrefix: 'herald:',
  connectTimeoutMs: 5000,
  commandTimeoutMs: 2000,
  reconnectMaxDelayMs: 2000,
  checkIntervalMs: 5000,
  maxThemePackageBytes: 32 * mebibyte,
  maxContentBytes: 64 * mebibyte,
} as const;
