export { createUcwaModule, type UcwaModuleOptions } from './ucwa-module';
export {
  UcwaOptions,
  type UcwaLimits,
  type StaticToken,
  type ClientCredentials,
  defaultUcwaOptions,
  defaultUcwaLimits,
  ucwaBasePath,
  ucwaTimeoutRange,
} from './ucwa-options';
export { ucwaConfigSchema, type UcwaConfig, ucwaOptionsFromConfig } from './ucwa-config';
export { UcwaTokenVerifier, type UcwaPrincipal } from './auth/ucwa-token-verifier';
export { UcwaAuthenticator, type AuthenticationResult, type AuthenticationFailure } from './auth/ucwa-authenticator';
export { StaticTokenVerifier } from './auth/static-token-verifier';
export { ClientCredentialsIssuer, type TokenGrant } from './auth/client-credentials-issuer';
export { UcwaApplications, UcwaApplicationsImpl, type ApplicationRequest, sweepIntervalMs } from './applications/ucwa-applications';
export { UcwaApplication, type ChannelAnswer, type PendingGet } from './applications/ucwa-application';
export { ContactWatches, type WatchedMember } from './applications/contact-watches';
export { PresenceSubscription, subscriptionDurationRange } from './applications/presence-subscription';
export { EventRing, coalesceEvents, type UcwaEvent, type UcwaEventRel, type UcwaEventType, type EventRead } from './events/event-ring';
export { presenceEvents } from './events/presence-events';
export { UcwaError, type UcwaErrorBody, type UcwaErrorCode } from './resources/ucwa-error';
export { UcwaLinks, uriSegment } from './resources/ucwa-links';
export { UcwaRoutes } from './http/ucwa-routes';
export { ucwaJsonType } from './http/ucwa-http';
