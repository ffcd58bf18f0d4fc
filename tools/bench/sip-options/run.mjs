// Benchmark: SIPp sends OPTIONS at rising rates to the embedded SIP stack on loopback, over UDP
// then TCP. For each step it reads SIPp's statistics (successful and failed calls,
// retransmissions) and the CPU time the stack's process and SIPp used, and reports the highest
// rate with no failed call and no retransmission. Run with `npm run bench:sip-options`
// (it builds the packages first); options: --seconds N (per step), --rates a,b,c, --transports udp,tcp,
// --attempts N. On a shared machine other jobs steal CPU from a step: a step during which the rest
// of the machine used more than a quarter of a core is run again (up to --attempts times) and
// the least disturbed attempt is reported, with the disturbance in its own column.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuTicks, lastSippStats, machineBusyTicks, percent, runSippMeasured, ticksPerSecond } from '../lib/process-stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const scenario = resolve(here, '../../sipp/options.xml');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const seconds = Number(option('seconds', '10'));
const rates = option('rates', '5000,10000,15000,20000,25000,30000,35000,40000').split(',').map(Number);
const transports = option('transports', 'udp,tcp').split(',');
const attempts = Number(option('attempts', '3'));
function startServer() {
  const child = spawn(process.execPath, [join(here, 'server.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolveReady, reject) => {
    child.once('exit', (code) => reject(new Error(`the stack exited (${code}) before it was ready`)));
    child.stdout.on('data', (chunk) => {
      const match = /ready (\d+) (\d+)/.exec(String(chunk));
      if (match) resolveReady({ child, ports: { udp: Number(match[1]), tcp: Number(match[2]) } });
    });
  });
}

async function step(server, transport, rate, dir) {
  const statFile = join(dir, `${transport}-${rate}.csv`);
  const calls = rate * seconds;
  const sippArgs = [
    `127.0.0.1:${server.ports[transport]}`, '-sf', scenario, '-t', transport === 'udp' ? 'u1' : 't1',
    '-i', '127.0.0.1', '-p', '0', '-r', String(rate), '-m', String(calls), '-l', String(rate),
    '-buff_size', '8388608', '-nostdin', '-timeout', `${seconds * 3 + 30}s`, '-timeout_error',
    '-trace_stat', '-stf', statFile, '-fd', '1',
  ];
  const serverBefore = cpuTicks(server.child.pid);
  const machineBefore = machineBusyTicks();
  const started = process.hrtime.bigint();
  const { code, sippTicks } = await runSippMeasured(sippArgs, dir);
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const serverTicks = cpuTicks(server.child.pid) - serverBefore;
  const otherTicks = Math.max(0, machineBusyTicks() - machineBefore - serverTicks - sippTicks);
  const stats = lastSippStats(statFile);
  const successful = Number(stats['SuccessfulCall(C)']);
  const failed = Number(stats['FailedCall(C)']);
  const retransmissions = Number(stats['Retransmissions(C)']);
  return {
    transport,
    target: rate,
    achieved: Math.round(Number(stats['CallRate(C)'])),
    successful,
    failed,
    retransmissions,
    clean: code === 0 && failed === 0 && retransmissions === 0 && successful === calls,
    stackCpu: serverTicks / ticksPerSecond / wall,
    stackMicrosPerRequest: (serverTicks / ticksPerSecond / successful) * 1e6,
    sippCpu: sippTicks / ticksPerSecond / wall,
    // Everything else the machine ran meanwhile (the harness, the kernel's softirqs, other jobs).
    otherCpu: otherTicks / ticksPerSecond / wall,
    code,
  };
}

// Other busy processes on the machine spoil the figures: say so in the output.
const loadBefore = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
const dir = mkdtempSync(join(tmpdir(), 'herald-bench-sip-'));
const server = await startServer();
const results = [];
try {
  for (const transport of transports) {
    for (const rate of rates) {
      let result;
      for (let attempt = 1; attempt <= attempts; attempt++) {
        const run = await step(server, transport, rate, dir);
        if (result === undefined || run.otherCpu < result.otherCpu) result = run;
        if (run.otherCpu <= 0.25) break;
        console.error(`${transport} ${rate}/s: other jobs used ${(run.otherCpu * 100).toFixed(0)} % of a core meanwhile; again`);
        await new Promise((r) => setTimeout(r, 5000));
      }
      results.push(result);
      console.error(`${transport} ${rate}/s: ${result.clean ? 'clean' : 'NOT clean'}, ${result.achieved}/s achieved, failed ${result.failed}, retransmissions ${result.retransmissions}, stack CPU ${(result.stackCpu * 100).toFixed(0)} %, rest of machine ${(result.otherCpu * 100).toFixed(0)} %`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
} finally {
  server.child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}

console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}; Node ${process.version}; ${seconds} s per step; load average before the run ${loadBefore}`);
console.log('');
console.log('| transport | target calls/s | achieved calls/s | failed | retransmissions | stack CPU | stack µs/request | SIPp CPU | rest of machine |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of results) {
  console.log(`| ${r.transport} | ${r.target} | ${r.achieved} | ${r.failed} | ${r.retransmissions} | ${percent(r.stackCpu)} | ${r.stackMicrosPerRequest.toFixed(1)} | ${percent(r.sippCpu)} | ${percent(r.otherCpu)} |`);
}
console.log('');
for (const transport of transports) {
  const best = results.filter((r) => r.transport === transport && r.clean).sort((a, b) => b.achieved - a.achieved)[0];
  console.log(`Highest clean rate over ${transport.toUpperCase()}: ${best ? `${best.achieved} OPTIONS/s (stack CPU ${percent(best.stackCpu)}, SIPp CPU ${percent(best.sippCpu)})` : 'none'}`);
}
