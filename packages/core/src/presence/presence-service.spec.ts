import { Container } from 'inversify';
import { createCoreModule } from '../core-module';
import { InMemoryDirectory } from '../directory/in-memory-directory';
import { Directory } from '../directory/directory';
import { type DirectoryContent } from '../directory/directory-snapshot';
import { type NormalisedAlias } from '../domain/alias';
import { type GatewayRoutingRule } from '../domain/gateway-routing-rule';
import { type MeetingService } from '../domain/meeting-service';
import { Emitter } from '../kernel/emitter';
import { PresenceService } from './presence-service';
import { AvatarSource, type AvatarRequest } from './avatar-source';
import { RuleEngine, type RuleEvaluation, type RuleMatchContext } from './rule-engine';

const alice: MeetingService = {
  kind: 'vmr',
  name: "Alice's meeting room",
  description: 'Weekly syncs',
  aliases: [{ alias: 'meet.alice@vc.example.com', description: '' }],
  theme: 'acme',
  tag: '',
  enabled: true,
};

const roomsRule: GatewayRoutingRule = {
  name: 'rooms',
  description: '',
  priority: 100,
  enabled: true,
  matchIncomingCalls: true,
  incomingProtocols: { sip: true, h323: true, mssip: true, webrtc: true, teams: false },
  matchIncomingOnlyIfRegistered: false,
  matchString: '.*',
  matchStringFull: false,
  replaceString: '',
  tag: '',
};

/** Stands in for the rule engine: matches every alias listed in `matches`, records what it was asked. */
class StubRuleEngine implements RuleEngine {
  readonly asked: { alias: NormalisedAlias; context: RuleMatchContext }[] = [];
  readonly onDidChange = new Emitter<{ version: string }>().event;
  constructor(private readonly matches: ReadonlySet<string>) {}
  match(alias: NormalisedAlias, context: RuleMatchContext): RuleEvaluation {
    this.asked.push({ alias, context });
    if (!this.matches.has(alias.key)) return { trace: ['stub: no rule'] };
    return { match: { rule: roomsRule, groups: [alias.key], namedGroups: {}, replacedAlias: alias.key }, trace: ['stub: rooms'] };
  }
}

class StubAvatars implements AvatarSource {
  readonly onDidChange = new Emitter<object>().event;
  avatarFor(request: AvatarRequest) {
    const theme = request.purpose === 'gateway' ? 'default' : (request.theme ?? 'default');
    return { url: `http://node/avatars/${theme}.jpg`, hash: `hash-of-${theme}`, themeChain: [theme] };
  }
}

function setUp(content: Partial<DirectoryContent>, options: { rules?: StubRuleEngine; avatars?: boolean; location?: string } = {}) {
  const container = new Container();
  container.loadSync(createCoreModule({ node: { name: 'test', ...(options.location ? { location: options.location } : {}) } }));
  const directory = new InMemoryDirectory();
  directory.replace({ services: [], rules: [], themes: [{ name: 'acme', path: '/themes/acme' }], ...content });
  container.bind(Directory).toConstantValue(directory);
  if (options.rules) container.bind(RuleEngine).toConstantValue(options.rules);
  if (options.avatars) container.bind(AvatarSource).toConstantValue(new StubAvatars());
  return { presence: container.get<PresenceService>(PresenceService), directory };
}

describe('PresenceService.resolve', () => {
  it('finds a VMR by alias and shows its name, description and theme avatar', () => {
    const { presence } = setUp({ services: [alice] }, { avatars: true });
    const { view, trace } = presence.resolve('meet.alice@vc.example.com');
    expect(view).toMatchObject({
      presentity: 'meet.alice@vc.example.com',
      displayName: "Alice's meeting room",
      note: 'Weekly syncs',
      title: 'Virtual Meeting Room',
      availability: { code: 3500, token: 'Online' },
      avatar: { hash: 'hash-of-acme' },
      source: { kind: 'service', service: { name: "Alice's meeting room" } },
    });
    expect(trace.join('\n')).toContain("alias of the Virtual Meeting Room 'Alice's meeting room'");
  });

  it('normalises the scheme, case and parameters before the lookup', () => {
    const { presence } = setUp({ services: [alice] });
    const resolution = presence.resolve('SIP:Meet.Alice@VC.example.com;transport=tls');
    expect(resolution.view?.displayName).toBe("Alice's meeting room");
    expect(resolution.trace[0]).toBe("normalised 'SIP:Meet.Alice@VC.example.com;transport=tls' to 'meet.alice@vc.example.com'");
  });

  it('prefers a service alias to a rule that matches too, without asking the rules', () => {
    const rules = new StubRuleEngine(new Set(['meet.alice@vc.example.com']));
    const { presence } = setUp({ services: [alice] }, { rules });
    expect(presence.resolve('meet.alice@vc.example.com').view?.source.kind).toBe('service');
    expect(rules.asked).toHaveLength(0);
  });

  it('asks the rules for an MS-SIP request at the node location when no service has the alias', () => {
    const rules = new StubRuleEngine(new Set(['london-room003@vc.example.com']));
    const { presence } = setUp({ services: [alice] }, { rules, avatars: true, location: 'oslo' });
    const { view, trace } = presence.resolve('sip:London-Room003@vc.example.com');
    expect(rules.asked[0].context).toEqual({ protocol: 'mssip', location: 'oslo' });
    expect(rules.asked[0].alias.full).toBe('sip:London-Room003@vc.example.com');
    expect(view).toMatchObject({
      displayName: 'london-room003@vc.example.com',
      note: '',
      title: 'Gateway contact',
      avatar: { hash: 'hash-of-default' },
      source: { kind: 'rule', rule: { name: 'rooms' } },
    });
    expect(trace).toContain('stub: rooms');
  });

  it('passes a caller-given protocol and location through to the rules', () => {
    const rules = new StubRuleEngine(new Set());
    const { presence } = setUp({}, { rules, location: 'oslo' });
    presence.resolve('x@vc.example.com', { protocol: 'webrtc', location: 'bergen' });
    expect(rules.asked[0].context).toEqual({ protocol: 'webrtc', location: 'bergen' });
  });

  it('lets a disabled service fall through to the rules', () => {
    const rules = new StubRuleEngine(new Set(['meet.alice@vc.example.com']));
    const { presence } = setUp({ services: [{ ...alice, enabled: false }] }, { rules });
    const { view, trace } = presence.resolve('meet.alice@vc.example.com');
    expect(view?.source.kind).toBe('rule');
    expect(trace.join('\n')).toContain('which is disabled');
  });

  it('gives no presence, with the reason, when nothing matches', () => {
    const { presence } = setUp({ services: [alice] }, { rules: new StubRuleEngine(new Set()) });
    const resolution = presence.resolve('nobody@elsewhere.example');
    expect(resolution.view).toBeUndefined();
    expect(resolution.presentity).toBe('nobody@elsewhere.example');
    expect(resolution.trace).toEqual([
      expect.stringContaining("no VMR or Virtual Auditorium has the alias 'nobody@elsewhere.example'"),
      'stub: no rule',
      'no gateway routing rule matched: no presence',
    ]);
  });

  it('says the rules were not consulted when no rule engine is configured', () => {
    const { presence } = setUp({ services: [alice] });
    expect(presence.resolve('london-room003@vc.example.com').trace.at(-1)).toContain('no rule engine is configured');
  });

  it('answers bad input with a reason instead of throwing', () => {
    const { presence } = setUp({});
    const resolution = presence.resolve('<sip:broken');
    expect(resolution.view).toBeUndefined();
    expect(resolution.presentity).toBeUndefined();
    expect(resolution.trace[0]).toContain('is not an alias');
  });

  it('answers from the directory version current at the time of the call', () => {
    const { presence, directory } = setUp({ services: [alice] });
    directory.replace({ services: [{ ...alice, name: 'Renamed' }], rules: [], themes: [{ name: 'acme', path: '/t' }] });
    expect(presence.resolve('meet.alice@vc.example.com').view?.displayName).toBe('Renamed');
  });
});
