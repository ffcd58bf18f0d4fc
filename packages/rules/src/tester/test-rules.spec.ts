import { aRule } from '@herald/testing';
import { RuleIndex } from '../rule-index';
import { testAliases } from './test-rules';

const index = RuleIndex.build(
  [
    aRule({ name: 'labs', priority: 10, matchString: 'lab(\\d+)', replaceString: 'x' }),
    aRule({ name: 'rooms', priority: 20, matchString: '(?P<city>[a-z]+)-room(\\d{3})@vc\\.example\\.com', replaceString: '\\g<city>@gw' }),
    aRule({ name: 'off', priority: 30, enabled: false, matchString: '.*' }),
  ],
  'v1',
);

describe('testAliases', () => {
  it('reports full, partial and no match per rule, with groups, the replaced alias and the winner', () => {
    const [result] = testAliases(index, ['sip:Oslo-Room042@vc.example.com;transport=tls'], { protocol: 'mssip' });
    expect(result).toMatchObject({ presentity: 'oslo-room042@vc.example.com', found: true, winner: { rule: 'rooms', priority: 20, replacedAlias: 'oslo@gw' } });
    expect(result.rules).toEqual([
      { rule: 'labs', priority: 10, match: 'none' },
      { rule: 'rooms', priority: 20, match: 'full', matched: 'oslo-room042@vc.example.com', groups: ['oslo-room042@vc.example.com', 'oslo', '042'], namedGroups: { city: 'oslo' }, replacedAlias: 'oslo@gw' },
      expect.objectContaining({ rule: 'off', match: 'full', skipped: 'disabled' }),
    ]);
  });

  it('reports a prefix-only match as partial, and says which alias belongs to a service', () => {
    const [lab, room] = testAliases(index, ['lab12@vc.example.com', 'meet.alice@vc.example.com'], { protocol: 'mssip' }, (key) => (key === 'meet.alice@vc.example.com' ? "Alice's room" : undefined));
    expect(lab.rules[0]).toMatchObject({ match: 'partial', matched: 'lab12' });
    expect(lab.found).toBe(false);
    expect(room).toMatchObject({ found: true, service: "Alice's room" });
  });

  it('answers an input that is not an alias with the reason', () => {
    expect(testAliases(index, ['<sip:broken'], { protocol: 'mssip' })[0]).toMatchObject({ found: false, error: "not an alias: it is '<' without a closing '>'" });
  });
});
