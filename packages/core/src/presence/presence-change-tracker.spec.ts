import { Container } from 'inversify';
import { createCoreModule } from '../core-module';
import { Directory } from '../directory/directory';
import { type DirectoryContent } from '../directory/directory-snapshot';
import { InMemoryDirectory } from '../directory/in-memory-directory';
import { type NormalisedAlias } from '../domain/alias';
import { type MeetingService } from '../domain/meeting-service';
import { Emitter } from '../kernel/emitter';
import { Lifecycle } from '../kernel/lifecycle';
import { PresenceChangeTracker } from './presence-change-tracker';
import { PresenceService } from './presence-service';
import { RuleEngine, type RuleEvaluation, type RuleSetChange } from './rule-engine';
import { type PresenceChange, SubscriptionHub } from './subscription-hub';

const room = (name: string, alias: string, extra: Partial<MeetingService> = {}): MeetingService => ({
  kind: 'vmr',
  name,
  description: `${name} description`,
  aliases: [{ alias, description: '' }],
  tag: '',
  enabled: true,
  ...extra,
});

/** Matches the aliases in `matching`; `compile` swaps the set and announces a new rule set. */
class SwitchableRules implements RuleEngine {
  private readonly changes = new Emitter<RuleSetChange>();
  readonly onDidChange = this.changes.event;
  constructor(private matching: Set<string>) {}
  compile(matching: Set<string>): void {
    this.matching = matching;
    this.changes.fire({ version: 'next' });
  }
  match(alias: NormalisedAlias): RuleEvaluation {
    if (!this.matching.has(alias.key)) return { trace: [] };
    return {
      match: {
        rule: {
          name: 'gw',
          description: '',
          priority: 1,
          enabled: true,
          matchIncomingCalls: true,
          incomingProtocols: { sip: true, h323: true, mssip: true, webrtc: true, teams: false },
          matchIncomingOnlyIfRegistered: false,
          matchString: '.*',
          matchStringFull: false,
          replaceString: '',
          tag: '',
        },
        groups: [alias.key],
        namedGroups: {},
        replacedAlias: alias.key,
      },
      trace: [],
    };
  }
}

async function setUp(content: DirectoryContent) {
  const container = new Container();
  container.loadSync(createCoreModule());
  const directory = new InMemoryDirectory();
  directory.replace(content);
  const rules = new SwitchableRules(new Set(['london-room003@vc.example.com']));
  container.bind(Directory).toConstantValue(directory);
  container.bind(RuleEngine).toConstantValue(rules);
  const presence = container.get<PresenceService>(PresenceService);
  const hub = container.get<SubscriptionHub>(SubscriptionHub);
  const tracker = container.get(PresenceChangeTracker);
  const lifecycle = container.get<Lifecycle>(Lifecycle);
  await lifecycle.start();

  const received: PresenceChange[] = [];
  const watch = (alias: string) => {
    const resolution = presence.resolve(alias);
    hub.watch(resolution.presentity as string, { id: `watcher of ${alias}`, presenceChanged: (c) => received.push(c) }, resolution.view);
  };
  const settle = () => tracker.idle();
  return { directory, rules, received, watch, settle, lifecycle, hub };
}

const base: DirectoryContent = {
  services: [room('Alice', 'meet.alice@vc.example.com'), room('Bob', 'meet.bob@vc.example.com')],
  rules: [],
  themes: [],
};

describe('PresenceChangeTracker', () => {
  it('reports only the presentities whose view changed', async () => {
    const t = await setUp(base);
    ['meet.alice@vc.example.com', 'meet.bob@vc.example.com', 'london-room003@vc.example.com'].forEach(t.watch);

    t.directory.replace({ ...base, services: [room('Alice renamed', 'meet.alice@vc.example.com'), base.services[1]] });
    await t.settle();

    expect(t.received.map((c) => [c.presentity, c.view?.displayName])).toEqual([['meet.alice@vc.example.com', 'Alice renamed']]);
    await t.lifecycle.stop();
  });

  it('reports a removed alias as no presence', async () => {
    const t = await setUp(base);
    t.watch('meet.bob@vc.example.com');
    t.directory.replace({ ...base, services: [base.services[0]] });
    await t.settle();
    expect(t.received).toHaveLength(1);
    expect(t.received[0]).toMatchObject({ presentity: 'meet.bob@vc.example.com', view: undefined });
    await t.lifecycle.stop();
  });

  it('reports nothing when a new snapshot changes nothing a watcher sees', async () => {
    const t = await setUp(base);
    t.watch('meet.alice@vc.example.com');
    t.directory.replace({ ...base, services: [room('Alice', 'meet.alice@vc.example.com', { tag: 'billing-42' }), base.services[1]] });
    t.directory.replace({ ...base, services: [...base.services, room('Carol', 'meet.carol@vc.example.com')] });
    await t.settle();
    expect(t.received).toEqual([]);
    await t.lifecycle.stop();
  });

  it('rechecks gateway contacts when the rule set changes, and tells only those that changed', async () => {
    const t = await setUp(base);
    ['meet.alice@vc.example.com', 'london-room003@vc.example.com', 'paris-room001@vc.example.com'].forEach(t.watch);
    t.rules.compile(new Set(['london-room003@vc.example.com', 'paris-room001@vc.example.com']));
    await t.settle();
    expect(t.received.map((c) => [c.presentity, c.view?.title])).toEqual([['paris-room001@vc.example.com', 'Gateway contact']]);

    t.received.length = 0;
    t.rules.compile(new Set());
    await t.settle();
    expect(t.received.map((c) => [c.presentity, c.view])).toEqual([
      ['london-room003@vc.example.com', undefined],
      ['paris-room001@vc.example.com', undefined],
    ]);
    await t.lifecycle.stop();
  });

  it('stops listening when stopped', async () => {
    const t = await setUp(base);
    t.watch('meet.alice@vc.example.com');
    await t.lifecycle.stop();
    t.directory.replace({ ...base, services: [room('Alice renamed', 'meet.alice@vc.example.com')] });
    await t.settle();
    expect(t.received).toEqual([]);
  });
});
