import { expandTemplate, parseReplaceTemplate } from './replace-template';

const groups = ['oslo-room042@vc', 'oslo', '042', undefined];
const names = new Map([['city', 1]]);

function expand(template: string): string {
  const parsed = parseReplaceTemplate(template, 3, names);
  if (!parsed.ok) throw new Error(parsed.reason);
  return expandTemplate(parsed.parts, groups);
}

describe('replace strings with Python semantics', () => {
  it.each([
    ['\\1.\\2@gw', 'oslo.042@gw'],
    ['\\g<1>\\g<2>', 'oslo042'],
    ['\\g<city>', 'oslo'],
    ['\\g<0>', 'oslo-room042@vc'],
    ['$1 \\\\ $', '$1 \\ $'],
    ['[\\3]', '[]'],
    ['\\. \\@', '\\. \\@'],
    ['a\\tb', 'a\tb'],
    ['\\101', 'A'],
    ['\\12', 'undefined'],
  ])('%s → %s', (template, expected) => {
    if (expected === 'undefined') expect(parseReplaceTemplate(template, 3, names)).toMatchObject({ ok: false, reason: expect.stringContaining('invalid group reference 12') });
    else expect(expand(template)).toBe(expected);
  });

  it.each([
    ['\\4', 'invalid group reference 4 (\\4): the pattern has 3 groups (named: city)'],
    ['\\g<town>', "unknown group name 'town'"],
    ['\\g<1', 'missing its closing >'],
    ['\\q', 'bad escape \\q'],
    ['x\\', 'escapes nothing'],
  ])('refuses %s: %s', (template, reason) => {
    expect(parseReplaceTemplate(template, 3, names)).toMatchObject({ ok: false, reason: expect.stringContaining(reason) });
  });
});
