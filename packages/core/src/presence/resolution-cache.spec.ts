import { Container } from 'inversify';
import { createCoreModule } from '../core-module';
import { Directory } from '../directory/directory';
import { type DirectoryContent } from '../directory/directory-snapshot';
import { InMemoryDirectory } from '../directory/in-memory-directory';
import { type NormalisedAlias } from '../domain/alias';
import { type AvatarRef } from '../domain/presence-view';
import { type MeetingService } from '../domain/meeting-service';
import { Emitter } from '../kernel/emitter';
import { Lifecycle } from '../kernel/lifecycle';
import { AvatarSource, type AvatarChange } from './avatar-source';
import { PresencePolicy, type PresencePolicyDecision } from './presence-policy';
import { PresenceService } from './presence-service';
import { ResolutionCache, resolutionCacheEntries } from './resolution-cache';
import { RuleEngine, type RuleEvaluation, type RuleSetChange } from './rule-engine';

const alice: MeetingService = {
  kind: 'vmr',
  name: 'Alice',
  description: '',
  aliases: [{ alias: 'alice@vc.example.com', description: '' }],
  tag: '',
  enabled: true,
};

/** Gives presence to every alias once `matches` is set and the change announced. */
class SwitchableRules implements RuleEngine {
  private readonly changes = new Emitter<RuleSetChange>();
  readonly onDidChange = this.changes.event;
  matches = false;
  match(alias: NormalisedAlias): RuleEvaluation {
    if (!this.matches) return { trace: [] };
    const rule = {
      name: 'lab',
      description: '',
      priority: 1,
      enabled: true,
      matchIncomingCalls: true,
      incomingProtocols: { sip: true, h323: true, mssip: true, webrtc: true, teams: true },
      matchIncomingOnlyIfRegistered: false,
      matchString: '.*',
      matchStringFull: false,
      replaceString: '',
      tag: '',
    };
    return { match: { rule, groups: [alias.key], namedGroups: {}, replacedAlias: alias.key }, trace: [] };
  }
  announce(): void {
    this.changes.fire({ version: 'next' });
  }
}

/** One avatar for everything, whose hash the test changes. */
class OneAvatar implements AvatarSource {
  private readonly changes = new Emitter<AvatarChange>();
  readonly onDidChange = this.changes.event;
  hash = 'd0d0';
  avatarFor(): AvatarRef {
    return { url: `http://127.0.0.1/avatars/${this.hash}.jpg`, hash: this.hash, themeChain: [] };
  }
  change(hash: string): void {
    this.hash = hash;
    this.changes.fire({});
  }
}

/** A policy that hides everything once told to, and says so. */
class HidingPolicy implements PresencePolicy {
  readonly id = 'hide';
  private readonly changes = new Emitter<readonly string[]>();
  readonly onDidChange = this.changes.event;
  hiding = false;
  decide(): PresencePolicyDecision {
    return this.hiding ? { action: 'reject', reason: 'hidden' } : { action: 'continue' };
  }
  hide(): void {
    this.hiding = true;
    this.changes.fire([]);
  }
}

async function setUp(content: DirectoryContent = { services: [alice], rules: [], themes: [] }) {
  const container = new Container();
  container.loadSync(createCoreModule());
  const directory = new InMemoryDirectory();
  directory.replace(content);
  const rules = new SwitchableRules();
  const avatars = new OneAvatar();
  const policy = new HidingPolicy();
  container.bind(Directory).toConstantValue(directory);
  container.bind(RuleEngine).toConstantValue(rules);
  container.bind(AvatarSource).toConstantValue(avatars);
  container.bind(PresencePolicy).toConstantValue(policy);
  const presence = container.get<PresenceService>(PresenceService);
  const resolve = jest.spyOn(presence, 'resolve');
  const cache = container.get<ResolutionCache>(ResolutionCache);
  const lifecycle = container.get<Lifecycle>(Lifecycle);
  return { directory, rules, avatars, policy, resolve, cache, lifecycle };
}

describe('ResolutionCache', () => {
  it('resolves an input once while the node runs, and again after the directory changes', async () => {
    const { directory, resolve, cache, lifecycle } = await setUp();
    await lifecycle.start();
    const first = cache.resolve('sip:alice@vc.example.com');
    expect(first.view?.displayName).toBe('Alice');
    expect(cache.resolve('sip:alice@vc.example.com')).toBe(first);
    expect(first.trace).toEqual([]);
    expect(cache.resolve('not an alias').trace[0]).toMatch(/is not an alias/);
    expect(resolve.mock.calls.map((call) => call[0])).toEqual(['sip:alice@vc.example.com', 'not an alias']);

    directory.replace({ services: [{ ...alice, name: 'Alice 2' }], rules: [], themes: [] });
    expect(cache.resolve('sip:alice@vc.example.com').view?.displayName).toBe('Alice 2');
    await lifecycle.stop();
  });

  it('forgets what it knew when the rules, the avatars or a presence policy change', async () => {
    const { rules, avatars, policy, cache, lifecycle } = await setUp();
    await lifecycle.start();
    expect(cache.resolve('lab1@vc.example.com').view).toBeUndefined();
    rules.matches = true;
    expect(cache.resolve('lab1@vc.example.com').view).toBeUndefined();
    rules.announce();
    expect(cache.resolve('lab1@vc.example.com').view?.title).toBe('Gateway contact');

    expect(cache.resolve('alice@vc.example.com').view?.avatar?.hash).toBe('d0d0');
    avatars.change('b0a4');
    expect(cache.resolve('alice@vc.example.com').view?.avatar?.hash).toBe('b0a4');

    policy.hide();
    expect(cache.resolve('alice@vc.example.com').view).toBeUndefined();
    await lifecycle.stop();
  });

  it('keeps protocols apart', async () => {
    const { resolve, cache, lifecycle } = await setUp();
    await lifecycle.start();
    cache.resolve('alice@vc.example.com', 'sip');
    cache.resolve('alice@vc.example.com', 'mssip');
    cache.resolve('alice@vc.example.com', 'sip');
    expect(resolve.mock.calls.map((call) => call[1])).toEqual([{ protocol: 'sip' }, { protocol: 'mssip' }]);
    await lifecycle.stop();
  });

  it('keeps nothing when the node is not running, since it would not hear of changes', async () => {
    const { resolve, cache, lifecycle } = await setUp();
    cache.resolve('alice@vc.example.com');
    await lifecycle.start();
    await lifecycle.stop();
    cache.resolve('alice@vc.example.com');
    cache.resolve('alice@vc.example.com');
    expect(resolve).toHaveBeenCalledTimes(3);
  });

  it(`holds at most ${resolutionCacheEntries} inputs, forgetting the oldest first`, async () => {
    const { resolve, cache, lifecycle } = await setUp();
    await lifecycle.start();
    for (let i = 0; i <= resolutionCacheEntries; i++) cache.resolve(`room${i}@vc.example.com`);
    resolve.mockClear();
    cache.resolve(`room${resolutionCacheEntries}@vc.example.com`);
    cache.resolve('room1@vc.example.com');
    expect(resolve).not.toHaveBeenCalled();
    cache.resolve('room0@vc.example.com');
    expect(resolve).toHaveBeenCalledTimes(1);
    await lifecycle.stop();
  });
});
