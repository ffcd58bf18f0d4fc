import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import {
  Availability,
  type Clock,
  ConfigError,
  Container,
  createCoreModule,
  Directory,
  type Disposable,
  InMemoryDirectory,
  Lifecycle,
  type PresenceChange,
  PresenceService,
  SubscriptionHub,
} from '@herald/core';
import { heraldPlugin } from './plugin';

/** A clock whose time and timers move only when told. */
class ManualClock implements Clock {
  private time = 0;
  private timers: { at: number; callback: () => void }[] = [];
  now = () => this.time;
  monotonic = () => this.time;
  setTimer(delayMs: number, callback: () => void): Disposable {
    const timer = { at: this.time + delayMs, callback };
    this.timers.push(timer);
    return { dispose: () => void (this.timers = this.timers.filter((t) => t !== timer)) };
  }
  advance(ms: number): void {
    this.time += ms;
    const due = this.timers.filter((t) => t.at <= this.time);
    this.timers = this.timers.filter((t) => t.at > this.time);
    for (const timer of due) timer.callback();
  }
}

/** A policy service on loopback: answers from `answers` by alias; `delayMs` makes it slow. */
class PolicyService {
  readonly asked: string[] = [];
  answers = new Map<string, unknown>();
  delayMs = 0;
  private server: Server | undefined;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const alias = new URL(request.url ?? '/', 'http://x').searchParams.get('alias') ?? '';
      this.asked.push(alias);
      const reply = () => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.answers.get(alias) ?? { presence: 'continue' }));
      if (this.delayMs > 0) setTimeout(reply, this.delayMs);
      else reply();
    });
    this.server.listen(this.port, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    this.server?.close();
    if (this.server) await once(this.server, 'close');
  }
}

const alice = { kind: 'vmr' as const, name: "Alice's room", description: 'Weekly syncs', aliases: [{ alias: 'meet.alice@vc.example.com', description: '' }], tag: '', enabled: true };

let service: PolicyService;
beforeEach(async () => {
  service = new PolicyService();
  await service.start();
});
afterEach(() => service.stop());

async function node(options: Record<string, unknown> = {}) {
  const clock = new ManualClock();
  const container = new Container();
  container.loadSync(createCoreModule({ clock, node: { name: 'herald-test' } }));
  const directory = new InMemoryDirectory();
  directory.replace({ services: [alice], rules: [], themes: [] });
  container.bind(Directory).toConstantValue(directory);
  container.loadSync(
    heraldPlugin.createModule(
      { url: `http://127.0.0.1:${service.port}/presence`, timeout_ms: 200, ...options },
      { configPath: ['plugins', 0, 'options'], baseDir: '.', logger: silent, mode: 'serve' },
    ),
  );
  const lifecycle = container.get<Lifecycle>(Lifecycle);
  await lifecycle.start();
  return { clock, lifecycle, presence: container.get<PresenceService>(PresenceService), hub: container.get<SubscriptionHub>(SubscriptionHub) };
}

const silent = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, fatal: () => undefined, child: () => silent };

describe('the presence-policy plugin against an HTTP policy service on loopback', () => {
  it("changes a VMR's state to the service's answer, and caches it", async () => {
    service.answers.set('meet.alice@vc.example.com', { presence: 'set', availability: 'busy', note: 'In a meeting until 11:00' });
    const { presence, lifecycle } = await node();
    await presence.prepare('meet.alice@vc.example.com');
    const resolution = presence.resolve('meet.alice@vc.example.com');
    expect(resolution.view).toMatchObject({ availability: Availability.Busy, note: 'In a meeting until 11:00', displayName: "Alice's room" });
    expect(resolution.trace).toContain("presence policy 'presence-policy-plugin.http': Busy (policy service: busy)");
    await presence.prepare('meet.alice@vc.example.com');
    presence.resolve('meet.alice@vc.example.com');
    expect(service.asked).toEqual(['meet.alice@vc.example.com']);
    await lifecycle.stop();
  });

  it('may take presence away, or give it to an alias Herald does not know', async () => {
    service.answers.set('meet.alice@vc.example.com', { presence: 'none', reason: 'room retired' });
    service.answers.set('desk.bob@vc.example.com', { presence: 'set', availability: 'away', display_name: 'Bob at his desk' });
    const { presence, lifecycle } = await node();
    await Promise.all([presence.prepare('meet.alice@vc.example.com'), presence.prepare('desk.bob@vc.example.com')]);
    expect(presence.resolve('meet.alice@vc.example.com').view).toBeUndefined();
    expect(presence.resolve('desk.bob@vc.example.com').view).toMatchObject({ availability: Availability.Away, displayName: 'Bob at his desk', source: { kind: 'policy' } });
    await lifecycle.stop();
  });

  it("falls back to Herald's own answer when the service is slower than the timeout", async () => {
    service.answers.set('meet.alice@vc.example.com', { presence: 'set', availability: 'busy' });
    service.delayMs = 2_000;
    const { presence, lifecycle } = await node({ timeout_ms: 50 });
    await presence.prepare('meet.alice@vc.example.com');
    const resolution = presence.resolve('meet.alice@vc.example.com');
    expect(resolution.view?.availability).toBe(Availability.Available);
    expect(resolution.trace).toContain("presence policy 'presence-policy-plugin.http': no change (the policy service did not answer within 50 ms; Herald's own answer stands)");
    await lifecycle.stop();
  });

  it("falls back to Herald's own answer when the service is down, and tells watchers when it is back", async () => {
    service.answers.set('meet.alice@vc.example.com', { presence: 'set', availability: 'busy' });
    const port = service.port;
    await service.stop();
    const { presence, hub, clock, lifecycle } = await node({ failure_ttl_s: 1, cache_ttl_s: 60 });
    await presence.prepare('meet.alice@vc.example.com');
    const first = presence.resolve('meet.alice@vc.example.com');
    expect(first.view?.availability).toBe(Availability.Available);
    expect(first.trace.join('\n')).toMatch(/the policy service at http:\/\/127\.0\.0\.1:\d+ is unreachable \(ECONNREFUSED\); Herald's own answer stands/);

    const changes: PresenceChange[] = [];
    hub.watch('meet.alice@vc.example.com', { id: 'w', presenceChanged: (c) => changes.push(c) }, first.view);
    service.port = port;
    await service.start();
    clock.advance(1_000); // the failure expires; the watched alias is asked again
    for (let i = 0; i < 100 && changes.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(changes.map((c) => c.view?.availability)).toEqual([Availability.Busy]);
    await lifecycle.stop();
  });

  it('reports bad options at their place in the configuration', () => {
    let failure: unknown;
    try {
      heraldPlugin.createModule({ url: 'ftp://x' }, { configPath: ['plugins', 2, 'options'], baseDir: '.', logger: silent, mode: 'serve' });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as ConfigError).issues).toEqual([expect.objectContaining({ path: ['plugins', 2, 'options', 'url'], message: expect.stringContaining('must be an http:// or https:// URL') })]);
  });
});
