import { type DirectoryContent } from '@herald/core';
import { loadDirectoryFile } from '@herald/directory-file';

/**
 * What a node seeds an empty Redis directory with: the directory sections of its configuration
 * file (or of `directory.file`), with theme paths on this node's disk; the store uploads the
 * theme folders and packages with the content. Undefined when the file has no directory
 * sections, so an empty Redis stays empty rather than getting an empty version.
 * @throws ConfigError naming the file, line and field of every problem.
 */
export async function seedFromFile(file: string): Promise<DirectoryContent | undefined> {
  const { snapshot } = await loadDirectoryFile(file);
  const empty = snapshot.services.length === 0 && snapshot.rules.length === 0 && snapshot.themes.length === 0 && snapshot.defaultTheme === undefined;
  return empty ? undefined : snapshot;
}
