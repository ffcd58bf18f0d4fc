import { z } from 'zod';
import { defaultThemeLimits, type ThemeLimits } from './theme-limits';

export const ThemesOptions = Symbol.for('themes.ThemesOptions');
/** How a node serves avatars. Built by the host from the `avatars` and `http` sections. */
export interface ThemesOptions {
  /**
   * Where clients fetch avatars from this node, without a trailing slash, e.g.
   * `https://herald-1.example.com:8443`. Avatar URLs are `<publicBaseUrl>/avatars/<hash>.jpg`.
   */
  readonly publicBaseUrl: string;
  /** Serve every avatar as a `normaliseTo`×`normaliseTo` JPEG; the file as it is when undefined. */
  readonly normaliseTo?: number;
  /** Whose theme a gateway contact's avatar comes from: the default theme's, or the matched rule's. */
  readonly gatewayTheme: 'default' | 'rule';
  /** Follow changes of theme folders and packages on disk. */
  readonly watch: boolean;
  /** Quiet time after a change on disk before re-reading, in ms. */
  readonly debounceMs: number;
  readonly limits: ThemeLimits;
}

/** The path under which the avatar route serves, and the file name pattern after it. */
export const avatarRoutePrefix = '/avatars/';

/** `<publicBaseUrl>/avatars/<hash>.jpg` */
export function avatarUrl(publicBaseUrl: string, hash: string): string {
  return `${publicBaseUrl}${avatarRoutePrefix}${hash}.jpg`;
}

/**
 * The `avatars` section of the configuration file:
 *
 * ```yaml
 * avatars:
 *   normalise: false        # serve each theme's file as it is
 *   size: 96                # with normalise: true, serve size×size JPEGs
 *   gateway_theme: default  # or rule: gateway contacts use the matched rule's theme
 * ```
 */
export const avatarsConfigSchema = z
  .strictObject({
    normalise: z.boolean().default(false),
    size: z.number().int('must be a whole number of pixels').min(16, 'must be between 16 and 648 pixels').max(648, 'must be between 16 and 648 pixels').default(96),
    gateway_theme: z.enum(['default', 'rule']).default('default'),
  })
  .default({ normalise: false, size: 96, gateway_theme: 'default' });

export type AvatarsConfig = z.output<typeof avatarsConfigSchema>;

/** The options for `createThemesModule` from a parsed `avatars` section and the node's settings. */
export function themesOptionsFromConfig(
  avatars: AvatarsConfig,
  node: { readonly publicBaseUrl: string; readonly watch: boolean; readonly debounceMs: number },
): ThemesOptions {
  return {
    publicBaseUrl: node.publicBaseUrl,
    ...(avatars.normalise ? { normaliseTo: avatars.size } : {}),
    gatewayTheme: avatars.gateway_theme,
    watch: node.watch,
    debounceMs: node.debounceMs,
    limits: defaultThemeLimits,
  };
}
