import { ContainerModule, HttpRouteContribution } from '@herald/core';
import { type AdminApiLimits, AdminApiOptions, defaultAdminApiLimits } from './admin-api-options';
import { AdminRoutes } from './http/admin-routes';

/** What `createAdminApiModule` needs; without credentials every request gets 401. */
export type AdminApiModuleOptions = Partial<Omit<AdminApiOptions, 'limits'>> & { readonly limits?: Partial<AdminApiLimits> };

/**
 * The management API: its routes on the node's HTTP server (load the HTTP engine's module too).
 * It needs the node's `Directory`, and its `DirectoryWriter` for changes (without one, writes
 * answer 405); bind an `AdminRuleTester` for `POST /api/admin/rules/test`.
 */
export function createAdminApiModule(options: AdminApiModuleOptions = {}): ContainerModule {
  const resolved: AdminApiOptions = {
    realm: options.realm ?? 'Herald management API',
    credentials: options.credentials ?? [],
    limits: { ...defaultAdminApiLimits, ...options.limits },
  };
  return new ContainerModule(({ bind }) => {
    bind(AdminApiOptions).toConstantValue(resolved);
    bind(AdminRoutes).toSelf().inSingletonScope();
    bind(HttpRouteContribution).toService(AdminRoutes);
  });
}
