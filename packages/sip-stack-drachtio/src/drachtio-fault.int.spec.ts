import { afterEach, describe, expect, it } from '@jest/globals';
import { sipFilters } from '@herald/testing';
import { type DrachtioRun, notifyActive, startDrachtioRun, waitFor } from './testing/drachtio-fixture';

/** drachtio-server goes away in the middle of subscriptions and comes back. */
describe('drachtio transport when drachtio-server goes away', () => {
  let run: DrachtioRun | undefined;
  afterEach(async () => {
    await run?.dispose();
    run = undefined;
  });

  it('reconnects, registers its routes again, delivers the NOTIFY that waited, and serves new subscriptions', async () => {
    run = await startDrachtioRun();
    const { server, stack, peer, logger } = run;
    const dialog = await run.subscribe();
    const port = server.port;
    await server.stop();
    await waitFor(() => !stack.stats().connected);
    expect(logger.find('warn', 'connection to drachtio-server lost')).toHaveLength(1);

    // Sent during the outage: it waits for the connection instead of failing.
    const outcome = notifyActive(dialog);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(stack.stats().pendingRequests).toBe(1);
    await server.start(port);
    await waitFor(() => stack.stats().connected);
    expect(logger.find('info', 'reconnected to drachtio-server')).toHaveLength(1);
    expect(server.routes.filter((r) => r === 'subscribe')).toHaveLength(2);

    const notify = await peer.receive(sipFilters.request('NOTIFY'));
    await peer.respond(notify, 200);
    await expect(outcome).resolves.toMatchObject({ status: 200, origin: 'peer' });
    const second = await run.subscribe('meet.bob');
    expect(second.terminated).toBe(false);
    expect(stack.stats()).toMatchObject({ connected: true, dialogs: 2, pendingRequests: 0, unansweredRequests: 0 });
  });

  it('reports 481 for dialogs a restarted drachtio-server forgot, and releases them', async () => {
    run = await startDrachtioRun();
    const { server, stack } = run;
    const dialog = await run.subscribe();
    const port = server.port;
    await server.stop(true);
    await waitFor(() => !stack.stats().connected);
    await server.start(port);
    await waitFor(() => stack.stats().connected);
    await expect(notifyActive(dialog)).resolves.toMatchObject({ status: 481, origin: 'transport' });
    dialog.terminate();
    expect(stack.stats()).toMatchObject({ dialogs: 0, pendingRequests: 0 });
  });

  it('bounds what waits for the connection, and a stop during the outage releases every timer and request', async () => {
    run = await startDrachtioRun({ limits: { maxPendingRequests: 3 } });
    const { server, stack, clock } = run;
    const dialog = await run.subscribe();
    await server.stop();
    await waitFor(() => !stack.stats().connected);
    const outcomes = Array.from({ length: 5 }, () => notifyActive(dialog));
    await expect(outcomes[4]).resolves.toMatchObject({ status: 503, origin: 'transport' });
    expect(stack.stats().pendingRequests).toBe(3);
    await stack.stop();
    await expect(Promise.all(outcomes.slice(0, 3))).resolves.toEqual(Array.from({ length: 3 }, () => expect.objectContaining({ status: 503, origin: 'transport' })));
    expect(clock.pendingTimers).toBe(0);
    expect(stack.stats()).toEqual({ connected: false, dialogs: 0, pendingRequests: 0, unansweredRequests: 0 });
  });

  it('survives repeated outages without growing: the connection count, maps and timers stay bounded', async () => {
    run = await startDrachtioRun();
    const { server, stack, clock } = run;
    const port = server.port;
    for (let round = 0; round < 5; round++) {
      const dialog = await run.subscribe(`meet.room${round}`);
      await server.stop(true);
      await waitFor(() => !stack.stats().connected);
      await server.start(port);
      await waitFor(() => stack.stats().connected);
      await expect(notifyActive(dialog)).resolves.toMatchObject({ status: 481 });
      dialog.terminate();
    }
    expect(server.connections).toBe(1);
    expect(stack.stats()).toEqual({ connected: true, dialogs: 0, pendingRequests: 0, unansweredRequests: 0 });
    await stack.stop();
    expect(clock.pendingTimers).toBe(0);
  });
});
