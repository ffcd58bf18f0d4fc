import { seededRandom } from '@herald/testing';

/**
 * A deterministic corpus of (pattern, subject, replace string) triples for comparing the engine
 * with Python's `re`: realistic dial-plan rules (the platform documentation's examples among
 * them), randomly composed patterns over classes, alternations, quantifiers, groups, anchors and
 * inline flags, hand-picked edge cases, constructs RE2 cannot run, and invalid syntax. Subjects
 * are sampled to match each pattern, then mutated like typos (and sometimes given non-ASCII
 * characters), so the corpus holds hits and misses.
 */
export interface DifferentialCase {
  readonly pattern: string;
  readonly subject: string;
  readonly replace: string;
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const chance = (random: Random, p: number) => random() < p;

const cities = ['london', 'oslo', 'bergen', 'paris', 'kyiv', 'istanbul', 'sao-paulo'];
/** Dial-plan rules in the shapes operators write; `$D` is a domain. */
const dialPlans = [
  '[a-z]+-room\\d\\d\\d@vc\\.example\\.com',
  '.+@vc.example.com',
  '.*',
  '.+',
  '(\\d{4,6})@vc\\.example\\.com',
  '(?P<ext>\\d{4})',
  'meet\\.(?P<user>[a-z0-9._-]+)@$D',
  '([^@]+)@us\\.example\\.com',
  '(?P<city>[a-z]+)-room(?P<room>\\d{3})@$D',
  '(sip:)?(\\+?47\\d{8})@$D',
  'exec-[a-z]+@$D',
  'lab\\d+@$D',
  'studio\\d@$D',
  '(vmr|meet|room)[.-]?(\\w+)@$D',
  '\\d+',
  '[0-9]{3,}\\*\\d+@$D',
  '(?i)Teams-[A-F0-9]{6}@$D',
  '(.*)@(gw1|gw2)\\.example\\.com',
  '^(\\d{5})$',
  '\\A(?:[a-z]+)\\.(?:[a-z]+)@$D\\Z',
];
const domains = ['vc\\.example\\.com', 'example\\.org', 'video\\.example\\.net'];

const literals = [...'abcdeikmorsxz0123456789-_@'];
const atoms = [
  '[a-z]',
  '[a-f0-9]',
  '[^@]',
  '[^.@]',
  '[\\d]',
  '[\\w.-]',
  '[A-Z]',
  '[ik]',
  '[k-s]',
  '[]x]',
  '[x-]',
  '[\\s\\S]',
  '[^\\d\\s]',
  '[^a-z]',
  '\\d',
  '\\w',
  '\\s',
  '\\D',
  '\\W',
  '\\S',
  '.',
  '\\.',
  '\\-',
  '\\@',
  '\\+',
  '\\x41',
  '\\u00e9',
  '\\101',
  '\\0',
  '\\t',
];
const quantifiers = ['', '', '', '', '*', '+', '?', '{2}', '{1,3}', '{,2}', '{2,}', '{,}', '*?', '+?', '??', '{1,2}?'];
const boundedQuantifiers = ['', '', '?', '{1,2}', '{2}'];

/** Patterns chosen for one reason each: flags, anchors, braces, escapes, rejections, errors. */
const edgeCases = [
  '(?x) [a-z]+ - room \\d{3}  # verbose, with a comment\n @vc\\.example\\.com',
  '(?s).+',
  '(?m)^a$',
  'a(?-i:B)c',
  '(?-i:[A-Z]+)\\d',
  '(?i:abc)',
  'a{',
  'a{x}',
  'a{1,2',
  'x{}',
  '{1}a',
  'a$',
  'a\\Z',
  '\\Aabc',
  '^abc$',
  'a^b',
  '\\bab\\b',
  'a\\Bb',
  '(a)|b',
  '(a)?b',
  '(a*)*',
  '(a|ab)(c|bcd)(d*)',
  '((a)|b)+',
  '(?:(a)|(b))+',
  '(?P<x>a)(?P<y>b)?',
  '(?#a comment)abc',
  'a(?=b)',
  'a(?!b)',
  '(?<=a)b',
  '(?<!a)b',
  '(a)\\1',
  '(?P<n>a)(?P=n)',
  '(?(1)a|b)',
  '(?>ab)',
  'a*+',
  'a++',
  'a{2}+',
  'x{1001}',
  '(?a)\\d',
  '(?L)a',
  '\\N{DIGIT ONE}',
  '(?<n>a)',
  'a**',
  '*a',
  '(a',
  'a)',
  '[a',
  '[z-a]',
  '[\\d-z]',
  '\\q',
  '\\',
  'a(?i)b',
  '\\8',
  '[\\8]',
  '\\x4',
  '(?P<1>a)',
  '(?P<a>x)(?P<a>y)',
  '[^\\W\\d]',
  'İ',
  'ı',
  'K',
  'ſ',
  '[h-j]+',
  '\\w+',
  '\\d+',
  '\\s',
  'é+',
  'straße',
];
const replaces = ['', '', '\\1', '\\g<1>', '\\g<0>@gw.example.com', 'x\\\\y', '$1', '\\g<n1>', '\\1-\\2', 'a\\nb', '\\q', '\\12', '\\g<name>', '\\0', '\\101', 'sip:\\1@gw'];
const exotic = ['é', 'É', 'ı', 'İ', 'K', 'ſ', '٣', 'ß', 'ẞ', 'Ω', 'ℌ', '_', ' ', '\t'];

/** Builds the corpus: `patterns` patterns, about `subjectsPerPattern` subjects each. */
export function generateDifferentialCorpus(seed: number, patterns: number, subjectsPerPattern: number): DifferentialCase[] {
  const random = seededRandom(seed);
  const cases: DifferentialCase[] = [];
  const all = [...edgeCases, ...dialPlans.flatMap((d) => domains.map((domain) => d.replace('$D', domain)))];
  while (all.length < patterns) all.push(randomPattern(random, 0, 0, { unbounded: 0 }));
  for (const pattern of all.slice(0, Math.max(patterns, edgeCases.length))) {
    for (let i = 0; i < subjectsPerPattern; i++) {
      let subject = samplePattern(random, pattern);
      if (i % 2 === 1) subject = mutate(random, subject);
      if (chance(random, 0.1)) subject = withExotic(random, subject);
      if (subject.length > 40) subject = subject.slice(0, 40);
      cases.push({ pattern, subject, replace: pick(random, replaces) });
    }
  }
  return cases;
}

/** At most two unbounded quantifiers per pattern and none nested, so Python's backtracking stays fast. */
function randomPattern(random: Random, depth: number, nested: number, state: { unbounded: number }): string {
  const branches = 1 + (chance(random, 0.25) ? Math.floor(random() * 2) + 1 : 0);
  const out: string[] = [];
  for (let b = 0; b < branches; b++) {
    let sequence = chance(random, 0.08) && depth === 0 ? '^' : '';
    const length = 1 + Math.floor(random() * 5);
    for (let i = 0; i < length; i++) {
      let atom: string;
      const roll = random();
      if (roll < 0.45) atom = pick(random, literals);
      else if (roll < 0.8 || depth >= 2) atom = pick(random, atoms);
      else {
        const inner = randomPattern(random, depth + 1, nested + 1, state);
        atom = pick(random, ['(', '(', '(?:', `(?P<n${depth}${i}>`])
          .concat(inner, ')')
          .replace(/^\(\)$/, '(x)');
      }
      const quantified = atom.startsWith('(') && atom.length > 1;
      const quantifier = quantified || nested > 0 || state.unbounded >= 2 ? pick(random, boundedQuantifiers) : pick(random, quantifiers);
      if (/[*+]|,\}/.test(quantifier)) state.unbounded++;
      atom += quantifier;
      sequence += atom;
    }
    if (chance(random, 0.08) && depth === 0) sequence += pick(random, ['$', '\\Z']);
    out.push(sequence);
  }
  return out.join('|');
}

/**
 * A string the pattern probably matches, made by a rough walk of its syntax. It need not
 * always match (the oracle decides), only often enough that the corpus has many hits.
 */
export function samplePattern(random: Random, pattern: string): string {
  if (pattern.startsWith('(?x)')) return `${pick(random, cities)}-room${Math.floor(random() * 900 + 100)}@vc.example.com`;
  let out = '';
  let i = 0;
  const groupStarts: number[] = [];
  const repeatLast = (from: number, times: number) => {
    const piece = out.slice(from);
    out = out.slice(0, from) + piece.repeat(times);
  };
  let lastStart = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    const start = out.length;
    if (c === '\\') {
      const e = pattern[i + 1] ?? '';
      i += 2;
      const map: Record<string, () => string> = {
        d: () => pick(random, [...'0123456789', '٣']),
        w: () => pick(random, [...'abcxyz0129_', 'é']),
        s: () => ' ',
        D: () => pick(random, [...'ax-@.']),
        W: () => pick(random, [...'-@. ']),
        S: () => pick(random, [...'ab9-@']),
        x: () => {
          i += 2;
          return 'A';
        },
        u: () => {
          i += 4;
          return 'é';
        },
      };
      out += map[e]?.() ?? (/[A-Za-z0-9]/.test(e) ? '' : e);
      lastStart = start;
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      const body = pattern.slice(i + 1, end < 0 ? pattern.length : end);
      i = end < 0 ? pattern.length : end + 1;
      out += sampleClass(random, body);
      lastStart = start;
    } else if (c === '(') {
      groupStarts.push(out.length);
      const header = /^\((\?:|\?P<[^>]*>|\?[imsx-]+:|\?[imsx]+\)|\?#[^)]*\))?/.exec(pattern.slice(i))?.[0] ?? '(';
      i += header.length;
      if (header.endsWith(')') && header.length > 1) groupStarts.pop();
    } else if (c === ')') {
      lastStart = groupStarts.pop() ?? 0;
      i++;
    } else if (c === '|') {
      // Take the first branch: skip to the end of the enclosing group or pattern.
      let depth = 0;
      while (i < pattern.length && !(depth === 0 && pattern[i] === ')')) {
        if (pattern[i] === '\\') i++;
        else if (pattern[i] === '(') depth++;
        else if (pattern[i] === ')') depth--;
        i++;
      }
    } else if (c === '*' || c === '+' || c === '?' || c === '{') {
      const quant = /^(\*|\+|\?|\{(\d*)(,?)(\d*)\})\??/.exec(pattern.slice(i));
      if (quant === null) {
        out += c;
        i++;
        continue;
      }
      i += quant[0].length;
      const [min, max] = c === '*' ? [0, 3] : c === '+' ? [1, 3] : c === '?' ? [0, 1] : [Number(quant[2] || 0), quant[3] === '' ? (quant[4] === '' ? Number(quant[2] || 0) : Number(quant[4])) : Number(quant[4] || 3)];
      repeatLast(lastStart, Math.min(max, min + Math.floor(random() * 3)));
    } else if (c === '.') {
      out += pick(random, [...'abz09-_.@']);
      lastStart = start;
      i++;
    } else if (c === '^' || c === '$') {
      i++;
    } else {
      out += chance(random, 0.2) ? c.toUpperCase() : c;
      lastStart = start;
      i++;
    }
  }
  return out;
}

function sampleClass(random: Random, body: string): string {
  if (body.startsWith('^')) return pick(random, [...'xA9-@._', 'é']);
  const ranges = [...body.matchAll(/(.)-(.)/g)];
  if (ranges.length > 0 && chance(random, 0.8)) {
    const [, lo, hi] = pick(random, ranges);
    return String.fromCharCode(lo.charCodeAt(0) + Math.floor(random() * (hi.charCodeAt(0) - lo.charCodeAt(0) + 1)));
  }
  if (body.includes('\\d')) return '7';
  if (body.includes('\\w')) return 'q';
  return pick(random, [...body.replace(/\\/g, '')]) ?? 'x';
}

function mutate(random: Random, subject: string): string {
  const at = Math.floor(random() * (subject.length + 1));
  switch (Math.floor(random() * 4)) {
    case 0:
      return subject.slice(0, at) + subject.slice(at + 1);
    case 1:
      return subject.slice(0, at) + pick(random, [...'a0-.@x']) + subject.slice(at);
    case 2:
      return subject.slice(0, at) + pick(random, [...'b1_']) + subject.slice(at + 1);
    default:
      return subject.toUpperCase();
  }
}

function withExotic(random: Random, subject: string): string {
  const at = Math.floor(random() * (subject.length + 1));
  return subject.slice(0, at) + pick(random, exotic) + subject.slice(at + 1);
}
