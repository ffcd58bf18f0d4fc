import { compileRe2, describeRejection, fullMatchSource, translatePythonRegex } from './translate-python-regex';

function fullMatch(pattern: string, subject: string): string[] | undefined {
  const translated = translatePythonRegex(pattern);
  if (!translated.ok) throw new Error(describeRejection(pattern, translated.rejection));
  const found = compileRe2(fullMatchSource(translated.translation)).exec(subject);
  return found === null ? undefined : [...found].map((g) => g ?? '(unmatched)');
}

function rejection(pattern: string) {
  const translated = translatePythonRegex(pattern);
  if (translated.ok) throw new Error(`expected '${pattern}' to be rejected`);
  return { ...translated.rejection, message: describeRejection(pattern, translated.rejection) };
}

describe('translatePythonRegex', () => {
  it.each([
    ['a(?=b)', '(?=', 1, 'lookahead'],
    ['(?<!x)y', '(?<!', 0, 'lookbehind'],
    ['(a)b\\1', '\\1', 4, 'backreference'],
    ['(?P<n>a)(?P=n)', '(?P=n)', 8, 'backreference'],
    ['(?(1)a|b)', '(?(', 0, 'conditional'],
    ['(?>ab)c', '(?>', 0, 'atomic group'],
    ['a++', '++', 1, 'possessive'],
    ['\\N{DIGIT ONE}', '\\N{…}', 0, 'named Unicode'],
  ])('refuses %s, naming the construct %s at offset %i and why', (pattern, construct, position, why) => {
    const r = rejection(pattern);
    expect(r).toMatchObject({ construct, position, pythonError: false });
    expect(r.reason).toContain(why);
    expect(r.message).toContain(`'${construct}' at character ${position + 1}`);
  });

  it.each([
    ['a**', 'multiple repeat'],
    ['*a', 'nothing to repeat'],
    ['(a', 'missing ), unterminated subpattern'],
    ['a)', 'unbalanced parenthesis'],
    ['[z-a]', 'bad character range'],
    ['\\q', 'bad escape \\q'],
    ['a(?i)b', 'global flags not at the start'],
    ['(?P<a>x)(?P<a>y)', 'redefinition of group name'],
    ['\\2(a)', 'invalid group reference 2'],
    ['(?<name>a)', 'unknown extension ?<n'],
  ])('refuses what Python refuses: %s (%s)', (pattern, message) => {
    const r = rejection(pattern);
    expect(r.pythonError).toBe(true);
    expect(r.reason).toContain(message);
  });

  it('refuses repetition counts above RE2’s limit of 1000', () => {
    expect(rejection('x{1001}').reason).toContain('above 1000');
  });

  it('matches the whole alias only, case-insensitively', () => {
    expect(fullMatch('[a-z]+-room\\d\\d\\d@vc\\.example\\.com', 'London-Room003@VC.example.com')).toBeDefined();
    expect(fullMatch('[a-z]+-room\\d\\d\\d@vc\\.example\\.com', 'london-room0031@vc.example.com')).toBeUndefined();
    expect(fullMatch('room', 'meeting-room')).toBeUndefined();
  });

  it('keeps Python meanings: named groups, \\Z, {,n}, literal braces, verbose mode, scoped flags', () => {
    expect(fullMatch('(?P<user>[a-z]+)@(x)', 'bob@x')).toEqual(['bob@x', 'bob', 'x']);
    expect(fullMatch('abc\\Z', 'abc')).toBeDefined();
    expect(fullMatch('a{,2}', 'aa')).toBeDefined();
    expect(fullMatch('a{,2}', 'aaa')).toBeUndefined();
    expect(fullMatch('a{1,x}', 'a{1,x}')).toBeDefined();
    expect(fullMatch('(?x) a b  # comment\n c', 'abc')).toBeDefined();
    expect(fullMatch('a(?-i:B)', 'AB')).toBeDefined();
    expect(fullMatch('a(?-i:B)', 'Ab')).toBeUndefined();
    expect(fullMatch('[[:alpha:]]+', '[:alp')).toBeUndefined();
    expect(fullMatch('[[:alpha:]]', 'a]')).toBeDefined();
  });

  it("uses Python's Unicode classes and case rules rather than RE2's ASCII ones", () => {
    expect(fullMatch('\\d+', '٣٤')).toBeDefined();
    expect(fullMatch('\\w+', 'café')).toBeDefined();
    expect(fullMatch('\\s', '\u00a0')).toBeDefined();
    expect(fullMatch('\\s', '\u200b')).toBeUndefined();
    expect(fullMatch('kiss', 'KİSſ')).toBeDefined();
  });

  it('marks patterns whose Set form is a cheaper superset', () => {
    const translated = translatePythonRegex('\\d+@x');
    expect(translated.ok && translated.translation.approximate).toBe(true);
    const plain = translatePythonRegex('[0-9]+@x');
    expect(plain.ok && plain.translation.approximate).toBe(false);
  });
});
