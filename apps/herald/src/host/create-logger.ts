import pino from 'pino';
import { type Logger } from '@herald/core';

/**
 * The node's logger: JSON lines (pino). A serving node writes to stdout; one-shot commands
 * write warnings to stderr so that their stdout stays machine-readable.
 */
export function createLogger(options: { readonly level: string; readonly node?: string; readonly stream: 'stdout' | 'stderr' }): Logger & { flush(): void } {
  return pino(
    {
      level: options.level,
      base: options.node === undefined ? {} : { node: options.node },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    pino.destination({ dest: options.stream === 'stdout' ? 1 : 2, sync: options.stream === 'stderr' }),
  );
}
