export { createEmbeddedSipStackModule } from './embedded-sip-stack-module';
export { EmbeddedSipStack } from './embedded-sip-stack';
export {
  EmbeddedSipStackOptions,
  type SipListenOptions,
  type SipTlsOptions,
  type SipTimers,
  type EmbeddedSipLimits,
  defaultSipTimers,
  defaultEmbeddedSipLimits,
} from './embedded-sip-stack-options';
export { embeddedSipConfigShape, embeddedSipConfigSchema, embeddedSipOptionsFromConfig, type EmbeddedSipConfig } from './embedded-sip-config';
