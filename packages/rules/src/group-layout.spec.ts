import { aRule } from '@herald/testing';
import { groupLayout, middlePart, sliceGroups } from './group-layout';
import { RuleIndex } from './rule-index';
import { compileRe2, fullMatchSource, translatePythonRegex } from './python-regex/translate-python-regex';

function translate(pattern: string) {
  const translated = translatePythonRegex(pattern);
  if (!translated.ok) throw new Error(`cannot translate ${pattern}`);
  return translated.translation;
}

describe('groupLayout', () => {
  it.each([
    ['(?P<ext>1042\\d{2})@vc\\.example\\.com', ['104217@vc.example.com']],
    ['meet\\.user7(\\.[a-z]+)?@example\\.org', ['meet.user7@example.org', 'meet.user7.team@example.org']],
    ['(.*)@(gw1|gw2)\\.example\\.com', ['alice@gw1.example.com', '@gw2.example.com', 'a@b@gw2.example.com']],
    ['(?P<city>[a-z]+)-room(?P<room>\\d{3})@vc\\.example\\.com', ['oslo-room042@vc.example.com']],
    ['^(\\d{5})$', ['12345']],
    ['(?:(a)b)(c)?', ['ab', 'abc']],
    ['x(.*)', ['x', 'xyz']],
    ['(a|bc)?d', ['d', 'ad', 'bcd']],
  ])('slices the groups RE2 finds: %s', (pattern, subjects) => {
    const translation = translate(pattern);
    const spans = groupLayout(translation.parsed.root);
    expect(spans).toBeDefined();
    const exact = compileRe2(fullMatchSource(translation));
    for (const subject of subjects) {
      const found = exact.exec(subject);
      expect(found).not.toBeNull();
      expect(sliceGroups(spans ?? [], translation.parsed.groupCount, subject)).toEqual(Array.from(found ?? [], (g) => g ?? undefined));
    }
  });

  it.each(['(sip:)?(\\d+)@x', '(a*)?b', '((a)b)c', '(a)+', '(a)|b', '(?:(a)|b)c', '(\\w+)\\.(\\w+)'])('leaves groups whose place the shape does not fix to RE2: %s', (pattern) => {
    expect(groupLayout(translate(pattern).parsed.root)).toBeUndefined();
  });
});

describe('middlePart', () => {
  it.each([
    ['meet\\.user7(\\.[a-z]+)?(\\.\\d+)?@example\\.org', ['meet.user7@example.org', 'meet.user7.team.42@example.org', 'meet.user7.42@example.org']],
    ['(?:[\\d]o?([A-Z]){2}|2?6{1,2})\\.+?[a-z]', ['7PP..j', '7oAB.k', '266.x']],
    ['(\\w+)\\.(\\w+)@vc\\.example\\.com', ['ab.c@vc.example.com', 'x.y_1@vc.example.com']],
    ['sip:(a|ab)(c|bcd)(d*)x', ['sip:abcdx', 'sip:abcdddx', 'sip:acx']],
    ['^lab(?P<n>\\d+)(-(?P<s>[a-z]+))?$', ['lab12', 'lab12-east']],
  ])('gives the groups the whole pattern gives: %s', (pattern, subjects) => {
    expect(middlePart(translate(pattern).parsed.root)).toBeDefined();
    const index = RuleIndex.build([aRule({ name: 'r', matchString: pattern })], 'middle');
    const exact = compileRe2(fullMatchSource(translate(pattern)));
    for (const subject of subjects) {
      const found = exact.exec(subject);
      expect(found).not.toBeNull();
      expect(index.evaluate({ key: subject, full: subject }, { protocol: 'mssip' }).match?.groups).toEqual(Array.from(found ?? [], (g) => g ?? undefined));
    }
  });

  it.each(['(a)+', 'a(\\b\\w+)b', '(\\w+\\b)x'])('needs a fixed part without groups or assertions around the groups: %s', (pattern) => {
    expect(middlePart(translate(pattern).parsed.root)).toBeUndefined();
  });
});
