/** Label values of one time series, by label name. */
export type MetricLabels = Readonly<Record<string, string | number>>;

/** What every metric declares. Names follow Prometheus conventions (`herald_…_total`). */
export interface MetricDefinition {
  /** Unique in the node, e.g. `herald_http_requests_total`. */
  readonly name: string;
  /** One line saying what is counted or measured, shown by `/metrics`. */
  readonly help: string;
  /** The label names every observation must give; keep their values few (no aliases, no ids). */
  readonly labelNames?: readonly string[];
}

/** A value that only goes up (requests served, files rejected). */
export interface CounterMetric {
  /** Adds `value` (default 1) to the series with these labels. */
  inc(labels?: MetricLabels, value?: number): void;
}

/** A value that goes up and down (open connections, themes with problems). */
export interface GaugeMetric {
  set(labels: MetricLabels, value: number): void;
  set(value: number): void;
  inc(labels?: MetricLabels, value?: number): void;
  dec(labels?: MetricLabels, value?: number): void;
}

/** A distribution (request durations, in seconds). */
export interface HistogramMetric {
  observe(labels: MetricLabels, value: number): void;
  observe(value: number): void;
}

export const Metrics = Symbol.for('core.Metrics');
/**
 * The node's metrics registry, exported in Prometheus text by the HTTP engine's `/metrics`.
 * Each node (container) has its own registry, so two nodes in one process never share series.
 * Optional: inject it with `@optional()` and skip measuring when no HTTP engine is loaded
 * (one-shot CLI commands, embedders without metrics).
 *
 * Registering a name again returns the metric already registered under it when the kind and
 * labels agree (so a component may register in its constructor), and throws otherwise.
 */
export interface Metrics {
  counter(definition: MetricDefinition): CounterMetric;
  /**
   * @param definition.collect called on every scrape, before the value is read: a gauge that
   *   mirrors state kept elsewhere (a map's size) sets itself here instead of tracking changes.
   *   It must be cheap and must not throw.
   */
  gauge(definition: MetricDefinition & { readonly collect?: (gauge: GaugeMetric) => void }): GaugeMetric;
  /** @param definition.buckets upper bounds, ascending; a sensible default for seconds if omitted. */
  histogram(definition: MetricDefinition & { readonly buckets?: readonly number[] }): HistogramMetric;
}
