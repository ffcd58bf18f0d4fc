import { type HealthContribution, type HealthReport, inject, injectable } from '@herald/core';
import { RedisDirectoryStore } from './redis-directory-store';

/**
 * `/healthz` for the Redis directory. An outage is `degraded`, not `failing`:
 * the node still answers every watcher from its snapshot, and taking it out of the pool would
 * not bring Redis back.
 */
@injectable()
export class RedisDirectoryHealth implements HealthContribution {
  readonly id = 'redis';

  constructor(@inject(RedisDirectoryStore) private readonly store: RedisDirectoryStore) {}

  check(): HealthReport {
    const status = this.store.status();
    if (!status.up) {
      const since = status.downSince === undefined ? '' : ` since ${new Date(status.downSince).toISOString()}`;
      return { status: 'degraded', detail: `Redis is unreachable${since}; serving directory version ${status.version} from memory; writes are refused` };
    }
    if (status.refused !== undefined) {
      return { status: 'degraded', detail: `directory version ${status.refused.version} in Redis was refused (${status.refused.reason.split('\n')[0]}); serving version ${status.version}` };
    }
    return { status: 'ok' };
  }
}
