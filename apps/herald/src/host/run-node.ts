import { type Container, Lifecycle, type Logger, ProtocolAdapter } from '@herald/core';
import { IdleHeapCompaction } from './idle-heap-compaction';

/** How long a stop may take before the process gives up waiting. */
const stopTimeoutMs = 15_000;

export interface RunOptions {
  readonly logger: Logger;
  /** Signals that stop the node. */
  readonly signals?: readonly NodeJS.Signals[];
}

/**
 * Starts a composed node and serves until SIGINT or SIGTERM, then stops it cleanly. Resolves
 * with the exit code once everything stopped; the process then ends by itself, because no
 * socket, timer or watcher is left behind (a leak would keep it alive, which tests detect).
 * A second signal during the stop, or a stop slower than 15 s, exits at once with code 1.
 */
export async function runNode(container: Container, options: RunOptions): Promise<number> {
  const { logger } = options;
  const lifecycle = container.get<Lifecycle>(Lifecycle);
  await lifecycle.start();
  const adapters = container.getAll<ProtocolAdapter>(ProtocolAdapter, { optional: true });
  logger.info({ adapters: adapters.map((a) => ({ id: a.id, endpoints: a.endpoints() })) }, 'Herald started');
  const compaction = new IdleHeapCompaction(logger);
  compaction.start();

  return new Promise<number>((resolve) => {
    // Nothing else may hold the process open (an offline node has no sockets), so the host
    // does, until it is told to stop.
    const keepAlive = setInterval(() => undefined, 1 << 30);
    let stopping = false;
    let forceTimer: NodeJS.Timeout | undefined;
    const signals = options.signals ?? ['SIGINT', 'SIGTERM'];
    const done = (code: number) => {
      compaction.stop();
      for (const signal of signals) process.off(signal, onSignal);
      clearInterval(keepAlive);
      if (forceTimer) clearTimeout(forceTimer);
      resolve(code);
    };
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        logger.warn({ signal }, 'second signal while stopping: exiting without waiting');
        process.exit(1);
      }
      stopping = true;
      logger.info({ signal }, 'stopping');
      forceTimer = setTimeout(() => {
        logger.error(`stop did not finish within ${stopTimeoutMs / 1000} s: exiting`);
        process.exit(1);
      }, stopTimeoutMs);
      forceTimer.unref();
      lifecycle.stop().then(
        () => {
          logger.info('stopped');
          done(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'stopped with errors');
          done(1);
        },
      );
    };
    for (const signal of signals) process.on(signal, onSignal);
  });
}
