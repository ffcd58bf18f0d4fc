import { Container } from 'inversify';
import { createCoreModule } from '../core-module';
import { Directory } from '../directory/directory';
import { InMemoryDirectory } from '../directory/in-memory-directory';
import { Availability } from '../domain/availability';
import { type MeetingService } from '../domain/meeting-service';
import { Emitter } from '../kernel/emitter';
import { Lifecycle } from '../kernel/lifecycle';
import { type LogFn, type Logger } from '../kernel/logger';
import { PresenceChangeTracker } from './presence-change-tracker';
import { PresencePolicy, type PresencePolicyDecision, type PresencePolicyRequest } from './presence-policy';
import { PresenceService } from './presence-service';
import { type PresenceChange, SubscriptionHub } from './subscription-hub';

const alice: MeetingService = {
  kind: 'vmr',
  name: "Alice's meeting room",
  description: 'Weekly syncs',
  aliases: [{ alias: 'meet.alice@vc.example.com', description: '' }],
  tag: '',
  enabled: true,
};

/** A policy answering from a table; `answer` changes an entry and fires the change event. */
class TablePolicy implements PresencePolicy {
  readonly asked: PresencePolicyRequest[] = [];
  readonly prepared: string[] = [];
  private readonly changes = new Emitter<readonly string[]>();
  readonly onDidChange = this.changes.event;
  constructor(
    readonly id: string,
    private readonly table: Map<string, PresencePolicyDecision> = new Map(),
  ) {}
  decide(request: PresencePolicyRequest): PresencePolicyDecision {
    this.asked.push(request);
    return this.table.get(request.presentity) ?? { action: 'continue' };
  }
  async prepare(request: { presentity: string }): Promise<void> {
    this.prepared.push(request.presentity);
  }
  answer(presentity: string, decision: PresencePolicyDecision): void {
    this.table.set(presentity, decision);
    this.changes.fire([presentity]);
  }
}

class ErrorsLogger implements Logger {
  readonly errors: unknown[] = [];
  trace: LogFn = () => undefined;
  debug: LogFn = () => undefined;
  info: LogFn = () => undefined;
  warn: LogFn = (fields: unknown) => void this.errors.push(fields);
  error: LogFn = (fields: unknown) => void this.errors.push(fields);
  fatal: LogFn = () => undefined;
  child(): Logger {
    return this;
  }
}

function setUp(...policies: PresencePolicy[]) {
  const logger = new ErrorsLogger();
  const container = new Container();
  container.loadSync(createCoreModule({ logger, node: { name: 'test', location: 'oslo' } }));
  const directory = new InMemoryDirectory();
  directory.replace({ services: [alice], rules: [], themes: [] });
  container.bind(Directory).toConstantValue(directory);
  for (const policy of policies) container.bind(PresencePolicy).toConstantValue(policy);
  return { container, logger, presence: container.get<PresenceService>(PresenceService) };
}

describe('PresencePolicy', () => {
  it('is asked after Herald resolved, with its answer, and may change the state of a VMR', () => {
    const policy = new TablePolicy('busy-rooms', new Map([['meet.alice@vc.example.com', { action: 'set', availability: Availability.Busy, note: 'In a meeting', reason: 'room in use' }]]));
    const { presence } = setUp(policy);
    const resolution = presence.resolve('sip:Meet.Alice@vc.example.com');
    expect(policy.asked[0]).toMatchObject({ presentity: 'meet.alice@vc.example.com', protocol: 'mssip', location: 'oslo', view: { availability: Availability.Available } });
    expect(resolution.view).toMatchObject({ availability: Availability.Busy, note: 'In a meeting', displayName: "Alice's meeting room", source: { kind: 'service' } });
    expect(resolution.trace).toContain("presence policy 'busy-rooms': Busy (room in use)");
  });

  it('may take presence away, or give it to an alias Herald knows nothing of', () => {
    const policy = new TablePolicy(
      'acl',
      new Map<string, PresencePolicyDecision>([
        ['meet.alice@vc.example.com', { action: 'reject', reason: 'decommissioned' }],
        ['desk.bob@vc.example.com', { action: 'set', availability: Availability.Away, displayName: 'Bob’s desk', reason: 'known to the CRM' }],
      ]),
    );
    const { presence } = setUp(policy);
    const rejected = presence.resolve('meet.alice@vc.example.com');
    expect(rejected.view).toBeUndefined();
    expect(rejected.trace).toContain("presence policy 'acl': no presence (decommissioned)");
    expect(presence.resolve('desk.bob@vc.example.com').view).toMatchObject({
      presentity: 'desk.bob@vc.example.com',
      availability: Availability.Away,
      displayName: 'Bob’s desk',
      title: 'Contact',
      source: { kind: 'policy', policy: 'acl' },
    });
  });

  it('runs policies in binding order, each seeing the answer left by the one before', () => {
    const first = new TablePolicy('first', new Map([['meet.alice@vc.example.com', { action: 'set', availability: Availability.Busy, reason: 'one' }]]));
    const second = new TablePolicy('second');
    const { presence } = setUp(first, second);
    expect(presence.resolve('meet.alice@vc.example.com').view?.availability).toBe(Availability.Busy);
    expect(second.asked[0].view?.availability).toBe(Availability.Busy);
  });

  it('treats a policy that throws as "continue", says so in the trace and logs it', () => {
    const broken: PresencePolicy = {
      id: 'broken',
      decide: () => {
        throw new Error('cache corrupted');
      },
    };
    const { presence, logger } = setUp(broken);
    const resolution = presence.resolve('meet.alice@vc.example.com');
    expect(resolution.view?.availability).toBe(Availability.Available);
    expect(resolution.trace).toContain("presence policy 'broken' failed (cache corrupted); the answer so far stands");
    expect(logger.errors).toHaveLength(1);
  });

  it('prepare asks every policy to get ready for the alias, and swallows a failure', async () => {
    const ready = new TablePolicy('ready');
    const failing: PresencePolicy = { id: 'failing', decide: () => ({ action: 'continue' }), prepare: () => Promise.reject(new Error('down')) };
    const { presence, logger } = setUp(ready, failing);
    await expect(presence.prepare('sip:Meet.Alice@vc.example.com')).resolves.toBeUndefined();
    await presence.prepare('not an alias');
    expect(ready.prepared).toEqual(['meet.alice@vc.example.com']);
    expect(logger.errors).toHaveLength(1);
  });

  it('a change event re-resolves the watched presentity and notifies its watchers', async () => {
    const policy = new TablePolicy('live');
    const { container, presence } = setUp(policy);
    const lifecycle = container.get<Lifecycle>(Lifecycle);
    await lifecycle.start();
    const hub = container.get<SubscriptionHub>(SubscriptionHub);
    const received: PresenceChange[] = [];
    const first = presence.resolve('meet.alice@vc.example.com');
    hub.watch('meet.alice@vc.example.com', { id: 'w', presenceChanged: (change) => received.push(change) }, first.view);

    policy.answer('meet.alice@vc.example.com', { action: 'set', availability: Availability.DoNotDisturb, reason: 'presenting' });
    await container.get(PresenceChangeTracker).idle();
    expect(received.map((c) => c.view?.availability)).toEqual([Availability.DoNotDisturb]);
    await lifecycle.stop();
  });
});
