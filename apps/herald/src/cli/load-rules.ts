import { dirname } from 'node:path';
import { type DirectoryContent, type DirectorySnapshot, parseDirectoryDocument } from '@herald/core';
import { loadDirectoryText, YamlSource } from '@herald/directory-file';
import { type HeraldConfig, loadHeraldConfig } from '../config/herald-config';

export interface LoadedRules {
  readonly config: HeraldConfig;
  readonly source: YamlSource;
  /** Rules in priority order, services for their aliases. */
  readonly snapshot: DirectorySnapshot;
  /** The directory content in document order, as the file has it. */
  readonly content: DirectoryContent;
}

/**
 * Loads a configuration's directory for the rule tools. Unlike `herald check`, it does not run
 * the directory validators: a regex the engine refuses is something `lint-rules` reports and
 * `rules test` shows, not a reason to stop. Shape errors still throw `ConfigError` (exit 2).
 */
export async function loadRules(file: string): Promise<LoadedRules> {
  const config = await loadHeraldConfig(file);
  const { source, text } = await YamlSource.read(config.directory.file);
  const { snapshot } = await loadDirectoryText(source, text, config.directory.file);
  const parsed = parseDirectoryDocument(source.value, { origin: source.file, baseDir: dirname(config.directory.file) });
  if (!parsed.ok) throw source.error(parsed.issues);
  return { config, source, snapshot, content: parsed.content };
}
