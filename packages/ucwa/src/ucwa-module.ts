import { bindContributionProvider, ContainerModule, HttpRouteContribution, LifecycleContribution } from '@herald/core';
import { UcwaApplications, UcwaApplicationsImpl } from './applications/ucwa-applications';
import { ClientCredentialsIssuer } from './auth/client-credentials-issuer';
import { StaticTokenVerifier } from './auth/static-token-verifier';
import { UcwaAuthenticator } from './auth/ucwa-authenticator';
import { UcwaTokenVerifier } from './auth/ucwa-token-verifier';
import { UcwaRoutes } from './http/ucwa-routes';
import { defaultUcwaOptions, type UcwaLimits, UcwaOptions } from './ucwa-options';

/** What `createUcwaModule` needs; everything has a default (no tokens: every request gets 401). */
export type UcwaModuleOptions = Partial<Omit<UcwaOptions, 'limits'>> & { readonly limits?: Partial<UcwaLimits> };

/**
 * The UCWA-style API: its routes on the node's HTTP server (load the HTTP engine's module too),
 * the application registry and its sweep, and the two default token verifiers (configured
 * tokens, and client credentials exchanged at the token endpoint). Plugins add token sources
 * by binding `UcwaTokenVerifier`.
 */
export function createUcwaModule(options: UcwaModuleOptions = {}): ContainerModule {
  const resolved: UcwaOptions = { ...defaultUcwaOptions, ...options, limits: { ...defaultUcwaOptions.limits, ...options.limits } };
  return new ContainerModule(({ bind }) => {
    bind(UcwaOptions).toConstantValue(resolved);
    bindContributionProvider(bind, UcwaTokenVerifier);
    bind(StaticTokenVerifier).toSelf().inSingletonScope();
    bind(UcwaTokenVerifier).toService(StaticTokenVerifier);
    bind(ClientCredentialsIssuer).toSelf().inSingletonScope();
    bind(UcwaTokenVerifier).toService(ClientCredentialsIssuer);
    bind(UcwaAuthenticator).toSelf().inSingletonScope();
    bind(UcwaApplicationsImpl).toSelf().inSingletonScope();
    bind(UcwaApplications).toService(UcwaApplicationsImpl);
    bind(LifecycleContribution).toService(UcwaApplicationsImpl);
    bind(UcwaRoutes).toSelf().inSingletonScope();
    bind(HttpRouteContribution).toService(UcwaRoutes);
  });
}
