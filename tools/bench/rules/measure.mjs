// Timing helpers: every call timed on its own with process.hrtime.bigint(), after a warm-up.

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
