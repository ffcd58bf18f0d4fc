import { ContainerModule } from 'inversify';
import { DirectoryValidator } from './directory/directory';
import { DirectoryValidation, DirectoryValidationImpl } from './directory/directory-validation';
import { Clock, SystemClock } from './kernel/clock';
import { HttpRouteContribution, LifecycleContribution, ProtocolAdapter } from './kernel/contribution-points';
import { bindContributionProvider } from './kernel/contribution-provider';
import { HealthContribution } from './kernel/health';
import { Lifecycle, LifecycleImpl } from './kernel/lifecycle';
import { Logger, SilentLogger } from './kernel/logger';
import { NodeInfo } from './kernel/node-info';
import { PresenceChangeTracker } from './presence/presence-change-tracker';
import { PresencePolicy } from './presence/presence-policy';
import { PresenceService } from './presence/presence-service';
import { PresenceServiceImpl } from './presence/presence-service-impl';
import { ResolutionCache, ResolutionCacheImpl } from './presence/resolution-cache';
import { SubscriptionHub } from './presence/subscription-hub';
import { defaultSubscriptionHubOptions, SubscriptionHubImpl, SubscriptionHubOptions } from './presence/subscription-hub-impl';

export interface CoreModuleOptions {
  /** Where log lines go; silent when omitted. */
  readonly logger?: Logger;
  /** The real clock when omitted. */
  readonly clock?: Clock;
  readonly node?: NodeInfo;
  readonly subscriptions?: Partial<SubscriptionHubOptions>;
}

/**
 * The presence domain: `PresenceService` (and its `ResolutionCache`), `SubscriptionHub`, change tracking, the lifecycle
 * and every contribution point. A directory store module must be loaded too; rule engine and
 * avatar source modules are optional.
 */
export function createCoreModule(options: CoreModuleOptions = {}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(Logger).toConstantValue(options.logger ?? new SilentLogger());
    bind(Clock).toConstantValue(options.clock ?? new SystemClock());
    bind(NodeInfo).toConstantValue(options.node ?? { name: 'herald' });
    bind(SubscriptionHubOptions).toConstantValue({ ...defaultSubscriptionHubOptions, ...options.subscriptions });

    bindContributionProvider(bind, LifecycleContribution);
    bindContributionProvider(bind, ProtocolAdapter);
    bindContributionProvider(bind, HttpRouteContribution);
    bindContributionProvider(bind, DirectoryValidator);
    bindContributionProvider(bind, HealthContribution);
    bindContributionProvider(bind, PresencePolicy);

    bind(Lifecycle).to(LifecycleImpl).inSingletonScope();
    bind(PresenceService).to(PresenceServiceImpl).inSingletonScope();
    bind(SubscriptionHub).to(SubscriptionHubImpl).inSingletonScope();
    bind(DirectoryValidation).to(DirectoryValidationImpl).inSingletonScope();
    bind(PresenceChangeTracker).toSelf().inSingletonScope();
    bind(LifecycleContribution).toService(PresenceChangeTracker);
    bind(ResolutionCacheImpl).toSelf().inSingletonScope();
    bind(ResolutionCache).toService(ResolutionCacheImpl);
    bind(LifecycleContribution).toService(ResolutionCacheImpl);
  });
}
