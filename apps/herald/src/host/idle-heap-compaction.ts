import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type Logger } from '@herald/core';

/** What the compactor reads each period; the real process by default, fakes in tests. */
export interface HeapProbe {
  /** Bytes of V8 heap in use, garbage included. */
  heapUsed(): number;
  /** CPU time (user + system, µs) the process has used so far. */
  cpuMicros(): number;
  /** Runs a full collection. */
  collect(): void;
}

export interface IdleHeapCompactionOptions {
  /** How often the process is looked at. */
  readonly periodMs: number;
  /** Below this share of one core over a period, the process counts as quiet. */
  readonly quietCpuShare: number;
  /** Growth over what the last full collection left that makes one worth running. */
  readonly minGrowthBytes: number;
  readonly minGrowthShare: number;
  /**
   * A burst leaves state that ends later by itself (UDP transactions answer retransmissions for
   * 32 s): one more collection this long after the first, if the process is quiet then.
   */
  readonly followUpMs: number;
}

export const defaultIdleHeapCompaction: IdleHeapCompactionOptions = {
  periodMs: 10_000,
  quietCpuShare: 0.1,
  minGrowthBytes: 32 * 1024 * 1024,
  minGrowthShare: 0.25,
  followUpMs: 45_000,
};

/**
 * Returns memory to the system after a burst. V8 collects its old generation when it grows by
 * a factor it picks for throughput (up to several times the live heap), and a node that has
 * just taken a burst of subscriptions (a Front End pool restarting, an hour's refreshes
 * arriving together) can sit for minutes on a heap that is mostly garbage, all of it RSS.
 * So, when the process has been quiet for a period and the heap has grown well past what the
 * last full collection left, this runs one full collection, and one more `followUpMs` later
 * (when the burst's transactions have ended) if the process is quiet then. Busy periods are
 * left to V8: a full collection then would cost latency, and V8 collects anyway as the heap
 * grows. A full collection of a heap holding 100,000 subscriptions takes about 100 ms.
 *
 * It is the process's policy, not the presence domain's: `herald start` runs it, and products
 * that embed Herald's core keep their own.
 */
export class IdleHeapCompaction {
  private timer: NodeJS.Timeout | undefined;
  private lastCpu = 0;
  private leftByLastCollection: number;
  private followUpAt: number | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly probe: HeapProbe = processProbe(),
    private readonly options: IdleHeapCompactionOptions = defaultIdleHeapCompaction,
  ) {
    this.leftByLastCollection = probe.heapUsed();
  }

  start(): void {
    this.lastCpu = this.probe.cpuMicros();
    this.timer = setInterval(() => this.check(), this.options.periodMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One period's look at time `now` (ms); public for tests. Returns whether it collected. */
  check(now = Date.now()): boolean {
    const cpu = this.probe.cpuMicros();
    const busyShare = (cpu - this.lastCpu) / (this.options.periodMs * 1000);
    this.lastCpu = cpu;
    const used = this.probe.heapUsed();
    // What the heap holds after a collection drifts down as well as up; follow it down.
    if (used < this.leftByLastCollection) this.leftByLastCollection = used;
    const growth = used - this.leftByLastCollection;
    const grown = growth >= this.options.minGrowthBytes && growth >= this.leftByLastCollection * this.options.minGrowthShare;
    const followUp = this.followUpAt !== undefined && now >= this.followUpAt;
    if (busyShare >= this.options.quietCpuShare || !(grown || followUp)) return false;
    this.followUpAt = grown ? now + this.options.followUpMs : undefined;
    const started = Date.now();
    this.probe.collect();
    const left = this.probe.heapUsed();
    this.leftByLastCollection = left;
    // The collection's own CPU must not make the next period look busy.
    this.lastCpu = this.probe.cpuMicros();
    this.logger.info(
      { heapBeforeMiB: mib(used), heapAfterMiB: mib(left), ms: Date.now() - started },
      `quiet after a burst: a full collection returned ${mib(used - left)} MiB of heap${grown ? '' : ' (follow-up)'}`,
    );
    return true;
  }
}

const mib = (bytes: number) => Math.round(bytes / 1048576);

/** The running process, with V8's full collection reached through a fresh context (Node exposes it only there). */
export function processProbe(): HeapProbe {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  return {
    heapUsed: () => process.memoryUsage().heapUsed,
    cpuMicros: () => {
      const usage = process.cpuUsage();
      return usage.user + usage.system;
    },
    collect: gc,
  };
}
