import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Lifecycle, PresenceService, ProtocolAdapter } from '@herald/core';
import { RecordingLogger } from '@herald/testing';
import { type HeraldConfig, loadHeraldConfig } from '../config/herald-config';
import { composeNode } from './compose-node';

/**
 * A whole serving node composed from the example configuration, in process, with real HTTP:
 * the real rule engine makes gateway contacts resolvable, and their avatar is fetched from the
 * node's own server.
 */
const repo = resolve(__dirname, '../../../..');
jest.setTimeout(30_000);

async function exampleOnAnyPort(): Promise<HeraldConfig> {
  const config = await loadHeraldConfig(join(repo, 'config/example.yaml'));
  // This test is about the HTTP server: no SIP adapter, which would bind the example's fixed port.
  return { ...config, adapters: [], http: { ...config.http, server: { ...config.http.server, listen: { host: '127.0.0.1', port: 0 } } } };
}

describe('a serving node composed from config/example.yaml', () => {
  it("serves a gateway contact the default theme's avatar, not its rule's", async () => {
    const container = composeNode(await exampleOnAnyPort(), { logger: new RecordingLogger(), mode: 'serve' });
    const lifecycle = container.get<Lifecycle>(Lifecycle);
    await lifecycle.start();
    try {
      const view = container.get<PresenceService>(PresenceService).resolve('london-room003@vc.example.com').view;
      expect(view?.source.kind).toBe('rule');
      expect(view?.avatar?.themeChain).toEqual(["'Example Blue' (default theme): presence_avatar_image.jpg"]);
      const [endpoint] = container.get<ProtocolAdapter>(ProtocolAdapter).endpoints();
      const response = await fetch(`${endpoint}${new URL(view?.avatar?.url as string).pathname}`);
      expect(response.status).toBe(200);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.equals(await readFile(join(repo, 'config/themes/example-blue/presence_avatar_image.jpg')))).toBe(true);
    } finally {
      await lifecycle.stop();
    }
  });

  it('runs no HTTP server when http.enabled is false', async () => {
    const config = await exampleOnAnyPort();
    const container = composeNode({ ...config, http: { ...config.http, enabled: false } }, { logger: new RecordingLogger(), mode: 'serve' });
    expect(container.getAll<ProtocolAdapter>(ProtocolAdapter, { optional: true })).toEqual([]);
  });

  it('runs no HTTP server offline, yet still gives avatars', async () => {
    const container = composeNode(await exampleOnAnyPort(), { logger: new RecordingLogger(), mode: 'offline' });
    expect(container.getAll<ProtocolAdapter>(ProtocolAdapter, { optional: true })).toEqual([]);
    const lifecycle = container.get<Lifecycle>(Lifecycle);
    await lifecycle.start();
    expect(container.get<PresenceService>(PresenceService).resolve('meet.bob@vc.example.com').view?.avatar?.url).toMatch(
      /^http:\/\/127\.0\.0\.1:8080\/avatars\/[0-9a-f]{32}\.jpg$/,
    );
    await lifecycle.stop();
  });
});
