import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { type ConfigIssue, directoryDocumentKeys, type NodeInfo, parseConfig, parseDirectoryDocument, suggestClosest } from '@herald/core';
import { adminApiConfigSchema, type AdminApiOptions, adminApiOptionsFromConfig } from '@herald/admin-api';
import { YamlSource } from '@herald/directory-file';
import { type RedisDirectoryConfig, redisDirectoryConfigSchema } from '@herald/directory-redis';
import { httpConfigSchema, type HttpSettings, httpSettingsFromConfig } from '@herald/http';
import { type AvatarsConfig, avatarsConfigSchema } from '@herald/themes';
import { ucwaConfigSchema, type UcwaOptions, ucwaOptionsFromConfig } from '@herald/ucwa';
import { adapterNames } from '../host/adapter-registry';
import { type PluginSettings, pluginSettingsFromConfig, pluginsConfigSchema } from './plugins-section';
import { sipConfigSchema, type SipSettings, sipSettingsFromConfig } from './sip-section';

/**
 * The node's own sections of the configuration file. The directory sections (`services`,
 * `gateway_routing_rules`, `themes`, `default_theme`) belong to the directory store and are
 * checked by it; each later section (`sip`, `http`, …) is checked by its package.
 */
const nodeSection = z
  .strictObject({
    name: z.string().min(1).default(() => hostname()),
    location: z.string().min(1).optional(),
    /** Watchers the node holds over every protocol (SIP subscriptions, UCWA memberships). */
    max_watchers: z.number().int().min(1).max(10_000_000).default(500_000),
    /** Watchers of one contact: a popular room may have thousands. */
    max_watchers_per_contact: z.number().int().min(1).max(10_000_000).default(100_000),
  })
  .prefault({});

const logSection = z
  .strictObject({
    level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .default({ level: 'info' });

const directorySection = z
  .strictObject({
    store: z.enum(['file', 'redis']).default('file'),
    /** Another YAML file holding the directory sections; relative to this file. */
    file: z.string().min(1).optional(),
    reload_debounce_ms: z.number().int().min(0).max(60_000).default(250),
    /** The shared store of several nodes (`store: redis`). */
    redis: redisDirectoryConfigSchema.optional(),
  })
  .default({ store: 'file', reload_debounce_ms: 250 });

const adaptersSection = z
  .array(
    z.string().refine((name) => adapterNames().includes(name), {
      error: (issue) => `'${String(issue.input)}' is not an adapter this build has; it has: ${adapterNames().join(', ') || 'none yet'}`,
    }),
  )
  .default([]);

const nodeSections = {
  node: nodeSection,
  log: logSection,
  directory: directorySection,
  adapters: adaptersSection,
  http: httpConfigSchema,
  avatars: avatarsConfigSchema,
  sip: sipConfigSchema,
  ucwa: ucwaConfigSchema,
  admin_api: adminApiConfigSchema,
  plugins: pluginsConfigSchema,
};

/** Every top-level key the configuration file may hold. */
export const knownSections: readonly string[] = [...Object.keys(nodeSections), ...directoryDocumentKeys];

export interface HeraldConfig {
  /** The configuration file, as given on the command line. */
  readonly file: string;
  readonly source: YamlSource;
  readonly node: NodeInfo;
  /** Caps of the node's subscription hub. */
  readonly watchers: { readonly max: number; readonly maxPerContact: number };
  readonly log: { readonly level: string };
  readonly directory: {
    readonly store: 'file' | 'redis';
    /** Absolute path of the YAML file holding the directory sections (with `redis`: the seed). */
    readonly file: string;
    readonly reloadDebounceMs: number;
    /** With `store: redis`: where the shared directory lives. */
    readonly redis?: RedisDirectoryConfig;
  };
  readonly adapters: readonly string[];
  /** The node's HTTP server, and the public base URL clients fetch avatars from. */
  readonly http: HttpSettings;
  readonly avatars: AvatarsConfig;
  /** The SIP transport and the SIP/SIMPLE presence adapter. */
  readonly sip: SipSettings;
  /** The UCWA-style API, when the `ucwa` section enables it. */
  readonly ucwa: UcwaOptions | undefined;
  /** The management API, when the `admin_api` section enables it. */
  readonly adminApi: AdminApiOptions | undefined;
  /** Plugins to load after Herald's own modules, in this order. */
  readonly plugins: readonly PluginSettings[];
}

/**
 * Reads and checks the node's sections of a configuration file.
 * @throws ConfigError naming the file, line, path and reason of every problem found.
 */
export async function loadHeraldConfig(file: string): Promise<HeraldConfig> {
  const { source } = await YamlSource.read(file);
  if (source.syntaxIssues.length > 0) throw source.error(source.syntaxIssues);
  const raw = source.value ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw source.error([{ path: [], message: 'must be a mapping of sections (node, directory, services, …)', severity: 'error' }]);
  }

  const issues: ConfigIssue[] = [];
  for (const key of Object.keys(raw)) {
    if (knownSections.includes(key)) continue;
    const hint = suggestClosest(key, knownSections);
    issues.push({ path: [key], message: `unknown section${hint ? `; did you mean '${hint}'?` : `; known sections: ${knownSections.join(', ')}`}`, severity: 'error' });
  }
  const sections = parseConfig(z.object(nodeSections), raw);
  if (!sections.ok) issues.push(...sections.issues);
  if (issues.length > 0 || !sections.ok) {
    // Report the directory sections' problems too, so one run shows everything to fix.
    const directory = parseDirectoryDocument(raw, { origin: file, baseDir: dirname(resolve(file)) });
    if (!directory.ok) issues.push(...directory.issues);
    throw source.error(issues);
  }
  const { node, log, directory, adapters, http, avatars, sip, ucwa, admin_api: adminApi, plugins } = sections.value;
  if (ucwa.enabled && !http.enabled) {
    throw source.error([{ path: ['ucwa', 'enabled'], message: 'the UCWA-style API runs on the node\'s HTTP server, which http.enabled turns off; enable both, or neither', severity: 'error' }]);
  }
  if (adminApi.enabled && !http.enabled) {
    throw source.error([{ path: ['admin_api', 'enabled'], message: 'the management API runs on the node\'s HTTP server, which http.enabled turns off; enable both, or neither', severity: 'error' }]);
  }

  const storeIssue = directoryStoreIssue(directory.store, directory.redis);
  if (storeIssue !== undefined) throw source.error([storeIssue]);

  const here = dirname(resolve(file));
  if (directory.file !== undefined) {
    const misplaced = directoryDocumentKeys.filter((key) => key in raw);
    if (misplaced.length > 0) {
      throw source.error(
        misplaced.map((key) => ({
          path: [key],
          message: `directory.file names ${directory.file} as the directory, so this section would be ignored; move it there or remove directory.file`,
          severity: 'error' as const,
        })),
      );
    }
  }
  return {
    file,
    source,
    node: { name: node.name, ...(node.location === undefined ? {} : { location: node.location }) },
    watchers: { max: node.max_watchers, maxPerContact: node.max_watchers_per_contact },
    log,
    directory: {
      store: directory.store,
      file: directory.file === undefined ? resolve(file) : resolve(here, directory.file),
      reloadDebounceMs: directory.reload_debounce_ms,
      ...(directory.redis === undefined ? {} : { redis: directory.redis }),
    },
    adapters,
    http: httpSettingsFromConfig(http, here),
    avatars,
    sip: sipSettingsFromConfig(sip, here),
    ucwa: ucwa.enabled ? ucwaOptionsFromConfig(ucwa) : undefined,
    adminApi: adminApi.enabled ? adminApiOptionsFromConfig(adminApi) : undefined,
    plugins: pluginSettingsFromConfig(plugins, here),
  };
}

/** The `redis` subsection goes with `store: redis`, and only with it. */
function directoryStoreIssue(store: 'file' | 'redis', redis: RedisDirectoryConfig | undefined): ConfigIssue | undefined {
  if (store === 'redis' && redis === undefined) {
    return { path: ['directory', 'store'], message: "is redis, so directory.redis is required: at least its url, e.g. redis: { url: 'redis://127.0.0.1:6379/0' }", severity: 'error' };
  }
  if (store !== 'redis' && redis !== undefined) {
    return { path: ['directory', 'redis'], message: `applies only with directory.store: redis (the store is ${store}); set the store or remove this subsection`, severity: 'error' };
  }
  return undefined;
}
