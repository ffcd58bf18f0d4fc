import { ContainerModule, ProtocolAdapter } from '@herald/core';
import { SipPresenceAdapter } from './sip-presence-adapter';
import { defaultSipPresenceOptions, SipPresenceOptions } from './sip-presence-options';

/**
 * The SIP/SIMPLE presence adapter. A `SipStack` transport module (embedded or drachtio) must be
 * loaded too.
 */
export function createSipPresenceModule(options: SipPresenceOptions = defaultSipPresenceOptions): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(SipPresenceOptions).toConstantValue(options);
    bind(SipPresenceAdapter).toSelf().inSingletonScope();
    bind(ProtocolAdapter).toService(SipPresenceAdapter);
  });
}
