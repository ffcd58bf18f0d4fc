import {
  AvatarSource,
  ContainerModule,
  DirectoryValidator,
  HealthContribution,
  HttpRouteContribution,
  LifecycleContribution,
} from '@herald/core';
import { AvatarRoute } from './avatar-route';
import { ThemeDirectoryValidator } from './theme-directory-validator';
import { ThemeLibrary, ThemeLibraryImpl } from './theme-library';
import { defaultThemeLimits } from './theme-limits';
import { ThemeStore, ThemeStoreImpl } from './theme-store';
import { ThemesHealth } from './themes-health';
import { ThemesOptions } from './themes-options';

/** What `createThemesModule` needs; everything but the public base URL has a default. */
export type ThemesModuleOptions = Partial<ThemesOptions> & Pick<ThemesOptions, 'publicBaseUrl'>;

/**
 * The theme store as the node's `AvatarSource`, its directory validator, its health check and
 * the avatar route for the node's HTTP server. Load it after the directory store's module, so
 * the directory is loaded when the store starts.
 */
export function createThemesModule(options: ThemesModuleOptions): ContainerModule {
  const resolved: ThemesOptions = {
    gatewayTheme: 'default',
    watch: true,
    debounceMs: 250,
    limits: defaultThemeLimits,
    ...options,
    publicBaseUrl: options.publicBaseUrl.replace(/\/+$/, ''),
  };
  return new ContainerModule(({ bind }) => {
    bind(ThemesOptions).toConstantValue(resolved);
    bind(ThemeLibrary).to(ThemeLibraryImpl).inSingletonScope();
    bind(ThemeStoreImpl).toSelf().inSingletonScope();
    bind(ThemeStore).toService(ThemeStoreImpl);
    bind(AvatarSource).toService(ThemeStoreImpl);
    bind(LifecycleContribution).toService(ThemeStoreImpl);
    bind(ThemeDirectoryValidator).toSelf().inSingletonScope();
    bind(DirectoryValidator).toService(ThemeDirectoryValidator);
    bind(AvatarRoute).toSelf().inSingletonScope();
    bind(HttpRouteContribution).toService(AvatarRoute);
    bind(ThemesHealth).toSelf().inSingletonScope();
    bind(HealthContribution).toService(ThemesHealth);
  });
}
