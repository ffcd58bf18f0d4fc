// Rule engine benchmark: `npm run bench:rules` (builds @herald/rules, then runs this file).
// Prints Markdown tables for docs/performance.md.
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { dialPlan, jsRegExp, otherPlan, rule, seededRandom, typo } from './rule-set.mjs';
import { ms, timeEach, timeEachWithGc, timeOnce, us } from './measure.mjs';

const require = createRequire(import.meta.url);
const RE2 = require('re2');
const { RuleIndex, translatePythonRegex, fullMatchSource, compileRe2 } = require('@herald/rules');

const sizes = (process.env.BENCH_SIZES ?? '10,1000,10000').split(',').map(Number);
const context = { protocol: 'mssip' };
const alias = (s) => ({ key: s, full: s });
const out = (line = '') => process.stdout.write(`${line}\n`);

out(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}.`);
out();
out('| rules | engine | build | hit median | hit p99 | miss median | miss p99 |');
out('|---:|---|---:|---:|---:|---:|---:|');

const hostile = [
  ['(a+)+$', (n) => `${'a'.repeat(n)}!`],
  ['(.*a){20}', (n) => `${'a'.repeat(19)}${'x'.repeat(n)}`],
  ['(\\w+\\s?)*$', (n) => `${'aaaa '.repeat(Math.floor(n / 5))}!`],
  ['(x+x+)+y', (n) => 'x'.repeat(n)],
];

const warmRows = [];
for (const size of sizes) {
  const { rules, samples } = dialPlan(size);
  const random = seededRandom(size);
  const hits = samples.map((s, i) => samples[(i * 7919) % samples.length]);
  const misses = hits.map((s) => typo(s, random));
  const sorted = [...rules].sort((a, b) => a.priority - b.priority);

  // Built three times: the first build (code not yet optimised by V8, as after a node starts)
  // and the median, since one build on a shared machine is at the mercy of whatever else runs.
  let index;
  const buildTimes = [0, 1, 2].map(() => {
    const t = timeOnce(() => RuleIndex.build(sorted, 'bench'));
    index = t.result;
    return t.ms;
  });
  const firstBuild = buildTimes[0];
  const medianBuild = [...buildTimes].sort((a, b) => a - b)[1];
  const warm = timeOnce(() => index.warm(0, index.rules.length));
  check(index.evaluate(alias(hits[0]), context).match !== undefined && index.evaluate(alias(misses[0]), context).match === undefined, 'engine answers');
  const engineHit = timeEach(hits, 20_000, (s) => index.evaluate(alias(s), context));
  const engineMiss = timeEach(misses, 20_000, (s) => index.evaluate(alias(s), context));
  row(size, `RE2.Set index (Herald, ${index.setCount} Set${index.setCount === 1 ? '' : 's'})`, `${ms(firstBuild)} ms first, ${ms(medianBuild)} ms median of 3 (+ ${ms(warm.ms)} ms background warm-up)`, engineHit, engineMiss);
  warmRows.push([size, timeEach([hits[0]], 20_000, (s) => index.evaluate(alias(s), context)), timeEach([misses[0]], 20_000, (s) => index.evaluate(alias(s), context))]);

  const loopIterations = Math.max(50, Math.min(20_000, Math.floor(2_000_000 / size)));
  const js = timeOnce(() => sorted.map((r) => jsRegExp(r.matchString)));
  const jsMatch = (s) => {
    for (const re of js.result) if (re.test(s)) return re.exec(s);
    return undefined;
  };
  row(size, 'loop over JavaScript RegExp', `${ms(js.ms)} ms`, timeEach(hits, loopIterations, jsMatch), timeEach(misses, loopIterations, jsMatch));

  const singles = timeOnce(() => sorted.map((r) => compileRe2(fullMatchSource(translatePythonRegex(r.matchString, { checkWithRe2: false }).translation))));
  const re2Match = (s) => {
    const input = Buffer.from(s);
    for (const re of singles.result) if (re.test(input)) return re.exec(s);
    return undefined;
  };
  const re2Iterations = Math.max(30, Math.floor(loopIterations / 5));
  row(size, 'loop over single RE2 objects', `${ms(singles.ms)} ms`, timeEach(hits, re2Iterations, re2Match), timeEach(misses, re2Iterations, re2Match));
}

out();
out('Herald with one alias looked up again and again (caches warm), for comparison:');
out();
out('| rules | hit median | hit p99 | miss median | miss p99 |');
out('|---:|---:|---:|---:|---:|');
for (const [size, hit, miss] of warmRows) out(`| ${size.toLocaleString('en')} | ${us(hit.median)} µs | ${us(hit.p99)} µs | ${us(miss.median)} µs | ${us(miss.p99)} µs |`);

out();
out('Other shapes at 10,000 rules, for the limits of the index (hits, in the same rotation as above):');
out();
out('| 10,000 rules like | what it costs | hit median | hit p99 |');
out('|---|---|---:|---:|');
for (const [kind, pattern, what] of [
  ['shared', 'meet\\.user7(\\.[a-z]+)?(\\.[0-9]+)?@example\\.org', 'groups found by RE2, one object shared by all rules'],
  ['own', '(user7[a-z]*)@(\\w+)\\.example\\.org', "groups found by each rule's own RE2 object"],
  ['unrouted', '[a-z]+\\.user7@example\\.org', 'no literal start: every Set read for every alias'],
]) {
  const { rules, samples } = otherPlan(10_000, kind);
  const index = RuleIndex.build([...rules].sort((a, b) => a.priority - b.priority), kind);
  index.warm(0, index.rules.length);
  const hits = samples.map((_, i) => samples[(i * 7919) % samples.length]);
  check(index.evaluate(alias(hits[0]), context).match !== undefined, `the ${kind} plan answers`);
  const t = timeEach(hits, 20_000, (s) => index.evaluate(alias(s), context));
  out(`| \`${pattern}\` | ${what} (${index.setCount} Sets) | ${us(t.median)} µs | ${us(t.p99)} µs |`);
}

out();
out("Hostile patterns, one pattern, input of 10,000 characters (JavaScript RegExp at the lengths shown). Herald's Set reads");
out('the subject backwards (`RuleIndex.matchingRules` on a one-rule index), shown for the input and for the input reversed:');
out();
out("| pattern | input | single RE2 | RE2.Set | Herald's Set: input / reversed | JavaScript RegExp |");
out('|---|---|---:|---:|---:|---:|');
for (const [pattern, input] of hostile) {
  const translated = translatePythonRegex(pattern).translation;
  const single = compileRe2(fullMatchSource(translated));
  const set = new RE2.Set([translated.prefilter], 'u', { anchor: 'both' });
  const text = input(10_000);
  const re2Time = timeEach([text], 200, (s) => single.exec(s));
  const setTime = timeEach([text], 200, (s) => set.match(s));
  const herald = RuleIndex.build([rule('hostile', 1, pattern)], 'hostile');
  const heraldTimes = [text, [...text].reverse().join('')].map((s) => timeEach([alias(s)], 200, (a) => herald.matchingRules(a)));
  // Exponential or polynomial in JavaScript: only lengths that finish in seconds.
  const jsLengths = { '(a+)+$': [16, 20, 24], '(x+x+)+y': [12, 16, 18], '(\\w+\\s?)*$': [25, 30, 35], '(.*a){20}': [100, 1000] }[pattern];
  const jsTimes = jsLengths.map((n) => {
    const re = jsRegExp(pattern);
    const t = timeOnce(() => re.test(input(n)));
    return `n=${n}: ${ms(t.ms)} ms`;
  });
  out(`| \`${pattern}\` | ${describeInput(pattern)} | ${us(re2Time.median)} µs | ${us(setTime.median)} µs | ${heraldTimes.map((t) => `${us(t.median)} µs`).join(' / ')} | ${jsTimes.join(', ')} |`);
}

out();
out('Hostile rules and aliases through the engine: 10,000 dial-plan rules plus the four hostile rules, matched against the');
out('alias (`user@host`, at most 250 characters once normalised) and, as `match_string_full` rules, against the full URI');
out('(at most 1,024 characters); each input also reversed, since the Sets read subjects backwards; 5,000 calls each.');
out('"Over 1 ms" counts the calls that took longer; of those, how many overlapped a garbage-collection pause, and how many');
out('saw the process switched out by the OS (the two can overlap):');
out();
out('| hostile subject | length | median | p99 | max | over 1 ms: all / in GC / switched out |');
out('|---|---:|---:|---:|---:|---:|');
for (const [full, length] of [[false, 250], [true, 1000]]) {
  const { rules } = dialPlan(10_000);
  const extra = hostile.map(([p], i) => ({ ...rule(`hostile ${i}`, 200, p), matchStringFull: full }));
  const index = RuleIndex.build([...rules, ...extra].sort((a, b) => a.priority - b.priority), 'hostile');
  index.warm(0, index.rules.length);
  for (const [pattern, input] of hostile) {
    for (const reversed of [false, true]) {
      const forward = input(length).slice(0, length);
      const text = reversed ? [...forward].reverse().join('') : forward;
      const subject = full ? { key: 'x@vc.example.com', full: text } : alias(text);
      const t = await timeEachWithGc([subject], 5000, (s) => index.evaluate(s, context));
      out(`| ${full ? 'URI' : 'alias'} for \`${pattern}\`${reversed ? ', reversed' : ''} | ${length} | ${us(t.median)} µs | ${us(t.p99)} µs | ${us(t.max)} µs | ${t.slow} / ${t.slowInGc} / ${t.preempted} |`);
    }
  }
}

function row(size, engine, build, hit, miss) {
  out(`| ${size.toLocaleString('en')} | ${engine} | ${build} | ${us(hit.median)} µs | ${us(hit.p99)} µs | ${us(miss.median)} µs | ${us(miss.p99)} µs |`);
}

function describeInput(pattern) {
  return { '(a+)+$': "`'a'×n + '!'`", '(.*a){20}': "`'a'×19 + 'x'×n`", '(\\w+\\s?)*$': "`'aaaa '×n/5 + '!'`", '(x+x+)+y': "`'x'×n`" }[pattern];
}

function check(ok, what) {
  if (!ok) throw new Error(`benchmark sanity check failed: ${what}`);
}
