import { type DirectoryContent, DirectoryValidation, RuleEngine, type RuleSetChange } from '@herald/core';
import { aRule, aService, createTestNode, directoryContent } from '@herald/testing';
import { type RuleEngineImpl } from './rule-engine-impl';
import { createRulesModule } from './rules-module';

async function startNode(content: DirectoryContent, location?: string) {
  const node = createTestNode({ content, fakeRules: false, modules: [createRulesModule({ warmUp: false })], ...(location ? { location } : {}) });
  await node.lifecycle.start();
  const engine = node.container.get<RuleEngineImpl>(RuleEngine);
  return { ...node, engine };
}

const rooms = aRule({ name: 'rooms', priority: 100, matchString: '(?P<city>[a-z]+)-room(\\d\\d\\d)@vc\\.example\\.com', replaceString: '\\g<city>.\\2@gw.example.com' });

describe('RuleEngineImpl through PresenceService', () => {
  it('a service alias wins over a rule that also matches it', async () => {
    const { presence, lifecycle } = await startNode(directoryContent({ services: [aService({ name: 'Alice' })], rules: [aRule({ name: 'everything', matchString: '.*' })] }));
    const resolution = presence.resolve('alice@vc.example.com');
    expect(resolution.view?.source.kind).toBe('service');
    await lifecycle.stop();
  });

  it('tries rules by ascending priority, not document order', async () => {
    const content = directoryContent({
      rules: [aRule({ name: 'broad, priority 150', priority: 150, matchString: '.+@vc\\.example\\.com' }), aRule({ name: 'precise, priority 20', priority: 20, matchString: 'london-room\\d+@vc\\.example\\.com' })],
    });
    const { presence, lifecycle } = await startNode(content);
    const view = presence.resolve('london-room003@vc.example.com').view;
    expect(view?.source).toMatchObject({ kind: 'rule', rule: { name: 'precise, priority 20' } });
    await lifecycle.stop();
  });

  it('skips a disabled rule and says so, then uses the next one', async () => {
    const content = directoryContent({ rules: [aRule({ name: 'off', priority: 10, enabled: false, matchString: '.*' }), rooms] });
    const { presence, lifecycle } = await startNode(content);
    const resolution = presence.resolve('london-room003@vc.example.com');
    expect(resolution.view?.source).toMatchObject({ kind: 'rule', rule: { name: 'rooms' } });
    expect(resolution.trace).toContain("rule 'off' (priority 10) matches, but is skipped: disabled");
    await lifecycle.stop();
  });

  it('does not use a rule without MS-SIP for Lync presence, but does for SIP requests', async () => {
    const sipOnly = aRule({ name: 'sip only', matchString: 'lab\\d+@vc\\.example\\.com', incomingProtocols: { sip: true, h323: true, mssip: false, webrtc: true, teams: false } });
    const { presence, lifecycle } = await startNode(directoryContent({ rules: [sipOnly] }));
    const lync = presence.resolve('lab7@vc.example.com');
    expect(lync.view).toBeUndefined();
    expect(lync.trace).toContain("rule 'sip only' (priority 100) matches, but is skipped: does not allow MS-SIP (Lync/Skype for Business)");
    expect(presence.resolve('lab7@vc.example.com', { protocol: 'sip' }).view?.source.kind).toBe('rule');
    await lifecycle.stop();
  });

  it("applies the location filter against the node's location", async () => {
    const studio = aRule({ name: 'bergen studio', matchString: 'studio\\d@vc\\.example\\.com', sourceLocation: 'bergen' });
    const { presence, lifecycle } = await startNode(directoryContent({ rules: [studio] }), 'oslo');
    const here = presence.resolve('studio1@vc.example.com');
    expect(here.view).toBeUndefined();
    expect(here.trace).toContain("rule 'bergen studio' (priority 100) matches, but is skipped: requires location 'bergen', this node is in 'oslo'");
    expect(presence.resolve('studio1@vc.example.com', { location: 'bergen' }).view).toBeDefined();
    await lifecycle.stop();
  });

  it('fully matches case-insensitively, and refuses a typo', async () => {
    const { presence, lifecycle } = await startNode(directoryContent({ rules: [rooms] }));
    expect(presence.resolve('SIP:London-Room003@VC.example.com').view).toBeDefined();
    expect(presence.resolve('london-room03@vc.example.com').view).toBeUndefined();
    expect(presence.resolve('london-room0031@vc.example.com').view).toBeUndefined();
    await lifecycle.stop();
  });

  it('returns groups, named groups and the replaced alias with Python semantics', async () => {
    const { engine, lifecycle } = await startNode(directoryContent({ rules: [rooms] }));
    const match = engine.match({ key: 'oslo-room042@vc.example.com', full: 'sip:oslo-room042@vc.example.com' }, { protocol: 'mssip' }).match;
    expect(match?.groups).toEqual(['oslo-room042@vc.example.com', 'oslo', '042']);
    expect(match?.namedGroups).toEqual({ city: 'oslo' });
    expect(match?.replacedAlias).toBe('oslo.042@gw.example.com');
    await lifecycle.stop();
  });

  it('keeps \\W and \\d exact on ASCII aliases although the index approximates them (no k/K from the Kelvin sign)', async () => {
    const { engine, lifecycle } = await startNode(directoryContent({ rules: [aRule({ name: 'non-word', matchString: '\\W{1,3}' }), aRule({ name: 'digits', priority: 101, matchString: '\\d+' })] }));
    const match = (key: string) => engine.match({ key, full: key }, { protocol: 'mssip' }).match?.rule.name;
    expect(match('.k.')).toBeUndefined();
    expect(match('.-.')).toBe('non-word');
    expect(match('٣٤')).toBe('digits');
    expect(match('4k')).toBeUndefined();
    await lifecycle.stop();
  });

  it('matches match_string_full rules against the full URI', async () => {
    const full = aRule({ name: 'full', matchString: 'sip:conf\\d+@vc\\.example\\.com;.*', matchStringFull: true });
    const { engine, lifecycle } = await startNode(directoryContent({ rules: [full] }));
    expect(engine.match({ key: 'conf1@vc.example.com', full: 'sip:conf1@vc.example.com;transport=tls' }, { protocol: 'mssip' }).match?.rule.name).toBe('full');
    expect(engine.match({ key: 'conf1@vc.example.com', full: 'conf1@vc.example.com' }, { protocol: 'mssip' }).match).toBeUndefined();
    await lifecycle.stop();
  });

  it('bounds the trace: 20 lines about passed-over rules, then a count', async () => {
    const many = Array.from({ length: 50 }, (_, i) => aRule({ name: `off ${i}`, priority: 1 + i, enabled: false, matchString: 'x' }));
    const { engine, lifecycle } = await startNode(directoryContent({ rules: [...many, aRule({ name: 'last', priority: 200, matchString: 'x' })] }));
    const evaluation = engine.match({ key: 'x', full: 'x' }, { protocol: 'mssip' });
    expect(evaluation.match?.rule.name).toBe('last');
    expect(evaluation.trace.filter((line) => line.includes('skipped: disabled'))).toHaveLength(20);
    expect(evaluation.trace).toContain('… and 30 more rules before the winner (30 of them match but do not apply)');
    await lifecycle.stop();
  });

  it('keeps answering from the old rules until the new ones are compiled, then announces them', async () => {
    const { engine, directory, lifecycle } = await startNode(directoryContent({ rules: [rooms] }));
    const announced: RuleSetChange[] = [];
    engine.onDidChange((change) => announced.push(change));
    const lab = aRule({ name: 'lab', matchString: 'lab\\d+@vc\\.example\\.com' });
    const snapshot = directory.replace(directoryContent({ rules: [lab] }));
    // The directory event has fired, but the rebuild waits for its own turn of the event loop.
    expect(engine.match({ key: 'lab1@vc.example.com', full: 'lab1@vc.example.com' }, { protocol: 'mssip' }).match).toBeUndefined();
    await engine.idle();
    expect(engine.match({ key: 'lab1@vc.example.com', full: 'lab1@vc.example.com' }, { protocol: 'mssip' }).match?.rule.name).toBe('lab');
    expect(announced).toEqual([{ version: snapshot.version }]);
    await lifecycle.stop();
  });

  it('does not rebuild when only services change', async () => {
    const { engine, directory, lifecycle } = await startNode(directoryContent({ rules: [rooms] }));
    const before = engine.current();
    directory.replace(directoryContent({ rules: [rooms], services: [aService({ name: 'Bob' })] }));
    await engine.idle();
    expect(engine.current()).toBe(before);
    await lifecycle.stop();
  });
});

describe('RuleRegexValidator', () => {
  it('refuses a regex RE2 cannot run, naming the rule, construct, position and path', async () => {
    const { container } = createTestNode({ fakeRules: false, modules: [createRulesModule()] });
    const issues = await container.get<DirectoryValidation>(DirectoryValidation).validate(
      directoryContent({ rules: [rooms, aRule({ name: 'look', matchString: 'a(?!b)@x', replaceString: '' }), aRule({ name: 'rep', matchString: '(a)', replaceString: '\\2' })] }),
    );
    expect(issues).toEqual([
      expect.objectContaining({ path: ['gateway_routing_rules', 1, 'match_string'], severity: 'error', message: expect.stringContaining("rule 'look': 'a(?!b)@x' cannot be used with RE2: '(?!' at character 2: lookahead") }),
      expect.objectContaining({ path: ['gateway_routing_rules', 2, 'replace_string'], severity: 'error', message: expect.stringContaining('invalid group reference 2') }),
    ]);
  });
});
