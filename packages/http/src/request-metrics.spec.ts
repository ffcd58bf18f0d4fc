import { Counter, Histogram, Registry } from 'prom-client';
import { RequestMetrics } from './request-metrics';

const counter = { name: 'herald_http_requests_total', help: 'HTTP requests answered, by method, route and status' };
const histogram = { name: 'herald_http_request_duration_seconds', help: 'Time to answer HTTP requests, by method, route and status' };
const buckets = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5];

/** The same metrics kept by prom-client itself, request by request: what /metrics showed before. */
function reference() {
  const registry = new Registry();
  const labelNames = ['method', 'route', 'status'];
  const requests = new Counter({ ...counter, labelNames, registers: [registry] });
  const durations = new Histogram({ ...histogram, labelNames, buckets, registers: [registry] });
  return {
    registry,
    record(method: string, route: string, status: number, seconds: number) {
      const labels = { method, route, status: String(status) };
      requests.inc(labels);
      durations.observe(labels, seconds);
    },
  };
}

describe('RequestMetrics', () => {
  const requests: [string, string, number, number][] = [
    ['GET', '/ucwa/oauth/v1/applications/:appId/people/:uri/presence', 200, 0.0004],
    ['GET', '/ucwa/oauth/v1/applications/:appId/people/:uri/presence', 200, 0.005], // on a bound: that bucket
    ['GET', '/ucwa/oauth/v1/applications/:appId/people/:uri/presence', 404, 0.02],
    ['HEAD', '/healthz', 200, 0.3],
    ['GET', 'unmatched', 404, 7], // above every bound: +Inf only
    ['POST', '/say "hi"\\now', 201, 0.0021], // label values that need escaping
  ];

  it('renders the same /metrics text as prom-client counting each request itself', async () => {
    const ours = new Registry();
    const metrics = new RequestMetrics(ours, { counter, histogram: { ...histogram, buckets } });
    const theirs = reference();
    expect(await ours.metrics()).toBe(await theirs.registry.metrics());

    for (const request of requests) {
      metrics.record(...request);
      theirs.record(...request);
    }
    const text = await ours.metrics();
    expect(text).toBe(await theirs.registry.metrics());
    expect(text).toContain('herald_http_requests_total{method="GET",route="/ucwa/oauth/v1/applications/:appId/people/:uri/presence",status="200"} 2');
    expect(text).toContain('herald_http_request_duration_seconds_bucket{le="0.005",method="GET",route="/ucwa/oauth/v1/applications/:appId/people/:uri/presence",status="200"} 2');
    expect(text).toContain('herald_http_request_duration_seconds_bucket{le="+Inf",method="GET",route="unmatched",status="404"} 1');

    // Read again after more requests: the counter is not counted twice.
    for (const request of requests.slice(0, 2)) {
      metrics.record(...request);
      theirs.record(...request);
    }
    expect(await ours.metrics()).toBe(await theirs.registry.metrics());
    expect(await ours.metrics()).toContain('status="200"} 4');
  });

  it('gives the same JSON as prom-client, for registries that export it', async () => {
    const ours = new Registry();
    const metrics = new RequestMetrics(ours, { counter, histogram: { ...histogram, buckets } });
    const theirs = reference();
    for (const request of requests) {
      metrics.record(...request);
      theirs.record(...request);
    }
    expect(await ours.getMetricsAsJSON()).toEqual(await theirs.registry.getMetricsAsJSON());
  });
});
