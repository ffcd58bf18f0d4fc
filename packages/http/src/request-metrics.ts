import { Counter, type Registry } from 'prom-client';

/** One (method, route, status)'s requests so far. */
interface Tally {
  readonly labels: { readonly method: string; readonly route: string; readonly status: string };
  count: number;
  /** How many of `count` the prom-client counter has been told of. */
  reported: number;
  /** Seconds, summed. */
  sum: number;
  /** Requests per bucket, not cumulative; one more than the bounds: the last is above them all (+Inf). */
  readonly buckets: number[];
}

/** What prom-client's registry reads from a histogram when /metrics is rendered. */
interface HistogramValue {
  readonly labels: Record<string, string | number>;
  readonly value: number;
  readonly metricName: string;
  /** Bucket values carry one in prom-client's shape; Herald records none. */
  readonly exemplar?: null;
}

/**
 * `herald_http_requests_total` and `herald_http_request_duration_seconds` by method, route
 * template and status. prom-client's own `inc(labels)` and `observe(labels)` build a string key
 * from the labels and validate them on every call, which was a tenth of the CPU time of a
 * UCWA presence GET; here a request costs three map lookups on strings and a number it already
 * has, and prom-client hears of the totals only when /metrics is read. The exposition is the
 * same as prom-client's own counter and histogram (the spec compares them).
 *
 * Bounded: routes are the node's route templates (and `unmatched`), methods those Node's HTTP
 * parser accepts, statuses 100–599.
 */
export class RequestMetrics {
  private readonly routes = new Map<string, Map<string, Map<number, Tally>>>();
  private readonly bounds: readonly number[];

  constructor(registry: Registry, options: { readonly counter: MetricNames; readonly histogram: MetricNames & { readonly buckets: readonly number[] } }) {
    this.bounds = [...options.histogram.buckets].sort((a, b) => a - b);
    const labelNames = ['method', 'route', 'status'];
    const tallies = () => this.tallies();
    new Counter({
      name: options.counter.name,
      help: options.counter.help,
      labelNames,
      registers: [registry],
      collect(this: Counter) {
        for (const tally of tallies()) {
          if (tally.count === tally.reported) continue;
          this.inc(tally.labels, tally.count - tally.reported);
          tally.reported = tally.count;
        }
      },
    });
    registry.registerMetric(new TallyHistogram(options.histogram, labelNames, this.bounds, tallies) as unknown as Counter);
  }

  /** Counts one answered request; `seconds` is how long it took. */
  record(method: string, route: string, status: number, seconds: number): void {
    let methods = this.routes.get(route);
    if (methods === undefined) this.routes.set(route, (methods = new Map()));
    let statuses = methods.get(method);
    if (statuses === undefined) methods.set(method, (statuses = new Map()));
    let tally = statuses.get(status);
    if (tally === undefined) {
      tally = { labels: { method, route, status: String(status) }, count: 0, reported: 0, sum: 0, buckets: new Array<number>(this.bounds.length + 1).fill(0) };
      statuses.set(status, tally);
    }
    tally.count++;
    tally.sum += seconds;
    // prom-client's rule: a value equal to a bound counts in that bound's bucket.
    let bucket = 0;
    while (bucket < this.bounds.length && seconds > this.bounds[bucket]) bucket++;
    tally.buckets[bucket]++;
  }

  private *tallies(): Iterable<Tally> {
    for (const methods of this.routes.values()) for (const statuses of methods.values()) yield* statuses.values();
  }
}

interface MetricNames {
  readonly name: string;
  readonly help: string;
}

/**
 * A histogram as prom-client's registry sees one (`name`, `help`, `type`, `get()`), filled from
 * the tallies when read. prom-client has no way to add counted observations in bulk to its own
 * `Histogram`, hence this; its values have the shape, order and names prom-client's has.
 */
class TallyHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly name: string;
  readonly help: string;

  constructor(
    names: MetricNames,
    readonly labelNames: readonly string[],
    private readonly bounds: readonly number[],
    private readonly tallies: () => Iterable<Tally>,
  ) {
    this.name = names.name;
    this.help = names.help;
  }

  get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: HistogramValue[] }> {
    const values: HistogramValue[] = [];
    const bucketName = `${this.name}_bucket`;
    for (const tally of this.tallies()) {
      let cumulative = 0;
      for (let i = 0; i < this.bounds.length; i++) {
        cumulative += tally.buckets[i];
        // eslint-disable-next-line no-restricted-syntax -- prom-client's JSON has `exemplar: null` on every bucket
        values.push({ labels: { le: this.bounds[i], ...tally.labels }, value: cumulative, metricName: bucketName, exemplar: null });
      }
      values.push(
        // eslint-disable-next-line no-restricted-syntax -- prom-client's JSON has `exemplar: null` on every bucket
        { labels: { le: '+Inf', ...tally.labels }, value: tally.count, metricName: bucketName, exemplar: null },
        { labels: { ...tally.labels }, value: tally.sum, metricName: `${this.name}_sum` },
        { labels: { ...tally.labels }, value: tally.count, metricName: `${this.name}_count` },
      );
    }
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values });
  }

  /** Registry.resetMetrics() calls this; the tallies are the HTTP server's, so it leaves them. */
  reset(): void {
    // Nothing of its own to reset.
  }
}
