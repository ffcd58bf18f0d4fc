import { Container, injectable } from 'inversify';
import { createCoreModule } from '../core-module';
import { Directory } from '../directory/directory';
import { InMemoryDirectory } from '../directory/in-memory-directory';
import { LifecycleContribution, ProtocolAdapter } from './contribution-points';
import { Lifecycle, LifecycleError } from './lifecycle';

function setUp(steps: string[], failures: { start?: string; stop?: string } = {}) {
  const contribution = (id: string, kind: 'contribution' | 'adapter') => ({
    id,
    protocol: 'test',
    endpoints: () => [],
    start: async () => {
      steps.push(`start ${id}`);
      if (failures.start === id) throw new Error(`${id} cannot bind`);
    },
    stop: async () => {
      steps.push(`stop ${id}`);
      if (failures.stop === id) throw new Error(`${id} is stuck`);
    },
    kind,
  });
  const container = new Container();
  container.loadSync(createCoreModule());
  container.bind(Directory).toConstantValue(new InMemoryDirectory());
  // Adapters are bound first on purpose: they must still start after every contribution.
  container.bind(ProtocolAdapter).toConstantValue(contribution('sip', 'adapter'));
  for (const id of ['directory', 'rules']) container.bind(LifecycleContribution).toConstantValue(contribution(id, 'contribution'));
  return container.get<Lifecycle>(Lifecycle);
}

describe('Lifecycle', () => {
  it('starts contributions in order, then adapters; stops in reverse', async () => {
    const steps: string[] = [];
    const lifecycle = setUp(steps);
    await lifecycle.start();
    await lifecycle.stop();
    expect(steps).toEqual([
      'start directory',
      'start rules',
      'start sip',
      'stop sip',
      'stop rules',
      'stop directory',
    ]);
  });

  it('is idempotent in both directions', async () => {
    const steps: string[] = [];
    const lifecycle = setUp(steps);
    await Promise.all([lifecycle.start(), lifecycle.start()]);
    await Promise.all([lifecycle.stop(), lifecycle.stop()]);
    await lifecycle.stop();
    expect(steps.filter((s) => s.startsWith('start'))).toHaveLength(3);
    expect(steps.filter((s) => s.startsWith('stop'))).toHaveLength(3);
  });

  it('stops what started and names the contribution when a start fails', async () => {
    const steps: string[] = [];
    const lifecycle = setUp(steps, { start: 'rules' });
    const failure = await lifecycle.start().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(LifecycleError);
    expect((failure as LifecycleError).message).toBe('rules failed to start: rules cannot bind');
    expect(steps).toEqual(['start directory', 'start rules', 'stop directory']);
  });

  it('stops every contribution even when one fails to stop, and reports it', async () => {
    const steps: string[] = [];
    const lifecycle = setUp(steps, { stop: 'sip' });
    await lifecycle.start();
    const failure = await lifecycle.stop().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AggregateError);
    expect((failure as AggregateError).message).toContain('sip failed to stop: sip is stuck');
    expect(steps.slice(3)).toEqual(['stop sip', 'stop rules', 'stop directory']);
  });

  it('refuses to start again after a stop', async () => {
    const lifecycle = setUp([]);
    await lifecycle.start();
    await lifecycle.stop();
    await expect(lifecycle.start()).rejects.toThrow('create a new container');
  });
});

describe('ContributionProvider', () => {
  it('resolves contributions lazily, so they may depend on bindings made after the provider', () => {
    @injectable()
    class Late implements LifecycleContribution {
      readonly id = 'late';
    }
    const container = new Container();
    container.loadSync(createCoreModule());
  container.bind(Directory).toConstantValue(new InMemoryDirectory());
    const lifecycle = container.get<Lifecycle>(Lifecycle);
    container.bind(LifecycleContribution).to(Late);
    return expect(lifecycle.start()).resolves.toBeUndefined();
  });
});
