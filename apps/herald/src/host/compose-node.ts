import { dirname, resolve } from 'node:path';
import { createAdminApiModule } from '@herald/admin-api';
import { Container, type ContainerModule, createCoreModule, type Logger } from '@herald/core';
import { createDirectoryFileModule } from '@herald/directory-file';
import { createDirectoryRedisModule, redisDirectoryOptionsFromConfig } from '@herald/directory-redis';
import { createHttpModule } from '@herald/http';
import { createRulesModule } from '@herald/rules';
import { createThemesModule, themesOptionsFromConfig } from '@herald/themes';
import { createUcwaModule } from '@herald/ucwa';
import { type HeraldConfig } from '../config/herald-config';
import { adapterModules } from './adapter-registry';
import { seedFromFile } from './redis-seed';
import { createAdminRuleTesterModule } from './admin-rule-tester';

export interface ComposeOptions {
  readonly logger: Logger;
  /**
   * `serve` runs the node: file watching and the configured protocol adapters. `offline` is
   * for one-shot commands (`resolve`, `check`): the same presence logic, no sockets, no watchers.
   */
  readonly mode: 'serve' | 'offline';
  /** The configured plugins' modules (see `loadPlugins`), loaded last, in the listed order. */
  readonly plugins?: readonly ContainerModule[];
}

/**
 * The node's modules, in the order they start. This list is the one place that says what a
 * Herald node is made of.
 */
export function nodeModules(config: HeraldConfig, options: ComposeOptions): ContainerModule[] {
  const serve = options.mode === 'serve';
  return [
    createCoreModule({
      logger: options.logger,
      node: config.node,
      subscriptions: { maxWatchers: config.watchers.max, maxWatchersPerPresentity: config.watchers.maxPerContact },
    }),
    directoryModule(config, options),
    createRulesModule(),
    // Offline commands need the themes too: `resolve` shows each contact's avatar.
    createThemesModule(
      themesOptionsFromConfig(config.avatars, { publicBaseUrl: config.http.publicBaseUrl, watch: serve, debounceMs: config.directory.reloadDebounceMs }),
    ),
    ...(serve && config.http.enabled ? [createHttpModule(config.http.server)] : []),
    // The UCWA-style API: routes on the HTTP server, its applications and their event channels.
    ...(serve && config.http.enabled && config.ucwa !== undefined ? [createUcwaModule(config.ucwa)] : []),
    // The management API: routes on the HTTP server, writing through the directory store.
    ...(serve && config.http.enabled && config.adminApi !== undefined ? [createAdminApiModule(config.adminApi), createAdminRuleTesterModule()] : []),
    ...(serve ? config.adapters.flatMap((name) => adapterModules(name, config)) : []),
    ...(options.plugins ?? []),
  ];
}

/** The configured directory store: the YAML file (default), or Redis shared by several nodes. */
function directoryModule(config: HeraldConfig, options: ComposeOptions): ContainerModule {
  const { directory } = config;
  if (directory.store === 'redis' && directory.redis !== undefined) {
    return createDirectoryRedisModule(
      redisDirectoryOptionsFromConfig(directory.redis, {
        mode: options.mode,
        baseDir: dirname(resolve(config.file)),
        nodeName: config.node.name,
        seed: () => seedFromFile(directory.file),
      }),
    );
  }
  return createDirectoryFileModule({ path: directory.file, watch: options.mode === 'serve', debounceMs: directory.reloadDebounceMs });
}

/** A container holding a whole node, not yet started. */
export function composeNode(config: HeraldConfig, options: ComposeOptions): Container {
  const container = new Container();
  container.loadSync(...nodeModules(config, options));
  return container;
}
