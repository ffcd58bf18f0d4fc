import { SilentLogger } from '@herald/core';
import { type HeapProbe, IdleHeapCompaction, processProbe } from './idle-heap-compaction';

const MiB = 1024 * 1024;
const period = { periodMs: 10_000, quietCpuShare: 0.1, minGrowthBytes: 32 * MiB, minGrowthShare: 0.25, followUpMs: 45_000 };

/** A process whose heap and CPU the test sets; a collection leaves `live` in use. */
class FakeProcess implements HeapProbe {
  used = 100 * MiB;
  live = 100 * MiB;
  cpu = 0;
  collections = 0;
  heapUsed = () => this.used;
  cpuMicros = () => this.cpu;
  collect = () => {
    this.collections++;
    this.used = this.live;
  };
  /** One period passes with the main thread busy for `share` of it and the heap grown to `usedMiB`. */
  pass(share: number, usedMiB: number): void {
    this.cpu += share * period.periodMs * 1000;
    this.used = usedMiB * MiB;
  }
}

describe('IdleHeapCompaction', () => {
  it('collects when quiet after the heap grew well past what was live, and once more when the burst has ended', () => {
    const host = new FakeProcess();
    const compaction = new IdleHeapCompaction(new SilentLogger(), host, period);
    compaction.start();
    compaction.stop();
    host.pass(0.9, 400); // a burst: busy, so V8 is left to it
    expect(compaction.check(10_000)).toBe(false);
    host.live = 180 * MiB;
    host.pass(0.01, 400); // quiet, and 300 MiB over what the last collection left
    expect(compaction.check(20_000)).toBe(true);
    expect(host.collections).toBe(1);
    host.live = 150 * MiB; // the burst's transactions end by themselves
    host.pass(0.01, 190); // quiet, little growth: nothing until the follow-up is due
    expect(compaction.check(30_000)).toBe(false);
    host.pass(0.01, 190);
    expect(compaction.check(65_000)).toBe(true); // the follow-up, 45 s after the first
    expect(host.used).toBe(150 * MiB);
    host.pass(0.01, 160);
    expect(compaction.check(200_000)).toBe(false); // and no more
    expect(host.collections).toBe(2);
  });

  it('leaves small heaps and small growth alone', () => {
    const host = new FakeProcess();
    const compaction = new IdleHeapCompaction(new SilentLogger(), host, period);
    compaction.start();
    compaction.stop();
    host.pass(0, 120); // +20 MiB: under the 32 MiB floor
    expect(compaction.check(10_000)).toBe(false);
    host.used = 1000 * MiB;
    host.live = 1000 * MiB;
    const big = new IdleHeapCompaction(new SilentLogger(), host, period);
    big.start();
    big.stop();
    host.pass(0, 1100); // +100 MiB on 1000: under a quarter
    expect(big.check(10_000)).toBe(false);
    expect(host.collections).toBe(0);
  });

  it('reaches a real full collection in this process', () => {
    const probe = processProbe();
    let garbage: string[] | undefined = Array.from({ length: 50_000 }, (_, i) => `garbage ${i} `.repeat(4));
    const before = probe.heapUsed();
    garbage = undefined;
    probe.collect();
    expect(garbage).toBeUndefined();
    expect(probe.heapUsed()).toBeLessThan(before);
  });
});
