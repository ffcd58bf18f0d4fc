import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { defaultRedisDirectoryOptions, type RedisDirectoryOptions } from './redis-directory-options';

/** A whole number in [min, max], with a message that says so. */
const between = (min: number, max: number, unit: string) => {
  const message = `must be a whole number between ${min} and ${max}${unit}`;
  return z.number().int(message).min(min, message).max(max, message);
};

const redisUrl = z.string().refine(
  (text) => {
    try {
      const url = new URL(text);
      return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '';
    } catch {
      return false;
    }
  },
  { error: 'must be a redis:// or rediss:// URL with a host, e.g. redis://127.0.0.1:6379/0' },
);

const d = defaultRedisDirectoryOptions;

/**
 * The `directory.redis` subsection of the configuration file:
 *
 * ```yaml
 * directory:
 *   store: redis
 *   redis:
 *     url: redis://10.0.0.5:6379/0   # rediss:// for TLS; credentials may be in the URL
 *     key_prefix: 'herald:'          # every key and channel starts with it
 *     seed_from_file: true           # an empty Redis gets this file's directory sections
 * ```
 */
export const redisDirectoryConfigSchema = z.strictObject({
  url: redisUrl,
  key_prefix: z.string().max(200, 'must be at most 200 characters').default(d.keyPrefix),
  connect_timeout_ms: between(100, 600_000, ' ms').default(d.connectTimeoutMs),
  command_timeout_ms: between(100, 600_000, ' ms').default(d.commandTimeoutMs),
  reconnect_max_delay_ms: between(100, 600_000, ' ms').default(d.reconnectMaxDelayMs),
  check_interval_ms: between(250, 3_600_000, ' ms').default(d.checkIntervalMs),
  theme_cache_dir: z.string().min(1, 'must not be empty').optional(),
  seed_from_file: z.boolean().default(true),
  max_theme_package_bytes: between(1024, 256 * 1024 * 1024, ' bytes').default(d.maxThemePackageBytes),
  max_directory_bytes: between(1024, 256 * 1024 * 1024, ' bytes').default(d.maxContentBytes),
});

export type RedisDirectoryConfig = z.output<typeof redisDirectoryConfigSchema>;

/** What the host adds to the section to make the store's options. */
export interface RedisDirectoryHostSettings {
  readonly mode: RedisDirectoryOptions['mode'];
  /** The configuration file's folder: a relative `theme_cache_dir` is relative to it. */
  readonly baseDir: string;
  /** Names the default theme cache, so nodes sharing a machine keep separate caches. */
  readonly nodeName: string;
  /** The content to seed an empty Redis with, when `seed_from_file` is on. */
  readonly seed?: RedisDirectoryOptions['seed'];
}

/** The store's options from a parsed `directory.redis` section. */
export function redisDirectoryOptionsFromConfig(config: RedisDirectoryConfig, host: RedisDirectoryHostSettings): RedisDirectoryOptions {
  return {
    url: config.url,
    keyPrefix: config.key_prefix,
    mode: host.mode,
    connectTimeoutMs: config.connect_timeout_ms,
    commandTimeoutMs: config.command_timeout_ms,
    reconnectMaxDelayMs: config.reconnect_max_delay_ms,
    checkIntervalMs: config.check_interval_ms,
    themeCacheDir: themeCacheDir(config, host),
    maxThemePackageBytes: config.max_theme_package_bytes,
    maxContentBytes: config.max_directory_bytes,
    ...(config.seed_from_file && host.seed !== undefined ? { seed: host.seed } : {}),
  };
}

/**
 * The configured folder, or one per node, deployment and mode under the system's temporary
 * folder: a one-shot CLI run never prunes the packages a running node on the machine serves.
 */
function themeCacheDir(config: RedisDirectoryConfig, host: RedisDirectoryHostSettings): string {
  const base =
    config.theme_cache_dir === undefined
      ? join(tmpdir(), 'herald-theme-cache', `${host.nodeName.replace(/[^A-Za-z0-9._-]/g, '_')}-${createHash('sha256').update(`${config.url}\n${config.key_prefix}`).digest('hex').slice(0, 8)}`)
      : isAbsolute(config.theme_cache_dir)
        ? config.theme_cache_dir
        : resolve(host.baseDir, config.theme_cache_dir);
  return host.mode === 'serve' ? base : join(base, 'cli');
}
