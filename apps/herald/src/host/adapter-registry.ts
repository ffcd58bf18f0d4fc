import { type ContainerModule } from '@herald/core';
import { createSipPresenceModule } from '@herald/sip';
import { createDrachtioSipStackModule } from '@herald/sip-stack-drachtio';
import { createEmbeddedSipStackModule } from '@herald/sip-stack-embedded';
import { type HeraldConfig } from '../config/herald-config';

/**
 * The protocol adapters this build of Herald can run, by the name the configuration's
 * `adapters` list uses. Each entry turns the configuration into the adapter's modules.
 */
const adapters: Readonly<Record<string, (config: HeraldConfig) => readonly ContainerModule[]>> = {
  /** SIP/SIMPLE presence for Lync/SfB and SIMPLE watchers, on the transport `sip.stack` names. */
  sip: (config) => [sipStackModule(config), createSipPresenceModule(config.sip.presence)],
};

/** The transport `sip.stack` names; the adapter on top is the same for both. */
function sipStackModule(config: HeraldConfig): ContainerModule {
  const { stack, embedded, drachtio } = config.sip;
  if (stack === 'embedded') return createEmbeddedSipStackModule(embedded);
  // The section's check guarantees the drachtio keys when stack is drachtio.
  if (drachtio === undefined) throw new Error('sip.stack is drachtio but sip.drachtio is missing');
  return createDrachtioSipStackModule(drachtio);
}

export function adapterNames(): string[] {
  return Object.keys(adapters);
}

export function adapterModules(name: string, config: HeraldConfig): readonly ContainerModule[] {
  const factory = adapters[name];
  if (factory === undefined) throw new Error(`no adapter named '${name}'`);
  return factory(config);
}
