import { type IncomingSubscribe, type SubscriptionDialog } from '@herald/sip-stack';
import { RecordingLogger, sipFilters, sipRequestText, type SipTestPeer, TrackingClock } from '@herald/testing';
import { DrachtioSipStack } from '../drachtio-sip-stack';
import { type DrachtioSipLimits, type DrachtioSipStackOptions } from '../drachtio-sip-stack-options';
import { FakeDrachtioServer } from './fake-drachtio-server';

/** A drachtio transport, the double it talks to, and what its SUBSCRIBE handler received. */
export interface DrachtioRun {
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

export interface DrachtioRunOptions {
  readonly tags?: readonly string[];
  readonly limits?: Partial<DrachtioSipLimits>;
  readonly port?: number;
  readonly startTimeoutMs?: number;
  readonly serverUp?: boolean;
}

/** Starts the double (unless `serverUp` is false) and a transport connected to it, with a SUBSCRIBE handler that queues requests. */
export async function startDrachtioRun(options: DrachtioRunOptions = {}): Promise<DrachtioRun> {
  const server = new FakeDrachtioServer({ secret: 'cymru', timeoutMs: 500 });
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

export const notifyActive = (dialog: SubscriptionDialog, body = '<presence/>') =>
  dialog.sendRequest('NOTIFY', { headers: { Event: 'presence', 'Subscription-State': 'active;expires=600' }, body, contentType: 'application/pidf+xml' });

/** Polls `condition` every 20 ms; rejects after `ms`. */
export async function waitFor(condition: () => boolean, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
