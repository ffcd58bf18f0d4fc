import { type FastifyBaseLogger } from 'fastify';
import { LazyRequestLogger } from './lazy-request-logger';

/** A pino-shaped parent at `info` that records the children it builds and their lines. */
function parentAt(level: string) {
  const order = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
  const children: Array<{ bindings: Record<string, unknown>; lines: Array<[string, unknown[]]> }> = [];
  const parent = {
    level,
    isLevelEnabled: (wanted: string) => order.indexOf(wanted) >= order.indexOf(level),
    child(bindings: Record<string, unknown>) {
      const record = { bindings, lines: [] as Array<[string, unknown[]]> };
      children.push(record);
      const write = (name: string) => (...args: unknown[]) => record.lines.push([name, args]);
      return { level, isLevelEnabled: parent.isLevelEnabled, child: parent.child, fatal: write('fatal'), error: write('error'), warn: write('warn'), info: write('info'), debug: write('debug'), trace: write('trace') };
    },
  };
  return { parent: parent as unknown as FastifyBaseLogger, children };
}

describe('LazyRequestLogger', () => {
  it('builds no child for a request whose lines are all below the level', () => {
    const { parent, children } = parentAt('info');
    const log = new LazyRequestLogger(parent, { reqId: 'req-1' }, {});
    log.debug({ status: 200 }, 'request answered');
    log.trace('detail');
    expect(children).toEqual([]);
  });

  it('writes a line at or above the level through one child bound to the request id', () => {
    const { parent, children } = parentAt('info');
    const log = new LazyRequestLogger(parent, { reqId: 'req-2' }, {});
    log.error({ status: 500 }, 'the handler broke');
    log.warn('slow');
    expect(children).toEqual([{ bindings: { reqId: 'req-2' }, lines: [['error', [{ status: 500 }, 'the handler broke']], ['warn', ['slow']]] }]);
  });

  it('writes debug lines when the node logs at debug', () => {
    const { parent, children } = parentAt('debug');
    new LazyRequestLogger(parent, { reqId: 'req-3' }, {}).debug('request answered');
    expect(children.map((c) => c.lines)).toEqual([[['debug', ['request answered']]]]);
  });
});
