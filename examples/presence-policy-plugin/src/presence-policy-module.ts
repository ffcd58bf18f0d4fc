import { ContainerModule, LifecycleContribution, PresencePolicy } from '@herald/core';
import { HttpPresencePolicy } from './http-presence-policy';
import { PolicyOptions } from './policy-options';

/** The plugin's bindings: the HTTP policy, as a presence policy and as a lifecycle contribution. */
export function createPresencePolicyModule(options: PolicyOptions): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(PolicyOptions).toConstantValue(options);
    bind(HttpPresencePolicy).toSelf().inSingletonScope();
    bind(PresencePolicy).toService(HttpPresencePolicy);
    bind(LifecycleContribution).toService(HttpPresencePolicy);
  });
}
