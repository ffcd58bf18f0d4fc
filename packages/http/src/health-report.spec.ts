import { checkHealth } from './health-report';

describe('checkHealth', () => {
  it('is ok with no checks', async () => {
    expect(await checkHealth('n1', [])).toEqual({ status: 'ok', node: 'n1', checks: {} });
  });

  it('takes the worst status, and shows every check', async () => {
    const health = await checkHealth('n1', [
      { id: 'a', check: () => ({ status: 'ok' }) },
      { id: 'b', check: async () => ({ status: 'degraded', detail: 'one theme file refused' }) },
    ]);
    expect(health).toEqual({ status: 'degraded', node: 'n1', checks: { a: { status: 'ok' }, b: { status: 'degraded', detail: 'one theme file refused' } } });
  });

  it('counts a check that throws or does not answer as failing, with the reason', async () => {
    const health = await checkHealth(
      'n1',
      [
        {
          id: 'throws',
          check: () => {
            throw new Error('redis is down');
          },
        },
        { id: 'hangs', check: () => new Promise(() => undefined) },
      ],
      50,
    );
    expect(health.status).toBe('failing');
    expect(health.checks).toEqual({ throws: { status: 'failing', detail: 'redis is down' }, hangs: { status: 'failing', detail: 'no answer within 50 ms' } });
  });
});
