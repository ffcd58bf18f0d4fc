import { aRule } from '@herald/testing';
import { parsePythonRegex } from './python-regex/parse-python-regex';
import { emitRe2 } from './python-regex/emit-re2';
import { compileRe2 } from './python-regex/translate-python-regex';
import { RuleIndex } from './rule-index';
import { reverseRegex, setSource, stripLiteralPrefix } from './set-form';
import { reversedInput } from './set-input';

const parse = (pattern: string) => {
  const parsed = parsePythonRegex(pattern);
  if (!parsed.ok) throw new Error(`cannot parse ${pattern}`);
  return parsed.regex.root;
};
const source = (pattern: string, skip: number) => {
  const rest = stripLiteralPrefix(parse(pattern), skip);
  return rest === undefined ? undefined : emitRe2(rest, 'exact');
};

describe('stripLiteralPrefix', () => {
  it('removes literal characters compared case-insensitively or without case, through groups and a leading anchor', () => {
    expect(source('london8-room\\d{3}@vc\\.example\\.com', 7)).toBe(emitRe2(parse('-room\\d{3}@vc\\.example\\.com'), 'exact'));
    expect(source('^(?P<ext>1042\\d{2})@x', 3)).toBe(emitRe2(parse('(?P<ext>2\\d{2})@x'), 'exact'));
    expect(source('(?:ab)c$', 2)).toBe('(?:)c\\z');
  });

  it('refuses what would change the meaning: case-sensitive letters, anchors and \\b after the cut, repetitions', () => {
    expect(source('a(?-i:B)c', 2)).toBeUndefined();
    expect(source('a(?-i:B)c', 1)).toBeDefined();
    expect(source('a(?-i:1)c', 2)).toBeDefined();
    expect(source('a^b', 1)).toBeUndefined();
    expect(source('meet\\b.*', 4)).toBeUndefined();
    expect(source('\\bmeet', 2)).toBeUndefined();
    expect(source('ab(?:x|(?m:^))', 2)).toBeUndefined();
    expect(source('(?:ab)+c', 1)).toBeUndefined();
    expect(source('ab', 3)).toBeUndefined();
  });
});

describe('setSource', () => {
  it('removes the literal end as well, from the reversed pattern, when that is exact', () => {
    expect(setSource(parse('.+@vc\\.example\\.com'), 0, 4)).toBe(`(?i)${emitRe2(reverseRegex(parse('.+@vc\\.example')), 'prefilter')}`);
    expect(setSource(parse('meet\\.(\\w+)@x$'), 5, 2)).toBe(`(?i)${emitRe2(reverseRegex(parse('(\\w+)')), 'prefilter')}`);
    expect(setSource(parse('.*(?-i:X)@x'), 0, 3)).toBeUndefined();
    expect(setSource(parse('.*a\\b@x'), 0, 2)).toBeUndefined();
    expect(setSource(parse('a$b'), 0, 1)).toBeUndefined();
  });
});

describe('reverseRegex', () => {
  it.each([
    ['[a-z]+-room(\\d{3})@vc\\.example\\.com', ['london-room123@vc.example.com', 'London-Room12@vc.example.com']],
    ['^a(b|cd)*e$', ['ae', 'abcde', 'acdbe', 'abce']],
    ['(?m)^x|y$', ['x', 'y', 'xy']],
    ['\\bab\\B', ['ab', 'abc', 'xab']],
  ])('the reversed pattern fully matches the reversed strings: %s', (pattern, subjects) => {
    const forward = compileRe2(`\\A(?:(?i)${emitRe2(parse(pattern), 'exact')})\\z`);
    const backward = compileRe2(`\\A(?:(?i)${emitRe2(reverseRegex(parse(pattern)), 'exact')})\\z`);
    for (const subject of subjects) expect(backward.test([...subject].reverse().join(''))).toBe(forward.test(subject));
  });
});

describe('reversedInput', () => {
  it('reverses the rest of the subject, by code point when it is not ASCII', () => {
    expect(reversedInput('london8-room1@x', 7)?.toString()).toBe('x@1moor-');
    expect(reversedInput('ab😀é', 1)?.toString()).toBe('é😀b');
    expect(reversedInput('aé😀bc', 1, 1)?.toString()).toBe('b😀é');
    expect(reversedInput('abc', 3)?.toString()).toBe('');
    expect(reversedInput('meet.alice@x', 5, 2)?.toString()).toBe('ecila');
    expect(reversedInput('ab', 1, 2)).toBeUndefined();
  });
});

describe('a deep prefix trie of small Sets', () => {
  const patterns = [
    'london8-room\\d\\d\\d@vc\\.example\\.com',
    'london80-room\\d\\d\\d@vc\\.example\\.com',
    'london8.*',
    'a(?-i:B)c',
    'abc',
    'abd\\d',
    '^kelvin',
    'kelvin\\w*',
    'sip:(\\d+)@gw\\.example\\.com',
    'SIP:9\\d*@gw\\.example\\.com',
    'istanbul',
    'meet\\b.*',
    'meet\\.(?P<user>[a-z.]+)@example\\.org',
    '.*@example\\.org',
    'ſtudio\\d',
    'studio\\d',
    '.+@vc\\.example\\.com',
    '[a-z]+\\.user7@example\\.org',
    '[a-z]+\\.user17@example\\.org',
    '\\d+@gw\\.example\\.com$',
    '.*(?-i:X)@x',
    '.*a\\b',
    '.*\\.org',
    '\\w+\\Z',
  ];
  const subjects = [
    'london8-room123@vc.example.com',
    'LONDON80-ROOM123@VC.EXAMPLE.COM',
    'london8',
    'abc',
    'aBc',
    'ABC',
    'abd٣',
    '\u212aelvin',
    'kelvin_1',
    'sip:42@gw.example.com',
    'ſip:9@gw.example.com',
    '\u0130stanbul',
    '\u0131stanbul',
    'meet.alice@example.org',
    'meet.@example.org',
    'studio1',
    'ſtudio2',
    'STUDIO3',
    'alice@vc.example.com',
    '@vc.example.com',
    'meet.user7@example.org',
    'MEET.USER17@EXAMPLE.ORG',
    '42@gw.example.com',
    'aX@x',
    'ax@x',
    'bca',
    'x.org',
    '.org',
  ];
  const rules = patterns.map((matchString, i) => aRule({ name: `r${i}`, matchString }));

  it('finds exactly the rules whose exact pattern fully matches, as one Set per rule would', () => {
    const index = RuleIndex.build(rules, 'deep', { patternsPerShard: 1 });
    expect(index.setCount).toBeGreaterThan(patterns.length / 2);
    for (const subject of subjects) {
      const expected = index.rules.filter((rule) => rule.fullyMatches(subject)).map((rule) => rule.order);
      expect({ subject, orders: index.matchingRules({ key: subject, full: subject }) }).toEqual({ subject, orders: expected });
    }
  });

  it('evaluates to the same winner and groups whatever the Set size', () => {
    const deep = RuleIndex.build(rules, 'deep', { patternsPerShard: 1 });
    const flat = RuleIndex.build(rules, 'deep');
    for (const subject of subjects) {
      const alias = { key: subject, full: subject };
      expect(deep.evaluate(alias, { protocol: 'mssip' })).toEqual(flat.evaluate(alias, { protocol: 'mssip' }));
    }
  });
});
