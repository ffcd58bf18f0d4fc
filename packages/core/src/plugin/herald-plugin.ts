import { type ContainerModule } from 'inversify';
import { type ConfigPath } from '../config/config-issue';
import { type Logger } from '../kernel/logger';

/**
 * The version of the plugin API this `@herald/core` offers, as `MAJOR.MINOR`. The minor
 * number grows when something is added (a contribution point, an optional member); the major
 * number grows when something a plugin may rely on changes or goes away.
 */
export const heraldApiVersion = '1.0';

/** The contribution points a plugin may bind, as named in its metadata (`contributes`). */
export const pluginContributionKinds = [
  'protocol-adapter',
  'lifecycle',
  'http-routes',
  'presence-policy',
  'directory-validator',
  'health',
] as const;
export type PluginContributionKind = (typeof pluginContributionKinds)[number];

/** What the host tells a plugin when it asks for the plugin's module. */
export interface PluginContext {
  /** Where the plugin's options sit in the configuration, e.g. `['plugins', 0, 'options']`: prefix for `parseConfig`. */
  readonly configPath: ConfigPath;
  /** The folder of the configuration file: resolve relative paths in options against it. */
  readonly baseDir: string;
  /** A logger already bound to the plugin's name. */
  readonly logger: Logger;
  /**
   * `serve` for a running node; `offline` for one-shot commands (`herald resolve`,
   * `herald check`), which start no protocol adapter.
   */
  readonly mode: 'serve' | 'offline';
}

/** Who a plugin is and what it needs. Read by the host before it loads anything of the plugin. */
export interface HeraldPluginMetadata {
  /** The plugin's name in messages and logs; usually its npm package name. */
  readonly name: string;
  /**
   * The plugin API version it was written against, as `MAJOR.MINOR` (see `heraldApiVersion`).
   * The host accepts it when the majors are equal and its own minor is at least this minor.
   */
  readonly heraldApi: string;
  /** The contribution points its module binds, for `herald check` and the logs. */
  readonly contributes: readonly PluginContributionKind[];
}

/** What a plugin package exports (as `heraldPlugin`, or as its default export). */
export interface HeraldPlugin extends HeraldPluginMetadata {
  /**
   * Called once per node, in the configuration's plugin order, after the host's own modules
   * are composed and before anything starts. It validates `options` (throw a `ConfigError`,
   * e.g. from `parseConfig(schema, options, context.configPath)`) and returns the module that
   * binds the plugin's contributions. It must not do I/O: start work in a
   * `LifecycleContribution`.
   */
  createModule(options: unknown, context: PluginContext): ContainerModule;
}

/**
 * Whether a plugin written against API `wanted` can run on a host offering `offered`
 * (both `MAJOR.MINOR`); when not, why, in a sentence that names both versions.
 */
export function checkPluginApi(wanted: string, offered: string = heraldApiVersion): { readonly ok: true } | { readonly ok: false; readonly reason: string } {
  const parse = (version: string) => /^(\d+)\.(\d+)$/.exec(version);
  const w = parse(wanted);
  const o = parse(offered);
  if (w === null) return { ok: false, reason: `it asks for Herald API '${wanted}', which is not a MAJOR.MINOR version such as '${offered}'` };
  if (o === null) throw new Error(`the host's API version '${offered}' is not MAJOR.MINOR`);
  if (w[1] !== o[1]) return { ok: false, reason: `it needs Herald API ${wanted} and this Herald offers ${offered} (a different major version)` };
  if (Number(w[2]) > Number(o[2])) return { ok: false, reason: `it needs Herald API ${wanted} and this Herald offers only ${offered}; upgrade Herald` };
  return { ok: true };
}

/**
 * Declares a plugin. Checks the metadata's shape at once, so that a mistake surfaces when the
 * plugin's own tests import it rather than when a host loads it, and freezes the result.
 */
export function definePlugin<P extends HeraldPlugin>(plugin: P): Readonly<P> {
  const problems = pluginShapeProblems(plugin);
  if (problems.length > 0) throw new TypeError(`invalid Herald plugin '${String((plugin as { name?: unknown }).name)}': ${problems.join('; ')}`);
  return Object.freeze({ ...plugin, contributes: Object.freeze([...plugin.contributes]) });
}

/** What is wrong with a value that should be a `HeraldPlugin`; empty when nothing is. */
export function pluginShapeProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return ['it is not an object'];
  const plugin = value as Partial<Record<keyof HeraldPlugin, unknown>>;
  const problems: string[] = [];
  if (typeof plugin.name !== 'string' || plugin.name === '') problems.push('name must be a non-empty string');
  if (typeof plugin.heraldApi !== 'string') problems.push(`heraldApi must be a 'MAJOR.MINOR' string such as '${heraldApiVersion}'`);
  if (!Array.isArray(plugin.contributes)) problems.push(`contributes must list what it binds: ${pluginContributionKinds.join(', ')}`);
  else {
    for (const kind of plugin.contributes) {
      if (!(pluginContributionKinds as readonly unknown[]).includes(kind)) problems.push(`contributes: '${String(kind)}' is not one of ${pluginContributionKinds.join(', ')}`);
    }
  }
  if (typeof plugin.createModule !== 'function') problems.push('createModule(options, context) must be a function returning a ContainerModule');
  return problems;
}
