import { dirname } from 'node:path';
import {
  checkPluginApi,
  ConfigError,
  type ContainerModule,
  type HeraldPlugin,
  heraldApiVersion,
  type Logger,
  pluginShapeProblems,
} from '@herald/core';
import { type PluginSettings } from '../config/plugins-section';
import { PluginGuard } from './plugin-guard';

/** A plugin could not be loaded: not found, not a plugin, or written for another API. */
export class PluginLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PluginLoadError';
  }
}

export interface LoadedPlugin {
  readonly settings: PluginSettings;
  readonly plugin: HeraldPlugin;
  /** The plugin's module, wrapped by its guard. */
  readonly module: ContainerModule;
  readonly guard: PluginGuard;
}

export interface LoadPluginsOptions {
  readonly logger: Logger;
  readonly mode: 'serve' | 'offline';
  /** The configuration file, for messages and for the plugins' `baseDir`. */
  readonly configFile: string;
}

/**
 * Loads the configured plugins, in order: finds each package or path, checks that it exports
 * a plugin whose API version this Herald offers, and asks it for its module with its options.
 * A required plugin's failure throws (a `PluginLoadError`, or the plugin's `ConfigError` for
 * bad options); an optional plugin's is logged and the plugin left out. Bad options are a
 * configuration mistake and throw even for an optional plugin.
 */
export async function loadPlugins(settings: readonly PluginSettings[], options: LoadPluginsOptions): Promise<LoadedPlugin[]> {
  const loaded: LoadedPlugin[] = [];
  for (const entry of settings) {
    const where = `plugins[${entry.index}] (${entry.kind} '${entry.specifier}')`;
    let plugin: HeraldPlugin;
    try {
      plugin = await importPlugin(entry, where);
    } catch (error) {
      if (!entry.optional) throw error;
      options.logger.warn({ plugin: entry.specifier, err: error }, `${(error as Error).message}; it is optional, so the node runs without it`);
      continue;
    }
    const logger = options.logger.child({ plugin: plugin.name });
    const guard = new PluginGuard(plugin.name, entry.optional, options.mode, logger);
    let module: ContainerModule;
    try {
      module = plugin.createModule(entry.options, { configPath: ['plugins', entry.index, 'options'], baseDir: dirname(options.configFile), logger, mode: options.mode });
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      const failure = new PluginLoadError(`plugin '${plugin.name}' from ${where} failed to create its module: ${error instanceof Error ? error.message : String(error)}`);
      if (!entry.optional) throw failure;
      options.logger.warn({ plugin: plugin.name, err: error }, `${failure.message}; it is optional, so the node runs without it`);
      continue;
    }
    logger.info({ contributes: plugin.contributes, heraldApi: plugin.heraldApi }, `plugin '${plugin.name}' loaded from ${where}`);
    loaded.push({ settings: entry, plugin, module: guard.wrap(module), guard });
  }
  return loaded;
}

async function importPlugin(entry: PluginSettings, where: string): Promise<HeraldPlugin> {
  let file: string;
  try {
    // Packages resolve from the configuration's folder first (a deployment's own node_modules),
    // then from Herald's installation; paths resolve to their package.json `main`.
    file = entry.kind === 'path' ? require.resolve(entry.location) : require.resolve(entry.specifier, { paths: [entry.location, __dirname] });
  } catch {
    throw new PluginLoadError(
      entry.kind === 'path'
        ? `${where}: nothing to load at ${entry.location} (a plugin folder needs a package.json whose main file exists; build the plugin first)`
        : `${where}: cannot find the package from ${entry.location} or from Herald's installation; install it (npm install ${entry.specifier})`,
    );
  }
  let exports: Record<string, unknown>;
  try {
    // import() loads CommonJS and ES module plugins alike; CommonJS ones share the host's
    // module cache, hence its one copy of @herald/core and inversify.
    exports = (await import(file)) as Record<string, unknown>;
  } catch (error) {
    throw new PluginLoadError(`${where}: loading ${file} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const fallback = exports.default as Record<string, unknown> | undefined;
  const candidate = exports.heraldPlugin ?? fallback?.heraldPlugin ?? fallback;
  const problems = pluginShapeProblems(candidate);
  if (problems.length > 0) {
    throw new PluginLoadError(`${where}: ${file} does not export a Herald plugin as 'heraldPlugin' or as its default export: ${problems.join('; ')}`);
  }
  const plugin = candidate as HeraldPlugin;
  const api = checkPluginApi(plugin.heraldApi, heraldApiVersion);
  if (!api.ok) throw new PluginLoadError(`plugin '${plugin.name}' from ${where} cannot be loaded: ${api.reason}`);
  return plugin;
}
