// UCWA-style API benchmark: `npm run bench:ucwa` (after `npm ci`, which builds the CLI).
//
// 1. Throughput: autocannon, with the same connections, pipelining and duration, against a bare
//    Fastify hello-world and against Herald's presence GET (a running `herald start` on a copy
//    of config/example.yaml), alternating rounds so that both see the same machine.
// 2. Pending GETs: a separate process opens --pending event-channel requests on Herald and
//    holds them; this reports how many were held without error and the server's memory before,
//    while held and after release.
//
// Options: --duration <s> (10) --connections <n> (100) --pipelining <n> (10) --rounds <n> (3)
//          --pending <n> (10000)
// Everything runs on loopback; the numbers describe this machine, not a deployment. With two or
// more CPUs and `taskset` available, the servers run on CPU 0 and this process (autocannon, the
// pending-GET client) on CPU 1, so that load generator and server do not take turns on a core.
// The run prints the load average before and after: figures taken on a busy machine are noise.
const { fork, spawn, spawnSync } = require('node:child_process');
const { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { createServer } = require('node:net');
const { cpus, loadavg, tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const autocannon = require('autocannon');

const repo = resolve(__dirname, '../../..');
const pinned = cpus().length >= 2 && spawnSync('taskset', ['-pc', '1', String(process.pid)], { stdio: 'ignore' }).status === 0;
/** Runs a server on CPU 0 when pinning works. */
const onServerCpu = (command, args) => (pinned ? ['taskset', ['-c', '0', command, ...args]] : [command, args]);
const token = 'herald-demo-token-change-me';
const options = parseArgs({ duration: 10, connections: 100, pipelining: 10, rounds: 3, pending: 10_000 });

function parseArgs(defaults) {
  const result = { ...defaults };
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i += 2) {
    const key = args[i].replace(/^--/, '');
    if (!(key in defaults) || !/^\d+$/.test(args[i + 1] ?? '')) throw new Error(`usage: run.cjs [--${Object.keys(defaults).join(' <n>] [--')} <n>]`);
    result[key] = Number(args[i + 1]);
  }
  return result;
}

function freePort() {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

/** Starts a child and resolves once a line of its output matches `ready`. */
function startChild(command, args, ready) {
  return new Promise((done, fail) => {
    const child = spawn(...onServerCpu(command, args), { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = ready.exec(output);
      if (match) done({ child, match });
    });
    child.once('exit', (code) => fail(new Error(`${args.join(' ')} exited with ${code}:\n${output}`)));
  });
}

function stopChild(child) {
  return new Promise((done) => {
    if (child.exitCode !== null) return done();
    child.once('exit', done);
    child.kill('SIGTERM');
  });
}

/** CPU time a process has used, in microseconds (user + system, from /proc; 10 ms ticks). */
function cpuMicros(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function load(url, headers) {
  return new Promise((done, fail) => {
    autocannon({ url, headers, connections: options.connections, pipelining: options.pipelining, duration: options.duration }, (error, result) =>
      error ? fail(error) : done(result),
    );
  });
}

async function json(url, init = {}) {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

/** The server's resident memory (from /proc) and V8 heap in use (from its /metrics), after a full GC. */
async function memory(pid, base) {
  process.kill(pid, 'SIGUSR2');
  await new Promise((r) => setTimeout(r, 500));
  const rss = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
  const metrics = await (await fetch(`${base}/metrics`)).text();
  const gauge = (name) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(metrics)?.[1]);
  return { rss, heapUsed: gauge('nodejs_heap_size_used_bytes'), pendingGets: gauge('herald_ucwa_pending_gets'), applications: gauge('herald_ucwa_applications') };
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const fmt = (n) => Math.round(n).toLocaleString('en-US');

async function heraldNode(folder) {
  const port = await freePort();
  const config = join(folder, 'example.yaml');
  const text = readFileSync(config, 'utf8')
    .replaceAll('8080', String(port))
    // Any free SIP port: 5060 may be taken by another benchmark on the machine, and only HTTP is measured.
    .replace(/port: 5060/g, 'port: 0')
    .replace('level: info', 'level: warn')
    .replace(/max_applications: \d+/, `max_applications: ${options.pending + 100}`)
    .replace(/max_connections: \d+/, `max_connections: ${options.pending + 2000}`);
  writeFileSync(config, text);
  const args = ['--expose-gc', '--require', join(__dirname, 'gc-on-signal.cjs'), join(repo, 'apps/herald/bin/herald.js'), 'start', '--config', config];
  const child = spawn(...onServerCpu(process.execPath, args), { cwd: repo, stdio: ['ignore', 'inherit', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  // It logs at warn only (request logs would cost throughput), so readiness is its /healthz.
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`herald start exited with ${child.exitCode}`);
    if ((await fetch(`${base}/healthz`).catch(() => undefined))?.ok) break;
    if (i > 300) throw new Error('herald start did not answer /healthz within 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, base };
}

async function main() {
  const folder = mkdtempSync(join(tmpdir(), 'herald-bench-ucwa-'));
  cpSync(join(repo, 'config'), folder, { recursive: true });
  const children = [];
  try {
    const hello = await startChild(process.execPath, [join(__dirname, 'hello-world.cjs')], /listening (\d+)/);
    children.push(hello.child);
    const herald = await heraldNode(folder);
    children.push(herald.child);

    const app = await json(`${herald.base}/ucwa/oauth/v1/applications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ userAgent: 'herald-bench', endpointId: 'throughput', culture: 'en-US' }),
    });
    const presenceUrl = `${herald.base}${app._links.self.href}/people/meet.alice@vc.example.com/presence`;
    const presence = await json(presenceUrl, { headers: { authorization: `Bearer ${token}` } });
    if (presence.availability !== 'Online') throw new Error(`unexpected presence: ${JSON.stringify(presence)}`);
    const targets = [
      { name: 'fastify hello-world', url: `http://127.0.0.1:${hello.match[1]}/hello`, headers: {}, pid: hello.child.pid },
      { name: 'Herald presence GET', url: presenceUrl, headers: { authorization: `Bearer ${token}` }, pid: herald.child.pid },
    ];

    console.log(`# UCWA benchmark on ${cpus().length} × ${cpus()[0].model}, Node ${process.version}, ${pinned ? 'servers on CPU 0, load on CPU 1' : 'not pinned'}`);
    console.log(`load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(`autocannon -c ${options.connections} -p ${options.pipelining} -d ${options.duration}, ${options.rounds} rounds after a warm-up\n`);
    for (const target of targets) await load(target.url, target.headers); // warm-up: JIT, caches
    const rates = new Map(targets.map((t) => [t.name, []]));
    const costs = new Map(targets.map((t) => [t.name, []]));
    for (let round = 1; round <= options.rounds; round++) {
      for (const target of targets) {
        const cpuBefore = cpuMicros(target.pid);
        const result = await load(target.url, target.headers);
        const cost = (cpuMicros(target.pid) - cpuBefore) / result.requests.total;
        const bad = result.non2xx + result.errors + result.timeouts;
        rates.get(target.name).push(result.requests.average);
        costs.get(target.name).push(cost);
        console.log(`round ${round}: ${target.name}: ${fmt(result.requests.average)} req/s, p99 ${result.latency.p99} ms, server CPU ${cost.toFixed(1)} µs/request, ${bad} errors or non-2xx`);
        if (bad > 0) throw new Error(`${target.name}: ${bad} requests failed`);
      }
    }
    const [base, ours] = targets.map((t) => ({ rate: median(rates.get(t.name)), cost: median(costs.get(t.name)) }));
    console.log(`\nmedians: hello-world ${fmt(base.rate)} req/s (${base.cost.toFixed(1)} µs CPU/request), presence GET ${fmt(ours.rate)} req/s (${ours.cost.toFixed(1)} µs CPU/request)`);
    console.log(`presence GET throughput: ${((100 * ours.rate) / base.rate).toFixed(1)}% of the baseline; by server CPU per request: ${((100 * base.cost) / ours.cost).toFixed(1)}%\n`);
    await stopChild(hello.child);

    const before = await memory(herald.child.pid, herald.base);
    const client = fork(join(__dirname, 'pending-gets.cjs'), [herald.base, token, String(options.pending)]);
    children.push(client);
    const message = (kind) => new Promise((done) => client.on('message', (m) => (m.kind === kind || m.kind === 'failed' ? done(m) : undefined)));
    const created = await message('created');
    if (created.kind === 'failed') throw new Error(created.message);
    await new Promise((r) => setTimeout(r, 1000));
    const applicationsOnly = await memory(herald.child.pid, herald.base);
    const holdingMessage = message('holding');
    client.send('open');
    const holding = await holdingMessage;
    if (holding.kind === 'failed') throw new Error(holding.message);
    const during = await memory(herald.child.pid, herald.base);
    const released = message('released');
    client.send('release');
    const after = await released;
    await new Promise((r) => setTimeout(r, 3000));
    const end = await memory(herald.child.pid, herald.base);

    const perEach = (a, b, key) => fmt((b[key] - a[key]) / options.pending);
    console.log(`pending GETs: ${fmt(options.pending)} applications created in ${(created.createMs / 1000).toFixed(1)} s, then one request each sent in ${(holding.openMs / 1000).toFixed(1)} s`);
    console.log(`  held after 2 s: ${fmt(holding.held)}; the server counted ${fmt(during.pendingGets)} pending; answered early: ${holding.answered}; errors: ${holding.errors}${holding.firstError ? ` (${holding.firstError})` : ''}`);
    console.log(`  still held when released: ${fmt(after.stillHeld)}`);
    console.log(`  server RSS:  ${mb(before.rss)} before, ${mb(applicationsOnly.rss)} with the applications, ${mb(during.rss)} holding the requests, ${mb(end.rss)} 3 s after release`);
    console.log(`  server heap: ${mb(before.heapUsed)} before, ${mb(applicationsOnly.heapUsed)} with the applications, ${mb(during.heapUsed)} holding the requests, ${mb(end.heapUsed)} 3 s after release`);
    console.log(`  each application: ${perEach(before, applicationsOnly, 'rss')} bytes RSS, ${perEach(before, applicationsOnly, 'heapUsed')} bytes heap`);
    console.log(`  each pending GET on top: ${perEach(applicationsOnly, during, 'rss')} bytes RSS, ${perEach(applicationsOnly, during, 'heapUsed')} bytes heap`);
    console.log('  (memory is read after a full GC; released requests leave their applications, which expire when idle)');
    console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    for (const child of children.reverse()) await stopChild(child);
    rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
