// Measurements shared by the benchmark runners: CPU time and memory of processes (from /proc),
// the machine's busy time, and SIPp's statistics file.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export const ticksPerSecond = 100; // USER_HZ on Linux

/** utime + stime of a process, in clock ticks (undefined once it is gone). */
export function cpuTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/** Resident set size of a process, in bytes (undefined once it is gone). */
export function rssBytes(pid) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return line === undefined ? undefined : Number(line.split(/\s+/)[1]) * 1024;
  } catch {
    return undefined;
  }
}

/** Busy clock ticks of the whole machine (all cores), from /proc/stat. */
export function machineBusyTicks() {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = values.map(Number); // idle and iowait left out
  return user + nice + system + irq + softirq + steal;
}

/** The last line of a SIPp `-trace_stat` CSV, as name → value. */
export function lastSippStats(file) {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const names = lines[0].split(';');
  const values = lines[lines.length - 1].split(';');
  return Object.fromEntries(names.map((name, i) => [name, values[i]]));
}

/** Runs SIPp to completion, sampling its CPU time; resolves with its exit code and ticks. */
export async function runSippMeasured(args, cwd) {
  const sipp = spawn('sipp', args, { cwd, stdio: 'ignore' });
  let sippTicks = 0;
  const sampler = setInterval(() => (sippTicks = cpuTicks(sipp.pid) ?? sippTicks), 200);
  const code = await new Promise((done) => sipp.once('exit', (c) => done(c)));
  clearInterval(sampler);
  return { code, sippTicks };
}

export const percent = (x) => `${(x * 100).toFixed(0)} %`;
