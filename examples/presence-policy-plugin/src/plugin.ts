import { definePlugin } from '@herald/core';
import { parsePolicyOptions } from './policy-options';
import { createPresencePolicyModule } from './presence-policy-module';

/**
 * The plugin Herald loads. In the configuration:
 *
 * ```yaml
 * plugins:
 *   - package: '@herald-examples/presence-policy-plugin'
 *     options: { url: 'http://policy.example.com/presence', timeout_ms: 500, cache_ttl_s: 30 }
 * ```
 */
export const heraldPlugin = definePlugin({
  name: '@herald-examples/presence-policy-plugin',
  heraldApi: '1.0',
  contributes: ['presence-policy', 'lifecycle'],
  createModule: (options, context) => createPresencePolicyModule(parsePolicyOptions(options, context.configPath)),
});
