import { afterEach, describe, expect, it } from '@jest/globals';
import { type IncomingSubscribe, type SubscriptionDialog } from '@herald/sip-stack';
import { MessageQueue, RecordingLogger, sipFilters, sipRequestText, type SipTestPeer, TrackingClock } from '@herald/testing';
import { DrachtioSipStack } from './drachtio-sip-stack';
import { type DrachtioSipLimits, type DrachtioSipStackOptions } from './drachtio-sip-stack-options';
import { FakeDrachtioServer } from './testing/fake-drachtio-server';

/** A drachtio transport, the double it talks to, and what its SUBSCRIBE handler received. */
interface DrachtioRun {
  readonly server: FakeDrachtioServer;
  readonly stack: DrachtioSipStack;
  readonly peer: SipTestPeer;
  readonly clock: TrackingClock;
  readonly logger: RecordingLogger;
  nextSubscribe(): Promise<IncomingSubscribe>;
  /** SUBSCRIBE from the peer, accepted with Expires 600; resolves with the dialog. */
  subscribe(user?: string): Promise<SubscriptionDialog>;
  dispose(): Promise<void>;
}

interface DrachtioRunOptions {
  readonly tags?: readonly string[];
  readonly limits?: Partial<DrachtioSipLimits>;
  readonly port?: number;
  readonly startTimeoutMs?: number;
  readonly serverUp?: boolean;
}

/** Starts the double (unless `serverUp` is false) and a transport connected to it, with a SUBSCRIBE handler that queues requests. */
async function startDrachtioRun(options: DrachtioRunOptions = {}): Promise<DrachtioRun> {
  const server = new FakeDrachtioServer({ secret: 'cymru', timeoutMs: 500, inbox: new MessageQueue() });
  if (options.serverUp !== false) await server.start(options.port ?? 0);
  const clock = new TrackingClock();
  const logger = new RecordingLogger();
  const stackOptions: DrachtioSipStackOptions = {
    mode: 'inbound',
    host: '127.0.0.1',
    port: options.port ?? server.port,
    secret: 'cymru',
    tags: options.tags ?? [],
    reconnect: { initialDelayMs: 40, factor: 2, maxDelayMs: 200 },
    pingIntervalMs: 30_000,
    startTimeoutMs: options.startTimeoutMs ?? 3000,
    peers: { trustedPeers: ['127.0.0.0/8'] },
    ...(options.limits !== undefined && { limits: options.limits }),
  };
  const stack = new DrachtioSipStack(stackOptions, clock, logger);
  const queued: IncomingSubscribe[] = [];
  const waiting: ((request: IncomingSubscribe) => void)[] = [];
  stack.onSubscribe((request) => {
    const waiter = waiting.shift();
    if (waiter) waiter(request);
    else queued.push(request);
  }, { events: ['presence'], accept: ['application/pidf+xml'] });
  await stack.start();
  const peer = server.peer();
  const nextSubscribe = (): Promise<IncomingSubscribe> => {
    const request = queued.shift();
    if (request) return Promise.resolve(request);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no SUBSCRIBE reached the handler within 3 s')), 3000);
      waiting.push((r) => {
        clearTimeout(timer);
        resolve(r);
      });
    });
  };
  return {
    server,
    stack,
    peer,
    clock,
    logger,
    nextSubscribe,
    subscribe: async (user = 'meet.alice') => {
      const sent = sipRequestText(peer, { method: 'SUBSCRIBE', user, extra: ['Event: presence', 'Expires: 600'] });
      await peer.send(sent.text);
      const dialog = await (await nextSubscribe()).acceptSubscription({ headers: { Expires: 600, Event: 'presence', 'Subscription-State': 'active;expires=600' } });
      await peer.receive(sipFilters.responseTo(sent.callId));
      return dialog;
    },
    dispose: async () => {
      await stack.stop();
      await server.stop();
    },
  };
}

const notifyActive = (dialog: SubscriptionDialog, body = '<presence/>') =>
  dialog.sendRequest('NOTIFY', { headers: { Event: 'presence', 'Subscription-State': 'active;expires=600' }, body, contentType: 'application/pidf+xml' });

/** Polls `condition` every 20 ms; rejects after `ms`. */
async function waitFor(condition: () => boolean, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** What the transport puts on drachtio's wire, checked by the drachtio-server double. */
describe('drachtio transport on the wire', () => {
  let run: DrachtioRun | undefined;
  afterEach(async () => {
    await run?.dispose();
    run = undefined;
  });

  it('authenticates with the secret and its tags and registers routes for SUBSCRIBE, OPTIONS and each handled method', async () => {
    run = await startDrachtioRun({ tags: ['herald', 'presence'] });
    expect(run.server.received.find((p) => p.includes('|authenticate|'))).toMatch(/\|authenticate\|cymru\|herald,presence$/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(run.server.routes).toEqual(expect.arrayContaining(['subscribe', 'options']));
    expect(run.stack.endpoints()).toEqual([`drachtio-inbound:127.0.0.1:${run.server.port}`, 'udp:127.0.0.1:5060']);
  });

  it('answers SUBSCRIBE with 200 (not 202) carrying Expires, and sends NOTIFY in the dialog with Event, Subscription-State, Contact and body', async () => {
    run = await startDrachtioRun();
    const { peer } = run;
    const sent = sipRequestText(peer, { method: 'SUBSCRIBE', extra: ['Event: presence', 'Expires: 600'] });
    await peer.send(sent.text);
    const dialog = await (await run.nextSubscribe()).acceptSubscription({ headers: { Expires: 600 } });
    const ok = await peer.receive(sipFilters.responseTo(sent.callId));
    expect(ok.status).toBe(200);
    expect(ok.get('Expires')).toBe('600');
    const wireResponse = run.server.received.find((p) => p.includes('\r\nSIP/2.0 200'));
    expect(wireResponse).toMatch(/^[^|]+\|sip\|[^|]+\|\r\n/);
    expect(wireResponse).toMatch(/\r\nExpires: 600\r\n/i);

    const outcome = notifyActive(dialog, '<presence entity="sip:meet.alice@herald.test"><tuple id="t"><status><basic>open</basic></status></tuple></presence>');
    const notify = await peer.receive(sipFilters.request('NOTIFY'));
    const wireNotify = run.server.received.find((p) => p.includes('\r\nNOTIFY sip:placeholder'));
    expect(wireNotify).toContain(`|sip||${dialog.id}\r\n`);
    expect(notify.get('Event')).toBe('presence');
    expect(notify.get('Subscription-State')).toBe('active;expires=600');
    expect(notify.get('Content-Type')).toBe('application/pidf+xml');
    expect(notify.get('Contact')).toBe(ok.get('Contact'));
    expect(notify.body.toString('utf8')).toContain('<basic>open</basic>');
    await peer.respond(notify, 200);
    await expect(outcome).resolves.toEqual({ status: 200, reason: 'OK', origin: 'peer' });
  });

  it('keeps running when drachtio-server is not there at start, and connects once it comes up', async () => {
    const probe = await startDrachtioRun();
    const port = probe.server.port;
    await probe.dispose();
    run = await startDrachtioRun({ port, serverUp: false, startTimeoutMs: 200 });
    expect(run.stack.stats().connected).toBe(false);
    expect(run.logger.find('warn', 'not connected to drachtio-server yet')).toHaveLength(1);
    expect(run.logger.find('warn', 'cannot reach drachtio-server').length).toBeGreaterThan(0);
    await run.server.start(port);
    await waitFor(() => run?.stack.stats().connected === true);
    const dialog = await run.subscribe();
    expect(dialog.terminated).toBe(false);
  });

  it('outbound mode: listens, authenticates on the connection drachtio-server opens, and sends NOTIFY back over it', async () => {
    const server = new FakeDrachtioServer({ secret: 'cymru', inbox: new MessageQueue() });
    const stack = new DrachtioSipStack(
      { mode: 'outbound', host: '127.0.0.1', port: 0, secret: 'cymru', tags: [], reconnect: { initialDelayMs: 40, factor: 2, maxDelayMs: 200 }, pingIntervalMs: 30_000, startTimeoutMs: 1000, peers: { trustedPeers: ['127.0.0.0/8'] } },
      new TrackingClock(),
      new RecordingLogger(),
    );
    let accepted: Promise<SubscriptionDialog> | undefined;
    stack.onSubscribe((request) => (accepted = request.acceptSubscription({ headers: { Expires: 600 } })));
    await stack.start();
    try {
      await server.connectTo(Number(stack.endpoints()[0]?.split(':').pop()));
      await waitFor(() => server.connections === 1);
      const peer = server.peer();
      await peer.send(sipRequestText(peer, { method: 'SUBSCRIBE', extra: ['Event: presence', 'Expires: 600'] }).text);
      expect((await peer.receive(sipFilters.response())).status).toBe(200);
      const outcome = notifyActive(await (accepted as Promise<SubscriptionDialog>));
      await peer.respond(await peer.receive(sipFilters.request('NOTIFY')), 200);
      await expect(outcome).resolves.toMatchObject({ status: 200, origin: 'peer' });
    } finally {
      await stack.stop();
      await server.stop();
    }
  });

  it('does not crash on a wrong secret: it logs what to check and keeps retrying', async () => {
    run = await startDrachtioRun();
    const port = run.server.port;
    await run.dispose();
    const strict = new FakeDrachtioServer({ secret: 'other', inbox: new MessageQueue() });
    await strict.start(port);
    try {
      run = await startDrachtioRun({ port, serverUp: false, startTimeoutMs: 300 });
      await waitFor(() => (run?.logger.find('error', 'drachtio-server refused the connection').length ?? 0) >= 2);
      expect(run.stack.stats().connected).toBe(false);
    } finally {
      await strict.stop();
    }
  });
});

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
