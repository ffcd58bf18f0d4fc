import { AvatarSource, ContainerModule, Emitter, RuleEngine, type RuleEvaluation, type RuleSetChange } from '@herald/core';
import { aRule, aService, createTestNode, directoryContent, type FakeAvatarSource } from '@herald/testing';
import { createUcwaModule } from '../ucwa-module';
import { ContactViews } from './contact-views';

/** A rule engine whose answer and announcements the test controls, apart from the directory. */
class SwitchableRules implements RuleEngine {
  private readonly changes = new Emitter<RuleSetChange>();
  readonly onDidChange = this.changes.event;
  matches = false;
  private readonly rule = aRule({ name: 'lab', matchString: '.*' });

  match(): RuleEvaluation {
    return this.matches ? { match: { rule: this.rule, groups: [], namedGroups: {}, replacedAlias: 'x' }, trace: [] } : { trace: [] };
  }

  announce(): void {
    this.changes.fire({ version: 'next' });
  }
}

const alice = aService({ name: 'Alice', theme: 'Boardroom', aliases: [{ alias: 'alice@vc.example.com', description: '' }] });

async function started() {
  const rules = new SwitchableRules();
  const withRules = new ContainerModule(({ bind }) => {
    bind(RuleEngine).toConstantValue(rules);
  });
  const node = createTestNode({ content: directoryContent({ services: [alice] }), fakeRules: false, modules: [withRules, createUcwaModule()] });
  const views = node.container.get(ContactViews);
  const resolve = jest.spyOn(node.presence, 'resolve');
  await node.lifecycle.start();
  return { node, views, rules, resolve, avatars: node.container.get(AvatarSource) as FakeAvatarSource };
}

describe('ContactViews', () => {
  it('resolves a URI once for MS-SIP and answers from memory until the directory changes', async () => {
    const { node, views, resolve } = await started();
    expect(views.resolve('sip:alice@vc.example.com').view?.displayName).toBe('Alice');
    expect(views.resolve('sip:alice@vc.example.com').view?.displayName).toBe('Alice');
    expect(resolve.mock.calls).toEqual([['sip:alice@vc.example.com', { protocol: 'mssip' }]]);
    node.directory.replace(directoryContent({ services: [{ ...alice, name: 'Alice 2' }] }));
    expect(views.resolve('sip:alice@vc.example.com').view?.displayName).toBe('Alice 2');
    await node.lifecycle.stop();
  });

  it('forgets what it knew when the rules or the avatars change', async () => {
    const { views, rules, avatars } = await started();
    expect(views.resolve('lab1@vc.example.com').view).toBeUndefined();
    rules.matches = true;
    expect(views.resolve('lab1@vc.example.com').view).toBeUndefined();
    rules.announce();
    expect(views.resolve('lab1@vc.example.com').view?.title).toBe('Gateway contact');

    expect(views.resolve('alice@vc.example.com').view?.avatar?.hash).toBe('d0d0');
    avatars.setAvatar('Boardroom', 'b0a4');
    expect(views.resolve('alice@vc.example.com').view?.avatar?.hash).toBe('b0a4');
  });

  it('keeps nothing when it is not running, since it would not hear of changes', async () => {
    const { node, views, resolve } = await started();
    await node.lifecycle.stop();
    views.resolve('alice@vc.example.com');
    views.resolve('alice@vc.example.com');
    expect(resolve).toHaveBeenCalledTimes(2);
  });
});
