import { PrometheusMetrics } from './prometheus-metrics';

const options = { listen: { host: '127.0.0.1', port: 0 }, limits: {} as never, processMetrics: false };

describe('PrometheusMetrics', () => {
  it('exports counters, gauges and histograms in Prometheus text', async () => {
    const metrics = new PrometheusMetrics(options);
    metrics.counter({ name: 'herald_things_total', help: 'Things', labelNames: ['kind'] }).inc({ kind: 'a' }, 2);
    metrics.gauge({ name: 'herald_open', help: 'Open things' }).set(3);
    metrics.histogram({ name: 'herald_seconds', help: 'Durations', buckets: [0.1, 1] }).observe(0.5);
    const text = await metrics.render();
    expect(text).toContain('# HELP herald_things_total Things\n# TYPE herald_things_total counter\nherald_things_total{kind="a"} 2');
    expect(text).toContain('herald_open 3');
    expect(text).toContain('herald_seconds_bucket{le="1"} 1');
    expect(metrics.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('reads a collected gauge at scrape time', async () => {
    const metrics = new PrometheusMetrics(options);
    let size = 1;
    metrics.gauge({ name: 'herald_size', help: 'Size', collect: (gauge) => gauge.set(size) });
    size = 7;
    expect(await metrics.render()).toContain('herald_size 7');
  });

  it('keeps each node’s series apart', async () => {
    const a = new PrometheusMetrics(options);
    const b = new PrometheusMetrics(options);
    a.counter({ name: 'herald_x_total', help: 'x' }).inc();
    b.counter({ name: 'herald_x_total', help: 'x' });
    expect(await a.render()).toContain('herald_x_total 1');
    expect(await b.render()).toContain('herald_x_total 0');
  });

  it('returns the metric already registered under a name, and refuses one of another kind', async () => {
    const metrics = new PrometheusMetrics(options);
    metrics.counter({ name: 'herald_y_total', help: 'y' }).inc();
    metrics.counter({ name: 'herald_y_total', help: 'y' }).inc();
    expect(await metrics.render()).toContain('herald_y_total 2');
    expect(() => metrics.gauge({ name: 'herald_y_total', help: 'y' })).toThrow("metric 'herald_y_total' is already registered as a counter with labels []");
  });

  it('adds the process metrics once started, when enabled', async () => {
    const metrics = new PrometheusMetrics({ ...options, processMetrics: true });
    expect(await metrics.render()).not.toContain('process_cpu_user_seconds_total');
    metrics.start();
    metrics.start();
    expect(await metrics.render()).toContain('process_cpu_user_seconds_total');
  });
});
