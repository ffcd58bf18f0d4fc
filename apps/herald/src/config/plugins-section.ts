import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * The `plugins` section: packages loaded into the node after Herald's own modules, in the
 * listed order. Each names an npm package (`package`) or a folder or file (`path`, relative to
 * the configuration file), with the plugin's own `options`.
 */
export const pluginsConfigSchema = z
  .array(
    z
      .strictObject({
        /** An npm package name, resolved from the configuration's folder, then from Herald's. */
        package: z.string().min(1).optional(),
        /** A plugin folder (with a package.json) or file, relative to the configuration file. */
        path: z.string().min(1).optional(),
        /** Handed to the plugin, which validates them. */
        options: z.record(z.string(), z.unknown()).optional(),
        /** When true, a plugin that cannot be loaded or started is left out and the node runs without it. */
        optional: z.boolean().default(false),
      })
      .refine((entry) => (entry.package === undefined) !== (entry.path === undefined), {
        error: 'name the plugin with exactly one of package (an npm package name) or path (a folder or file)',
      }),
  )
  .default([]);

export interface PluginSettings {
  /** Position in the `plugins` list, for messages (`plugins[0]`). */
  readonly index: number;
  /** What the configuration says: the package name, or the path as written. */
  readonly specifier: string;
  readonly kind: 'package' | 'path';
  /** For a path, the absolute path; for a package, the folder to resolve it from first. */
  readonly location: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly optional: boolean;
}

export function pluginSettingsFromConfig(section: z.output<typeof pluginsConfigSchema>, configDir: string): readonly PluginSettings[] {
  return section.map((entry, index) => ({
    index,
    specifier: entry.package ?? (entry.path as string),
    kind: entry.package === undefined ? 'path' : 'package',
    location: entry.package === undefined ? resolve(configDir, entry.path as string) : configDir,
    options: entry.options ?? {},
    optional: entry.optional,
  }));
}
