import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { aRule } from '@herald/testing';
import { RuleIndex } from '../rule-index';
import { expandTemplate, parseReplaceTemplate } from '../replace-template';
import { emptyRepeatedCapture } from '../python-regex/regex-facts';
import { translatePythonRegex } from '../python-regex/translate-python-regex';
import { type DifferentialCase, generateDifferentialCorpus } from '../test-support/differential-corpus';

/**
 * The engine against Python's own `re`: for every case, our full match, groups and replacement
 * must equal `re.fullmatch(pattern, subject, re.IGNORECASE)` and `Match.expand`, or the engine
 * must refuse the pattern with a reason. One python3 process evaluates the whole corpus.
 *
 * Documented deviations (README "Checking rules", emit-re2.ts) are counted, not hidden: `\b` and
 * `\B` use RE2's ASCII word boundary, so they may differ when the subject has non-ASCII
 * characters; and a repetition that can repeat an empty match of a group, like `(a*)*`, matches
 * the same aliases but may report different group contents (the validator warns about it). The
 * corpus has no line breaks in subjects: aliases cannot contain them, and that
 * is the only case where translating `$` to an end-of-text anchor differs.
 */
type OracleResult =
  | { error: string }
  | { match: false }
  | { match: true; groups: (string | null)[]; named: Record<string, string | null>; expand?: string; expandError?: string };

// The seed and size can be varied to explore (HERALD_DIFF_SEED, HERALD_DIFF_PATTERNS); CI uses the defaults.
const corpus = generateDifferentialCorpus(Number(process.env['HERALD_DIFF_SEED'] ?? 20260509), Number(process.env['HERALD_DIFF_PATTERNS'] ?? 1500), 4);
jest.setTimeout(120_000);

function runOracle(cases: readonly DifferentialCase[]): OracleResult[] {
  const result = spawnSync('python3', [join(__dirname, 'python-oracle.py')], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 100_000 });
  if (result.error !== undefined || result.status !== 0) {
    throw new Error(`python3 could not run the oracle (${result.error?.message ?? `exit ${result.status}`}): ${result.stderr}. The differential test needs python3 on the PATH.`);
  }
  return JSON.parse(result.stdout) as OracleResult[];
}

const indexes = new Map<string, RuleIndex>();
function engineFor(pattern: string): RuleIndex {
  let index = indexes.get(pattern);
  if (index === undefined) {
    index = RuleIndex.build([aRule({ name: 'r', matchString: pattern })], 'diff');
    indexes.set(pattern, index);
  }
  return index;
}

const nonAscii = /[\u0080-\u{10ffff}]/u;
const usesWordBoundary = (pattern: string) => /\\[bB]/.test(pattern.replace(/\\\\/g, ''));

describe('differential test against Python re', () => {
  const oracle = runOracle(corpus);
  const tally = { cases: corpus.length, bothMatch: 0, bothMiss: 0, bothReject: 0, weReject: 0, documentedDeviations: 0 };
  const failures: string[] = [];

  corpus.forEach((item, i) => {
    const expected = oracle[i];
    const translated = translatePythonRegex(item.pattern);
    const describe = () => `pattern ${JSON.stringify(item.pattern)} subject ${JSON.stringify(item.subject)} replace ${JSON.stringify(item.replace)}`;
    if ('error' in expected) {
      if (translated.ok) failures.push(`${describe()}: Python rejects it (${expected.error}) but Herald accepts it`);
      else tally.bothReject++;
      return;
    }
    if (!translated.ok) {
      if (translated.rejection.reason.length < 20) failures.push(`${describe()}: rejected without a clear reason`);
      tally.weReject++;
      return;
    }
    const evaluation = engineFor(item.pattern).evaluate({ key: item.subject, full: item.subject }, { protocol: 'mssip' });
    const match = evaluation.match;
    const deviationAllowed = usesWordBoundary(item.pattern) && nonAscii.test(item.subject);
    if (match === undefined || !expected.match) {
      if ((match !== undefined) !== expected.match) {
        if (deviationAllowed) tally.documentedDeviations++;
        else failures.push(`${describe()}: Python ${expected.match ? 'matches' : 'does not match'}, Herald ${match ? 'matches' : 'does not'}`);
      } else tally.bothMiss++;
      return;
    }
    const groups = match.groups.map((g) => g ?? null);
    const named = Object.fromEntries(Object.entries(match.namedGroups).map(([k, v]) => [k, v ?? null]));
    if (JSON.stringify(groups) !== JSON.stringify(expected.groups) || JSON.stringify(named) !== JSON.stringify(expected.named)) {
      // Python's extra empty iteration of `(a*)*`: the validator warns about such rules.
      if (deviationAllowed || emptyRepeatedCapture(translated.translation.parsed.root) !== undefined) tally.documentedDeviations++;
      else failures.push(`${describe()}: groups ${JSON.stringify(groups)} ${JSON.stringify(named)}, Python ${JSON.stringify(expected.groups)} ${JSON.stringify(expected.named)}`);
      return;
    }
    const { groupCount, groupNames } = translated.translation.parsed;
    const template = parseReplaceTemplate(item.replace, groupCount, groupNames);
    const ours = template.ok ? { expand: expandTemplate(template.parts, match.groups) } : { expandError: template.reason };
    if (('expand' in ours) !== (expected.expand !== undefined) || ('expand' in ours && ours.expand !== expected.expand)) {
      failures.push(`${describe()}: replacement ${JSON.stringify(ours)}, Python ${JSON.stringify(expected.expand ?? expected.expandError)}`);
      return;
    }
    tally.bothMatch++;
  });

  it('covers at least 2,000 pairs, with many hits, misses and rejections', () => {
    expect(tally.cases).toBeGreaterThanOrEqual(2000);
    expect(tally.bothMatch).toBeGreaterThan(tally.cases * 0.25);
    expect(tally.bothMiss).toBeGreaterThan(tally.cases * 0.2);
    expect(tally.bothReject + tally.weReject).toBeGreaterThan(50);
  });

  it('agrees with Python when all patterns share one index of many small Sets (a deep prefix trie)', () => {
    // Sets of at most 4 patterns make the trie split on nearly every literal prefix, so most
    // Set forms have their first characters removed (set-form.ts): removal and reversal must
    // not change which aliases a rule matches, exotic case folds (K, ſ, ı, İ) included.
    const patterns = [...new Set(corpus.filter((_, i) => !('error' in oracle[i])).map((item) => item.pattern))];
    const index = RuleIndex.build(
      patterns.map((matchString, i) => aRule({ name: `r${i}`, matchString })),
      'diff-deep',
      { patternsPerShard: 6 },
    );
    const orders = new Map(patterns.map((pattern, order) => [pattern, order]));
    const wrong: string[] = [];
    corpus.forEach((item, i) => {
      const expected = oracle[i];
      const order = orders.get(item.pattern);
      if ('error' in expected || order === undefined || index.rules[order].translation === undefined || (usesWordBoundary(item.pattern) && nonAscii.test(item.subject))) return;
      const matches = index.matchingRules({ key: item.subject, full: item.subject }).includes(order);
      if (matches !== expected.match) wrong.push(`pattern ${JSON.stringify(item.pattern)} subject ${JSON.stringify(item.subject)}: Python ${expected.match ? 'matches' : 'does not match'}`);
    });
    expect(index.setCount).toBeGreaterThan(patterns.length / 12);
    expect(wrong.slice(0, 30)).toEqual([]);
  });

  it('agrees with Python on every pair (or refuses the pattern with a reason)', () => {
    // The tally is printed so CI logs show the shape of the corpus.
    process.stdout.write(`differential corpus: ${JSON.stringify(tally)}\n`);
    expect(failures.slice(0, 30)).toEqual([]);
  });
});
