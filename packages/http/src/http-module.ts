import { ContainerModule, LifecycleContribution, Metrics, ProtocolAdapter } from '@herald/core';
import { HttpServerOptions } from './http-config';
import { HttpServer } from './http-server';
import { PrometheusMetrics } from './prometheus-metrics';

/**
 * The node's HTTP server, as a protocol adapter, and its Prometheus `Metrics`. Other packages
 * add routes through `HttpRouteContribution` and health checks through `HealthContribution`.
 */
export function createHttpModule(options: HttpServerOptions): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(HttpServerOptions).toConstantValue(options);
    bind(PrometheusMetrics).toSelf().inSingletonScope();
    bind(Metrics).toService(PrometheusMetrics);
    bind(LifecycleContribution).toService(PrometheusMetrics);
    bind(HttpServer).toSelf().inSingletonScope();
    bind(ProtocolAdapter).toService(HttpServer);
  });
}
