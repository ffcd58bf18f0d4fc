import { aRule } from '@herald/testing';
import { lintRules } from './lint-rules';

const codes = (...rules: Parameters<typeof aRule>[0][]) => lintRules(rules.map((r) => aRule(r))).map((f) => `${f.rule}: ${f.code}`);

describe('lintRules', () => {
  it('finds a broad pattern and its unescaped domain dots, with a fix that escapes them', () => {
    const findings = lintRules([aRule({ name: 'broad', matchString: '.+@vc.example.com' })]);
    expect(findings.map((f) => f.code)).toEqual(['broad-pattern', 'unescaped-dot']);
    expect(findings[1]).toMatchObject({ severity: 'warning', fix: "escape the dots: '.+@vc\\.example\\.com'", path: ['gateway_routing_rules', 0, 'match_string'] });
    expect(findings[1].message).toContain("e.g. 'vcxexample'");
  });

  it('leaves a precise dial-plan rule alone', () => {
    expect(codes({ name: 'rooms', matchString: '[a-z]+-room\\d\\d\\d@vc\\.example\\.com' })).toEqual([]);
  });

  it('calls .* a catch-all, and finds the rules it shadows', () => {
    expect(codes({ name: 'all', priority: 10, matchString: '.*' }, { name: 'later', priority: 20, matchString: 'x\\d+' })).toEqual(['all: catch-all', 'later: shadowed']);
  });

  it('finds a rule shadowed by a broader one with a literal prefix or suffix, but not one that escapes it', () => {
    expect(codes({ name: 'london', priority: 10, matchString: 'london-.*' }, { name: 'room', priority: 20, matchString: 'london-room\\d+' })).toContain('room: shadowed');
    expect(codes({ name: 'domain', priority: 10, matchString: '.+@vc\\.example\\.com' }, { name: 'alice', priority: 20, matchString: 'meet\\.alice@vc\\.example\\.com' })).toContain('alice: shadowed');
    expect(codes({ name: 'domain', priority: 10, matchString: '.+@vc\\.example\\.com' }, { name: 'other', priority: 20, matchString: 'meet\\.alice@example\\.org' })).not.toContain('other: shadowed');
    expect(codes({ name: 'domain', priority: 10, matchString: '.+@vc\\.example\\.com', enabled: false }, { name: 'alice', priority: 20, matchString: 'meet\\.alice@vc\\.example\\.com' })).not.toContain('alice: shadowed');
  });

  it('finds rules that can never match', () => {
    expect(codes({ name: 'anchors', matchString: 'a^b' }, { name: 'scheme', priority: 101, matchString: 'sip:.*@vc\\.example\\.com' }, { name: 'space', priority: 102, matchString: 'meet alice' })).toEqual([
      'anchors: never-matches',
      'scheme: broad-pattern',
      'scheme: never-matches',
      'space: never-matches',
    ]);
  });

  it('finds duplicate priorities, refused regexes, bad replace strings and rules that never give presence', () => {
    const found = codes(
      { name: 'a', priority: 50, matchString: 'x' },
      { name: 'b', priority: 50, matchString: '(a)\\1' },
      { name: 'c', priority: 60, matchString: '(x)', replaceString: '\\2' },
      { name: 'd', priority: 70, matchString: 'y', incomingProtocols: { sip: true, h323: true, mssip: false, webrtc: true, teams: false } },
      { name: 'e', priority: 80, matchString: 'z', enabled: false },
    );
    expect(found).toEqual(['b: duplicate-priority', 'b: re2-unsupported', 'c: invalid-replace', 'd: no-mssip', 'e: disabled']);
  });
});
