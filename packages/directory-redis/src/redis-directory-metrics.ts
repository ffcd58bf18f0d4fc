import { type Clock, type CounterMetric, type Metrics } from '@herald/core';

/** What the metrics read from the store on each scrape. */
export interface RedisDirectoryGauges {
  readonly up: () => boolean;
  readonly downSince: () => number | undefined;
}

/** The counters the store bumps; no-ops on a node without metrics (the CLI). */
export interface RedisDirectoryCounters {
  outage(): void;
  write(result: 'ok' | 'conflict' | 'invalid' | 'unavailable'): void;
  load(result: 'loaded' | 'refused' | 'failed'): void;
}

/** Registers the Redis directory's series on the node's `/metrics`. */
export function redisDirectoryMetrics(metrics: Metrics | undefined, clock: Clock, gauges: RedisDirectoryGauges): RedisDirectoryCounters {
  if (metrics === undefined) return { outage: () => undefined, write: () => undefined, load: () => undefined };
  metrics.gauge({
    name: 'herald_directory_redis_up',
    help: '1 while this node reaches the Redis directory, 0 during an outage (the node serves its last snapshot)',
    collect: (gauge) => gauge.set(gauges.up() ? 1 : 0),
  });
  metrics.gauge({
    name: 'herald_directory_redis_outage_seconds',
    help: 'How long the current Redis outage has lasted; 0 while Redis is reachable',
    collect: (gauge) => {
      const since = gauges.downSince();
      gauge.set(since === undefined ? 0 : (clock.now() - since) / 1000);
    },
  });
  const outages: CounterMetric = metrics.counter({ name: 'herald_directory_redis_outages_total', help: 'Times this node lost its connection to the Redis directory' });
  const writes = metrics.counter({ name: 'herald_directory_redis_writes_total', help: 'Directory writes through this node, by result', labelNames: ['result'] });
  const loads = metrics.counter({ name: 'herald_directory_redis_loads_total', help: 'Directory versions this node read from Redis, by result', labelNames: ['result'] });
  return {
    outage: () => outages.inc(),
    write: (result) => writes.inc({ result }),
    load: (result) => loads.inc({ result }),
  };
}
