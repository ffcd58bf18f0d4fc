import { Directory, type DirectoryContent, type DirectorySnapshot, DirectoryWriter, Lifecycle, SilentLogger } from '@herald/core';
import { loadHeraldConfig } from '../config/herald-config';
import { composeNode } from '../host/compose-node';

/**
 * Changes the directory a configuration file names, the way the management API does: through
 * the store's `DirectoryWriter`, from the version the store serves now. For tests of stores
 * shared by several nodes; resolves with the new snapshot and when (wall clock, ms) the write
 * began and the store acknowledged it.
 */
export async function changeDirectory(
  config: string,
  change: (content: DirectoryContent) => DirectoryContent,
  actor = 'test',
): Promise<{ snapshot: DirectorySnapshot; startedAt: number; acknowledgedAt: number }> {
  const container = composeNode(await loadHeraldConfig(config), { logger: new SilentLogger(), mode: 'offline' });
  const lifecycle = container.get<Lifecycle>(Lifecycle);
  await lifecycle.start();
  try {
    const current = container.get<Directory>(Directory).current();
    const content = change(current);
    const startedAt = Date.now();
    const snapshot = await container.get<DirectoryWriter>(DirectoryWriter).write({ content, expectedVersion: current.version, actor });
    return { snapshot, startedAt, acknowledgedAt: Date.now() };
  } finally {
    await lifecycle.stop();
  }
}
