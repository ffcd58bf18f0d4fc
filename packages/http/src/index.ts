export { createHttpModule } from './http-module';
export {
  HttpServerOptions,
  httpConfigSchema,
  type HttpConfig,
  type HttpSettings,
  type HttpLimits,
  type ListenAddress,
  httpSettingsFromConfig,
  derivedBaseUrl,
  defaultHttpLimits,
} from './http-config';
export { HttpServer } from './http-server';
export { PrometheusMetrics } from './prometheus-metrics';
export { checkHealth, type NodeHealth, healthCheckTimeoutMs } from './health-report';
