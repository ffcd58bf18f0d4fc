export { createDrachtioSipStackModule } from './drachtio-sip-stack-module';
export { DrachtioSipStack, type DrachtioStackStats } from './drachtio-sip-stack';
export {
  DrachtioSipStackOptions,
  type DrachtioTlsOptions,
  type DrachtioSipLimits,
  defaultDrachtioSipLimits,
  defaultDrachtioConnection,
} from './drachtio-sip-stack-options';
export { type BackoffOptions, defaultBackoff } from './reconnect-backoff';
export { drachtioSipConfigSchema, drachtioSipOptionsFromConfig, type DrachtioSipConfig, type SharedSipSettings } from './drachtio-config';
