import { ContainerModule } from '@herald/core';
import { SipStack } from '@herald/sip-stack';
import { DrachtioSipStack } from './drachtio-sip-stack';
import { DrachtioSipStackOptions } from './drachtio-sip-stack-options';

/** The drachtio-srf transport, bound as the node's `SipStack` (one per container). */
export function createDrachtioSipStackModule(options: DrachtioSipStackOptions): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(DrachtioSipStackOptions).toConstantValue(options);
    bind(DrachtioSipStack).toSelf().inSingletonScope();
    bind(SipStack).toService(DrachtioSipStack);
  });
}
