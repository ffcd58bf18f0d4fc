import { join } from 'node:path';
import { Availability, ConfigError, Lifecycle, PresenceService } from '@herald/core';
import { aService, createTestNode, RecordingLogger } from '@herald/testing';
import { pluginSettingsFromConfig, pluginsConfigSchema } from '../config/plugins-section';
import { fixtureEvents } from '../test-support/plugins/fixture-policy-plugin';
import { loadPlugins } from './plugin-loader';

const fixtures = join(__dirname, '../test-support/plugins');
const configFile = join(fixtures, 'herald.yaml');

async function load(entries: unknown[], mode: 'serve' | 'offline' = 'serve') {
  const logger = new RecordingLogger();
  const settings = pluginSettingsFromConfig(pluginsConfigSchema.parse(entries), fixtures);
  const plugins = await loadPlugins(settings, { logger, mode, configFile });
  const node = createTestNode({ content: { services: [aService({ name: 'Alice', aliases: [{ alias: 'meet.alice@vc.example.com', description: '' }] })], rules: [], themes: [] }, modules: plugins.map((p) => p.module) });
  return { logger, plugins, node };
}

const policy = (id: string, extra: Record<string, unknown> = {}) => ({ path: './fixture-policy-plugin.ts', options: { id, state: 'busy', ...extra } });

beforeEach(() => fixtureEvents.splice(0));

describe('loadPlugins', () => {
  it('loads plugins by path with their options, in the listed order, and their policies take effect', async () => {
    const { plugins, node, logger } = await load([policy('first'), { ...policy('second'), options: { id: 'second', state: 'away' } }]);
    expect(plugins.map((p) => p.plugin.name)).toEqual(['fixture-policy', 'fixture-policy']);
    const resolution = node.presence.resolve('meet.alice@vc.example.com');
    // The second policy runs after the first, so its state wins.
    expect(resolution.view?.availability).toBe(Availability.Away);
    expect(resolution.trace.filter((line) => line.startsWith('presence policy'))).toEqual(["presence policy 'first': Busy (first says busy)", "presence policy 'second': Away (second says away)"]);
    expect(logger.find('info', "plugin 'fixture-policy' loaded from plugins[0] (path './fixture-policy-plugin.ts')")).toHaveLength(1);
  });

  it('resolves a plugin by npm package name, and says when the package exports no plugin', async () => {
    // @herald/core resolves from Herald's installation, but it is not a plugin.
    await expect(load([{ package: '@herald/core' }])).rejects.toThrow(
      /^plugins\[0\] \(package '@herald\/core'\): \S+\/packages\/core\/\S+ does not export a Herald plugin as 'heraldPlugin' or as its default export: it is not an object/,
    );
  });

  it('refuses a plugin written for another API version, naming the plugin and both versions', async () => {
    await expect(load([{ path: './future-plugin.ts' }])).rejects.toThrow(
      "plugin '@acme/from-the-future' from plugins[0] (path './future-plugin.ts') cannot be loaded: it needs Herald API 2.0 and this Herald offers 1.0 (a different major version)",
    );
  });

  it('says what is missing when nothing is at the path or the package is not installed', async () => {
    await expect(load([{ path: './nowhere' }])).rejects.toThrow(`plugins[0] (path './nowhere'): nothing to load at ${join(fixtures, 'nowhere')}`);
    await expect(load([{ package: '@acme/herald-nothing' }])).rejects.toThrow("cannot find the package from " + fixtures + " or from Herald's installation; install it (npm install @acme/herald-nothing)");
    await expect(load([{ path: './not-a-plugin.ts' }])).rejects.toThrow('does not export a Herald plugin');
  });

  it('leaves out an optional plugin that cannot be loaded, and logs why', async () => {
    const { plugins, logger } = await load([{ path: './future-plugin.ts', optional: true }, policy('kept')]);
    expect(plugins.map((p) => p.settings.index)).toEqual([1]);
    expect(logger.find('warn', 'it needs Herald API 2.0 and this Herald offers 1.0')).toHaveLength(1);
  });

  it('reports bad plugin options at their place in the configuration, even for an optional plugin', async () => {
    const failure = await load([{ ...policy('x', { state: 'purple' }), optional: true }]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as ConfigError).issues[0].path).toEqual(['plugins', 0, 'options', 'state']);
  });

  it('a required plugin that fails to start stops the node cleanly, with an error naming the plugin', async () => {
    const { node } = await load([policy('good'), policy('bad', { fail_start: true })]);
    await expect(node.lifecycle.start()).rejects.toThrow("plugin 'fixture-policy' failed to start: the policy service refused our credentials");
    expect(fixtureEvents).toEqual(['good warmup start', 'good start', 'bad warmup start', 'bad start', 'bad warmup stop', 'good stop', 'good warmup stop']);
  });

  it('an optional plugin that fails to start is taken out alone: the node runs without it, and says so', async () => {
    const { node, logger } = await load([policy('good'), { ...policy('bad', { fail_start: true, state: 'away' }), optional: true }]);
    await node.lifecycle.start();
    // Its contribution that had started is stopped; its policy no longer answers.
    expect(fixtureEvents).toEqual(['good warmup start', 'good start', 'bad warmup start', 'bad start', 'bad warmup stop']);
    const resolution = node.presence.resolve('meet.alice@vc.example.com');
    expect(resolution.view?.availability).toBe(Availability.Busy);
    expect(resolution.trace).toContain("presence policy 'bad': no change (plugin 'fixture-policy' is not running)");
    expect(logger.find('error', "plugin 'fixture-policy' failed to start; it is optional, so the node runs without it")).toHaveLength(1);
    await node.lifecycle.stop();
    expect(fixtureEvents.slice(5)).toEqual(['good stop', 'good warmup stop']);
  });

  it('shares the host’s PresenceService and lifecycle tokens: one copy of the core', async () => {
    const { node } = await load([policy('one')]);
    expect(node.container.get(PresenceService)).toBe(node.presence);
    expect(node.container.get(Lifecycle)).toBe(node.lifecycle);
  });
});
