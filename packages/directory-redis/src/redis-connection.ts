import Redis from 'ioredis';
import { type RedisDirectoryOptions } from './redis-directory-options';

/**
 * A connection as the store needs it: commands fail at once while Redis is away (no offline
 * queue, so a write is refused with `unavailable` instead of waiting), each command has a
 * timeout, and a serving node reconnects forever with capped back-off. An offline node (the
 * CLI) tries once.
 */
export function createRedisClient(options: RedisDirectoryOptions, role: 'commands' | 'notices'): Redis {
  return new Redis(options.url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    connectTimeout: options.connectTimeoutMs,
    commandTimeout: role === 'commands' ? options.commandTimeoutMs : undefined,
    maxRetriesPerRequest: 0,
    // ioredis waits this long for a closed socket's 'close' before destroying it; a refused
    // connection never sends one, and the default 2 s would hold a stopping process open.
    disconnectTimeout: 200,
    connectionName: `herald-directory-${role}`,
    // eslint-disable-next-line no-restricted-syntax -- ioredis stops reconnecting on null only
    retryStrategy: (attempt) => (options.mode === 'offline' ? null : Math.min(50 * 2 ** Math.min(attempt, 10), options.reconnectMaxDelayMs)),
  });
}

/**
 * Starts connecting and resolves once the client is ready.
 * @throws Error with the last connection error when it is not ready within `timeoutMs`.
 */
export async function connectWithin(client: Redis, timeoutMs: number): Promise<void> {
  let lastError: Error | undefined;
  const onError = (error: Error) => (lastError = error);
  client.on('error', onError);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        client.off('ready', onReady);
        reject(new Error(lastError ? describeRedisError(lastError) : `no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      client.once('ready', onReady);
      // Errors also arrive as 'error' events; the retry strategy goes on until the timer fires.
      client.connect().catch((error: Error) => {
        lastError = error;
        if (client.status === 'end') {
          clearTimeout(timer);
          client.off('ready', onReady);
          reject(new Error(describeRedisError(error)));
        }
      });
    });
  } finally {
    client.off('error', onError);
  }
}

/** `ECONNREFUSED 127.0.0.1:6380` rather than an AggregateError's empty message. */
export function describeRedisError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describeRedisError(error.errors[0]);
  if (error instanceof Error) return error.message || (error as NodeJS.ErrnoException).code || error.name;
  return String(error);
}

/** The URL without credentials, for logs, errors and snapshot origins. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return 'redis://(unparsable URL)';
  }
}
