// Timing helpers: every call timed on its own with process.hrtime.bigint(), after a warm-up.
import { PerformanceObserver, performance } from 'node:perf_hooks';

export function timeEach(inputs, iterations, fn) {
  // Warm up: every input once (a long-running node has met each alias before), at least 2,000 calls.
  const warm = Math.max(Math.min(iterations, 2000), Math.min(inputs.length, iterations));
  for (let i = 0; i < warm; i++) fn(inputs[i % inputs.length]);
  // Collect what earlier phases (building rule sets) left behind, so it is not timed here.
  globalThis.gc?.();
  const samples = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const input = inputs[i % inputs.length];
    const start = process.hrtime.bigint();
    fn(input);
    samples[i] = Number(process.hrtime.bigint() - start);
  }
  samples.sort();
  return { median: samples[Math.floor(iterations / 2)], p99: samples[Math.floor(iterations * 0.99)], max: samples[iterations - 1] };
}

export function timeOnce(fn) {
  const start = process.hrtime.bigint();
  const result = fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

export const us = (ns) => (ns / 1000).toFixed(ns < 10_000 ? 2 : 0);
export const ms = (x) => x.toFixed(x < 10 ? 1 : 0);

/**
 * timeEach, plus how many calls took over 1 ms, how many of those overlapped a garbage
 * collection pause (seen through a PerformanceObserver, whose entries arrive after the loop),
 * and how many saw the process switched out by the OS (an involuntary context switch, read
 * with getrusage around, not inside, the timed span).
 */
export async function timeEachWithGc(inputs, iterations, fn) {
  const warm = Math.max(Math.min(iterations, 2000), Math.min(inputs.length, iterations));
  for (let i = 0; i < warm; i++) fn(inputs[i % inputs.length]);
  globalThis.gc?.();
  const pauses = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push([entry.startTime, entry.startTime + entry.duration]);
  });
  observer.observe({ entryTypes: ['gc'] });
  // Both clocks are monotonic; this maps hrtime to the performance timeline GC entries use.
  const offset = performance.now() - Number(process.hrtime.bigint()) / 1e6;
  const samples = new Float64Array(iterations);
  const slow = [];
  let preempted = 0;
  for (let i = 0; i < iterations; i++) {
    const input = inputs[i % inputs.length];
    const switches = process.resourceUsage().involuntaryContextSwitches;
    const start = process.hrtime.bigint();
    fn(input);
    const end = process.hrtime.bigint();
    samples[i] = Number(end - start);
    if (samples[i] > 1e6) {
      slow.push([Number(start) / 1e6 + offset, Number(end) / 1e6 + offset]);
      if (process.resourceUsage().involuntaryContextSwitches > switches) preempted++;
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 20));
  observer.disconnect();
  samples.sort();
  const inGc = slow.filter(([start, end]) => pauses.some(([from, to]) => from < end && to > start)).length;
  return { median: samples[Math.floor(iterations / 2)], p99: samples[Math.floor(iterations * 0.99)], max: samples[iterations - 1], slow: slow.length, slowInGc: inGc, preempted };
}
