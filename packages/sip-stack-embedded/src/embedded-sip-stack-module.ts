import { ContainerModule } from '@herald/core';
import { SipStack } from '@herald/sip-stack';
import { EmbeddedSipStack } from './embedded-sip-stack';
import { EmbeddedSipStackOptions } from './embedded-sip-stack-options';

/** The embedded SIP stack, bound as the node's `SipStack` (one per container). */
export function createEmbeddedSipStackModule(options: EmbeddedSipStackOptions): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(EmbeddedSipStackOptions).toConstantValue(options);
    bind(EmbeddedSipStack).toSelf().inSingletonScope();
    bind(SipStack).toService(EmbeddedSipStack);
  });
}
