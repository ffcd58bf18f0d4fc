import { type Container } from '@herald/core';
import { type HeraldConfig } from '../config/herald-config';
import { type ComposeOptions, composeNode } from './compose-node';
import { loadPlugins } from './plugin-loader';

/** Loads the configured plugins, then composes the node with them after Herald's own modules. */
export async function composeNodeWithPlugins(config: HeraldConfig, options: Omit<ComposeOptions, 'plugins'>): Promise<Container> {
  const plugins = await loadPlugins(config.plugins, { logger: options.logger, mode: options.mode, configFile: config.file });
  return composeNode(config, { ...options, plugins: plugins.map((loaded) => loaded.module) });
}
