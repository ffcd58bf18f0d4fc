import { collectDefaultMetrics, Counter, Gauge, Histogram, type Metric, Registry } from 'prom-client';
import {
  type CounterMetric,
  type GaugeMetric,
  type HistogramMetric,
  inject,
  injectable,
  type LifecycleContribution,
  type MetricDefinition,
  type MetricLabels,
  type Metrics,
} from '@herald/core';
import { HttpServerOptions } from './http-config';

/**
 * The node's `Metrics`, kept in a prom-client `Registry` of its own (never the library's global
 * one), so that two nodes in one process export separate series.
 */
@injectable()
export class PrometheusMetrics implements Metrics, LifecycleContribution {
  readonly id = 'http.metrics';
  readonly registry = new Registry();
  private processMetricsStarted = false;

  constructor(@inject(HttpServerOptions) private readonly options: HttpServerOptions) {}

  /**
   * Starts the process metrics (CPU, memory, event loop lag, GC). prom-client offers no way to
   * stop their observers; they hold no handle that keeps the process alive.
   */
  start(): void {
    if (!this.options.processMetrics || this.processMetricsStarted) return;
    this.processMetricsStarted = true;
    collectDefaultMetrics({ register: this.registry });
  }

  /** The Prometheus text exposition of every metric. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  counter(definition: MetricDefinition): CounterMetric {
    const counter = this.existing(definition, 'counter') ?? new Counter({ ...this.common(definition) });
    return {
      inc: (labels?: MetricLabels, value = 1) => (labels === undefined ? (counter as Counter).inc(value) : (counter as Counter).inc(labels, value)),
    };
  }

  gauge(definition: MetricDefinition & { readonly collect?: (gauge: GaugeMetric) => void }): GaugeMetric {
    const collect = definition.collect;
    const gauge = (this.existing(definition, 'gauge') ??
      new Gauge({
        ...this.common(definition),
        ...(collect === undefined
          ? {}
          : {
              collect(this: Gauge) {
                collect(wrapGauge(this));
              },
            }),
      })) as Gauge;
    return wrapGauge(gauge);
  }

  histogram(definition: MetricDefinition & { readonly buckets?: readonly number[] }): HistogramMetric {
    const histogram = (this.existing(definition, 'histogram') ??
      new Histogram({ ...this.common(definition), ...(definition.buckets === undefined ? {} : { buckets: [...definition.buckets] }) })) as Histogram;
    return {
      observe: (labelsOrValue: MetricLabels | number, value?: number) =>
        typeof labelsOrValue === 'number' ? histogram.observe(labelsOrValue) : histogram.observe(labelsOrValue, value ?? 0),
    };
  }

  private common(definition: MetricDefinition) {
    return { name: definition.name, help: definition.help, labelNames: [...(definition.labelNames ?? [])], registers: [this.registry] };
  }

  /** The metric already registered under this name, if it is of the same kind and labels. */
  private existing(definition: MetricDefinition, kind: 'counter' | 'gauge' | 'histogram'): Metric | undefined {
    const found = this.registry.getSingleMetric(definition.name) as (Metric & { type?: string; labelNames?: string[] }) | undefined;
    if (found === undefined) return undefined;
    const labels = [...(definition.labelNames ?? [])].sort().join(',');
    if (found.type !== kind || [...(found.labelNames ?? [])].sort().join(',') !== labels) {
      throw new Error(`metric '${definition.name}' is already registered as a ${found.type ?? 'metric'} with labels [${found.labelNames?.join(', ') ?? ''}]`);
    }
    return found;
  }
}

function wrapGauge(gauge: Gauge): GaugeMetric {
  return {
    set: ((labelsOrValue: MetricLabels | number, value?: number) =>
      typeof labelsOrValue === 'number' ? gauge.set(labelsOrValue) : gauge.set(labelsOrValue, value ?? 0)) as GaugeMetric['set'],
    inc: (labels?: MetricLabels, value = 1) => (labels === undefined ? gauge.inc(value) : gauge.inc(labels, value)),
    dec: (labels?: MetricLabels, value = 1) => (labels === undefined ? gauge.dec(value) : gauge.dec(labels, value)),
  };
}
