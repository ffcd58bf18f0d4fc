// Benchmark: the SIP/SIMPLE presence adapter on a running `herald start`, driven by SIPp on
// loopback. Run with `npm run bench:sip-presence` (it builds the CLI first). Parts:
//   rate    new subscriptions per second at rising rates: Lync's piggybacked flow (SUBSCRIBE,
//           200 with the document, unSUBSCRIBE, 200, NOTIFY) and the RFC 3856 PIDF flow with
//           NOTIFYs; the highest rate with no failed call, and Herald's CPU.
//   hold    N subscriptions held at once, each refreshed once; Herald's RSS and memory per
//           subscription once settled, and the peak during the fill and the refresh burst.
//   fanout  10,000 watchers of one room; the time from the directory change to the last NOTIFY.
// Options: --parts rate,hold,fanout  --seconds 10  --rates 2000,4000,...  --hold 100000
//          --fill-rate 2000 (new subscriptions/s while filling)  --fanout 10000  --transport udp|tcp
//          --node-options "--heap-growing-percent=30" (Node/V8 flags for the Herald process; none by
//          default, as the `herald` command runs)
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

// The yaml the app uses (a different, older one is hoisted to the root for other tools).
const { parseDocument } = createRequire(resolve(dirname(fileURLToPath(import.meta.url)), '../../../apps/herald/package.json'))('yaml');
import { cpuTicks, lastSippStats, machineBusyTicks, percent, rssBytes, runSippMeasured, ticksPerSecond } from '../lib/process-stats.mjs';
import { changeFlow, holdFlow, pidfFlow, piggybackFlow } from './scenarios.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const parts = option('parts', 'rate,hold,fanout').split(',');
const seconds = Number(option('seconds', '10'));
const rates = option('rates', '2000,3000,4000,5000,6000,7000,8000').split(',').map(Number);
const holdCount = Number(option('hold', '100000'));
const fanoutCount = Number(option('fanout', '10000'));
const fillRate = Number(option('fill-rate', '2000'));
const transport = option('transport', 'udp');
const heraldBin = join(repo, 'apps/herald/bin/herald.js');
const nodeOptions = option('node-options', '').split(' ').filter(Boolean);
const sippTransport = transport === 'udp' ? 'u1' : 't1';
const work = mkdtempSync(join(tmpdir(), 'herald-bench-presence-'));
const mib = (bytes) => `${(bytes / 1048576).toFixed(0)} MiB`;

/** A loopback port free for TCP and UDP both (the kernel picks it; bounded retries). */
async function freePort() {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await new Promise((done, fail) => {
      const probe = createServer();
      probe.once('error', fail);
      probe.listen(0, '127.0.0.1', () => {
        const chosen = probe.address().port;
        probe.close(() => done(chosen));
      });
    });
    const udpFree = await new Promise((done) => {
      const socket = createSocket('udp4');
      socket.once('error', () => done(false));
      socket.bind(port, '127.0.0.1', () => socket.close(() => done(true)));
    });
    if (udpFree) return port;
  }
  throw new Error('no free port');
}

/** Copies config/ and points it at free ports, with the settings a load test needs. */
async function benchConfig() {
  const folder = join(work, 'config');
  cpSync(join(repo, 'config'), folder, { recursive: true });
  const file = join(folder, 'example.yaml');
  const httpPort = await freePort();
  const sipPort = await freePort();
  const document = parseDocument(readFileSync(file, 'utf8'));
  document.setIn(['log', 'level'], 'info');
  document.setIn(['http', 'listen', 'port'], httpPort);
  document.setIn(['http', 'public_base_url'], `http://127.0.0.1:${httpPort}`);
  document.setIn(['sip', 'listen'], [
    { transport: 'udp', host: '127.0.0.1', port: sipPort },
    { transport: 'tcp', host: '127.0.0.1', port: sipPort },
  ]);
  // One source sends everything here, where a Front End pool would spread it.
  document.setIn(['sip', 'rate_limit'], false);
  document.setIn(['sip', 'subscriptions', 'max_total'], holdCount + 50_000);
  document.setIn(['sip', 'limits', 'max_dialogs'], holdCount + 50_000);
  document.setIn(['directory', 'reload_debounce_ms'], 20);
  writeFileSync(file, document.toString());
  return { file, httpPort, sipPort };
}

/** Starts `herald start`; keeps only recent output, so a long run holds little memory. */
async function startHerald(config) {
  const child = spawn(process.execPath, [...nodeOptions, heraldBin, 'start', '--config', config.file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const state = { child, lines: [] };
  let partial = '';
  child.stdout.on('data', (chunk) => {
    const text = partial + chunk;
    const lines = text.split('\n');
    partial = lines.pop();
    for (const line of lines) {
      state.lines.push(line);
      if (state.lines.length > 200) state.lines.shift();
    }
  });
  for (let i = 0; i < 400 && !state.lines.some((l) => l.includes('"msg":"Herald started"')); i++) await new Promise((r) => setTimeout(r, 50));
  if (!state.lines.some((l) => l.includes('"msg":"Herald started"'))) throw new Error(`herald did not start:\n${state.lines.join('\n')}`);
  return state;
}

async function metric(config, name) {
  const text = await (await fetch(`http://127.0.0.1:${config.httpPort}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

function writeScenario(name, xml) {
  const file = join(work, `${name}.xml`);
  writeFileSync(file, xml);
  return file;
}

/** SIPp's injection file: presentities, used in turn. */
function presentities(name, list) {
  const file = join(work, `${name}.csv`);
  writeFileSync(file, `SEQUENTIAL\n${list.join('\n')}\n`);
  return file;
}

function sippArgs(config, scenario, csv, extra) {
  return [
    `127.0.0.1:${config.sipPort}`, '-sf', scenario, '-inf', csv, '-t', sippTransport, '-i', '127.0.0.1', '-p', '0',
    '-buff_size', '8388608', '-nostdin', ...extra,
  ];
}

// A mix like a Front End's: rooms by alias, and gateway contacts matched by the dial-plan rule.
const letters = (n) => String.fromCharCode(97 + (n % 26)) + String.fromCharCode(97 + (Math.floor(n / 26) % 26));
// Half the watchers watch the example's rooms (spread over every alias), half watch a gateway
// contact of their own: the worst case for per-contact state.
const serviceAliases = ['meet.alice@vc.example.com', 'meet.bob@vc.example.com', 'cafe7@vc.example.com', 'allhands@vc.example.com', 'townhall@vc.example.com'];
const mixed = (count) =>
  Array.from({ length: count }, (_, i) =>
    i % 2 === 0 ? serviceAliases[(i / 2) % serviceAliases.length] : `bench${letters(Math.floor(i / 2000))}-room${String(Math.floor(i / 2) % 1000).padStart(3, '0')}@vc.example.com`,
  );

async function ratePart(config, herald) {
  const csv = presentities('mixed', mixed(4000));
  const results = [];
  for (const [flow, xml] of [['piggyback', piggybackFlow()], ['pidf', pidfFlow()]]) {
    const scenario = writeScenario(flow, xml);
    for (const rate of rates) {
      const statFile = join(work, `${flow}-${rate}.csv`);
      const calls = rate * seconds;
      const heraldBefore = cpuTicks(herald.child.pid);
      const machineBefore = machineBusyTicks();
      const started = process.hrtime.bigint();
      const { code, sippTicks } = await runSippMeasured(
        sippArgs(config, scenario, csv, ['-r', String(rate), '-m', String(calls), '-l', String(rate * 4), '-timeout', `${seconds * 3 + 30}s`, '-timeout_error', '-trace_stat', '-stf', statFile, '-fd', '1']),
        work,
      );
      const wall = Number(process.hrtime.bigint() - started) / 1e9;
      const heraldTicks = cpuTicks(herald.child.pid) - heraldBefore;
      const other = Math.max(0, machineBusyTicks() - machineBefore - heraldTicks - sippTicks) / ticksPerSecond / wall;
      const stats = lastSippStats(statFile);
      const result = {
        flow,
        rate,
        achieved: Math.round(Number(stats['CallRate(C)'])),
        successful: Number(stats['SuccessfulCall(C)']),
        failed: Number(stats['FailedCall(C)']),
        retransmissions: Number(stats['Retransmissions(C)']),
        heraldCpu: heraldTicks / ticksPerSecond / wall,
        sippCpu: sippTicks / ticksPerSecond / wall,
        other,
        code,
      };
      result.clean = code === 0 && result.failed === 0 && result.successful === calls;
      results.push(result);
      console.error(`${flow} ${rate}/s: ${result.clean ? 'clean' : 'NOT clean'}, achieved ${result.achieved}/s, failed ${result.failed}, retransmissions ${result.retransmissions}, herald ${percent(result.heraldCpu)}, sipp ${percent(result.sippCpu)}, rest ${percent(other)}`);
      await new Promise((r) => setTimeout(r, 3000));
      if (!result.clean) break;
    }
  }
  console.log('\n| flow | target flows/s | achieved flows/s | failed | retransmissions | Herald CPU | SIPp CPU | rest of machine |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) console.log(`| ${r.flow} | ${r.rate} | ${r.achieved} | ${r.failed} | ${r.retransmissions} | ${percent(r.heraldCpu)} | ${percent(r.sippCpu)} | ${percent(r.other)} |`);
  for (const flow of ['piggyback', 'pidf']) {
    const best = results.filter((r) => r.flow === flow && r.clean).sort((a, b) => b.achieved - a.achieved)[0];
    console.log(`Highest clean rate, ${flow} flow: ${best ? `${best.achieved} new subscriptions/s` : 'none'}`);
  }
}

async function holdPart(config, herald) {
  // Each call subscribes during the fill, refreshes `refresh` seconds later and unsubscribes
  // `end` seconds after that, so the run has three phases: the fill, the refresh burst (each a
  // burst of transactions the stack keeps for Timer J, 32 s), then a settled stretch where every
  // subscription is held and those transactions are gone, before the first unsubscribe.
  const fillSeconds = Math.ceil(holdCount / fillRate);
  const refresh = fillSeconds + 10;
  const end = fillSeconds + 80;
  const settled = { from: refresh + fillSeconds + 36, to: refresh + end - 2 };
  const scenario = writeScenario('hold', holdFlow(refresh * 1000, end * 1000));
  const csv = presentities('hold', mixed(holdCount));
  const before = rssBytes(herald.child.pid);
  const sipp = runSippMeasured(
    sippArgs(config, scenario, csv, ['-r', String(fillRate), '-m', String(holdCount), '-l', String(holdCount + 1000), '-timeout', `${refresh + end + fillSeconds + 120}s`, '-timeout_error']),
    work,
  );
  const started = Date.now();
  let peak = { subscriptions: 0, rss: before, heapUsed: 0, heapTotal: 0 };
  let calm = { subscriptions: 0, rss: 0, heapUsed: 0, heapTotal: 0 };
  let calmHighest = 0;
  let done = false;
  sipp.then(() => (done = true));
  while (!done) {
    await new Promise((r) => setTimeout(r, 1000));
    const subscriptions = await metric(config, 'herald_sip_subscriptions').catch(() => 0);
    const rss = rssBytes(herald.child.pid) ?? 0;
    const at = (Date.now() - started) / 1000;
    const inSettled = at >= settled.from && at <= settled.to;
    if (subscriptions >= peak.subscriptions || inSettled) {
      const heapUsed = await metric(config, 'nodejs_heap_size_used_bytes').catch(() => 0);
      const heapTotal = await metric(config, 'nodejs_heap_size_total_bytes').catch(() => 0);
      if (subscriptions >= peak.subscriptions) peak = { subscriptions, rss: Math.max(rss, peak.rss), heapUsed, heapTotal };
      // The settled figure is the last sample of that stretch (what the node settles to, after
      // any collection that followed the burst); the highest one in it is reported beside it.
      if (inSettled) {
        calm = { subscriptions, rss, heapUsed, heapTotal };
        calmHighest = Math.max(calmHighest, rss);
      }
    }
  }
  const { code } = await sipp;
  const perSubscription = (rss) => `${((rss - before) / Math.max(1, peak.subscriptions) / 1024).toFixed(2)} KiB per subscription`;
  console.log(`\nHeld at once: ${peak.subscriptions} subscriptions (target ${holdCount}, each refreshed once); SIPp exit ${code}`);
  console.log(`Herald RSS before: ${mib(before)}`);
  console.log(`Settled (${settled.from}-${settled.to} s: all held, fill and refresh transactions expired): ${calm.subscriptions} held, RSS at the end ${mib(calm.rss)}, ${perSubscription(calm.rss)} (highest in the stretch ${mib(calmHighest)}); V8 heap ${mib(calm.heapUsed)} used of ${mib(calm.heapTotal)}`);
  console.log(`Peak (during the fill or the refresh burst at ${fillRate}/s): RSS ${mib(peak.rss)}, ${perSubscription(peak.rss)}; V8 heap at the last new high ${mib(peak.heapUsed)} used of ${mib(peak.heapTotal)}`);
}

async function fanoutPart(config, herald) {
  const scenario = writeScenario('change', changeFlow(120_000));
  const csv = presentities('room', ['cafe7@vc.example.com']);
  const sipp = runSippMeasured(sippArgs(config, scenario, csv, ['-r', '2000', '-m', String(fanoutCount), '-l', String(fanoutCount + 100), '-timeout', '300s', '-timeout_error']), work);
  for (let i = 0; i < 600 && (await metric(config, 'herald_sip_watched_contacts')) < fanoutCount; i++) await new Promise((r) => setTimeout(r, 100));
  const watching = await metric(config, 'herald_sip_watched_contacts');
  // Let the initial NOTIFYs finish, so that only the change's NOTIFYs are counted below.
  await new Promise((r) => setTimeout(r, 2000));
  const delivered = () => metric(config, 'herald_sip_notifies_total{result="delivered"}');
  const baseline = await delivered();
  const linesBefore = herald.lines.length;
  const written = Date.now();
  const document = parseDocument(readFileSync(config.file, 'utf8'));
  const services = document.get('services');
  services.items.find((s) => String(s.get('name')).startsWith('Ünïcode Café')).set('name', 'Café 7, renamed for the benchmark');
  writeFileSync(config.file, document.toString());
  let last;
  let reached = baseline;
  for (let i = 0; i < 3000 && last === undefined; i++) {
    reached = await delivered();
    if (reached >= baseline + watching) last = Date.now();
    else await new Promise((r) => setTimeout(r, 5));
  }
  const reload = herald.lines.slice(Math.max(0, linesBefore - 5)).map((l) => { try { return JSON.parse(l); } catch { return {}; } }).find((l) => l.msg === 'directory reloaded');
  const reloadedAt = reload ? Date.parse(reload.time) : written;
  await sipp;
  if (last === undefined) {
    console.log(`\nFan-out: ${watching} watchers of one room. NOT complete: ${reached - baseline} of ${watching} change NOTIFYs answered within ${Date.now() - written} ms`);
    const text = await (await fetch(`http://127.0.0.1:${config.httpPort}/metrics`)).text();
    console.log(text.split('\n').filter((l) => /^herald_sip_(notifies|subscriptions|watched)/.test(l)).join('\n'));
    console.log(herald.lines.filter((l) => /"level":[4-6]0/.test(l)).slice(-10).join('\n'));
    return;
  }
  console.log(`\nFan-out: ${watching} watchers of one room. From the file write to the last NOTIFY answered: ${last - written} ms;`);
  console.log(`from the reload (snapshot replaced, ${reloadedAt - written} ms after the write with a 20 ms debounce) to the last NOTIFY answered: ${last - reloadedAt} ms`);
}

const loadBefore = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
const config = await benchConfig();
const original = readFileSync(config.file, 'utf8');
try {
  console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}; Node ${process.version}; SIPp over ${transport.toUpperCase()}; Herald's Node flags: ${nodeOptions.join(' ') || 'none'}; load average before the run ${loadBefore}`);
  // Each part gets a fresh node on the original configuration, so that subscriptions a part
  // leaves behind (an aborted flow's) neither count in the next part nor weigh on it.
  for (const [name, part] of [['rate', ratePart], ['hold', holdPart], ['fanout', fanoutPart]]) {
    if (!parts.includes(name)) continue;
    writeFileSync(config.file, original);
    const herald = await startHerald(config);
    try {
      await part(config, herald);
    } finally {
      herald.child.kill('SIGTERM');
      await new Promise((r) => herald.child.once('exit', r));
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
