import 'reflect-metadata';

// Domain
export { Availability, availabilityForCode, availabilityForToken, type AvailabilityToken } from './domain/availability';
export { normaliseAlias, maxAliasLength, maxAliasInputLength, type NormalisedAlias, type AliasParseResult } from './domain/alias';
export { type MeetingService, type MeetingServiceKind, type ServiceAlias, meetingServiceTitle } from './domain/meeting-service';
export { type GatewayRoutingRule, type IncomingProtocol, incomingProtocols } from './domain/gateway-routing-rule';
export { type ThemeRef, type ThemeDefinition, findTheme } from './domain/theme';
export {
  type PresenceView,
  type PresenceResolution,
  type PresenceSource,
  type AvatarRef,
  presenceViewDigest,
} from './domain/presence-view';

// Directory
export { Directory, type DirectoryChange, DirectoryValidator } from './directory/directory';
export { DirectoryWriter, type DirectoryWrite, DirectoryWriteError, type DirectoryWriteFailure } from './directory/directory-writer';
export { DirectorySnapshot, type DirectoryContent, type ServiceAliasHit } from './directory/directory-snapshot';
export {
  parseDirectoryDocument,
  checkReferences,
  directoryDocumentKeys,
  type DirectoryDocumentOptions,
  type DirectoryDocumentResult,
} from './directory/directory-document';
export { directoryContentToDocument, gatewayRoutingRuleDefaults, type DirectoryDocumentFormOptions } from './directory/directory-document-form';
export { InMemoryDirectory } from './directory/in-memory-directory';
export { DirectoryValidation } from './directory/directory-validation';

// Presence
export { PresenceService, type ResolveContext } from './presence/presence-service';
export {
  PresencePolicy,
  type PresencePolicyDecision,
  type PresencePolicyRequest,
} from './presence/presence-policy';
export { RuleEngine, type RuleMatch, type RuleMatchContext, type RuleEvaluation, type RuleSetChange } from './presence/rule-engine';
export { AvatarSource, type AvatarRequest, type AvatarChange, type AvatarImage } from './presence/avatar-source';
export {
  SubscriptionHub,
  SubscriptionLimitError,
  type PresenceChange,
  type PresenceWatcher,
  type SubscriptionHubStats,
} from './presence/subscription-hub';
export { SubscriptionHubImpl, SubscriptionHubOptions, defaultSubscriptionHubOptions } from './presence/subscription-hub-impl';
export { PresenceChangeTracker } from './presence/presence-change-tracker';
export { ResolutionCache, ResolutionCacheImpl, resolutionCacheEntries } from './presence/resolution-cache';

// Kernel
export { type Disposable, DisposableCollection, toDisposable } from './kernel/disposable';
export { CompactSet } from './kernel/compact-set';
export { setBounded } from './kernel/bounded-map';
export { Emitter, type Event } from './kernel/emitter';
export { Logger, type LogFn, SilentLogger } from './kernel/logger';
export { Clock, SystemClock } from './kernel/clock';
export { NodeInfo } from './kernel/node-info';
export { ContributionProvider, bindContributionProvider } from './kernel/contribution-provider';
export { LifecycleContribution, ProtocolAdapter, HttpRouteContribution } from './kernel/contribution-points';
export { Lifecycle, LifecycleError } from './kernel/lifecycle';
export {
  Metrics,
  type MetricDefinition,
  type MetricLabels,
  type CounterMetric,
  type GaugeMetric,
  type HistogramMetric,
} from './kernel/metrics';
export { HealthContribution, type HealthReport, type HealthStatus } from './kernel/health';

// Configuration
export { type ConfigIssue, type ConfigPath, ConfigError, formatConfigPath, suggestClosest } from './config/config-issue';

export { parseConfig, type ConfigParseResult } from './config/config-schema';
export { wholeNumberBetween, secretText, accountName, authRealm } from './config/config-fields';

// Plugins
export {
  type HeraldPlugin,
  type HeraldPluginMetadata,
  type PluginContext,
  type PluginContributionKind,
  heraldApiVersion,
  pluginContributionKinds,
  checkPluginApi,
  definePlugin,
  pluginShapeProblems,
} from './plugin/herald-plugin';

// Module
export { createCoreModule, type CoreModuleOptions } from './core-module';

// The DI API, re-exported so that plugins and embedders share the host's one copy of inversify.
export {
  Container,
  ContainerModule,
  inject,
  injectable,
  injectFromBase,
  named,
  optional,
  multiInject,
  type Bind,
  type ContainerModuleLoadOptions,
  type ServiceIdentifier,
} from 'inversify';
