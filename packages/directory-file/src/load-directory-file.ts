import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { type DirectoryValidation, DirectorySnapshot, parseDirectoryDocument } from '@herald/core';
import { type LocatedIssue, YamlSource } from './yaml-source';

export interface LoadedDirectory {
  readonly snapshot: DirectorySnapshot;
  /** Problems that did not stop the load, located in the file. */
  readonly warnings: readonly LocatedIssue[];
  /** Content digest of the file, also the snapshot's version. */
  readonly digest: string;
}

/** The version of a directory file: the start of the SHA-256 of its bytes, stable across restarts. */
export function contentDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

/**
 * Reads a YAML file's directory sections (`services`, `gateway_routing_rules`, `themes`,
 * `default_theme`), checks them, and runs the directory validators (regexes, themes).
 * @throws ConfigError naming the file, line, path and reason of every problem found.
 */
export async function loadDirectoryFile(path: string, validation?: DirectoryValidation): Promise<LoadedDirectory> {
  const file = resolve(path);
  const { source, text } = await YamlSource.read(path);
  return loadDirectoryText(source, text, file, validation);
}

/** As `loadDirectoryFile`, for a file already read. */
export async function loadDirectoryText(
  source: YamlSource,
  text: string,
  file: string,
  validation?: DirectoryValidation,
): Promise<LoadedDirectory> {
  if (source.syntaxIssues.length > 0) throw source.error(source.syntaxIssues);
  if (source.value !== undefined && (typeof source.value !== 'object' || source.value === null || Array.isArray(source.value))) {
    throw source.error([{ path: [], message: 'must be a mapping of sections (services, gateway_routing_rules, …)', severity: 'error' }]);
  }
  const parsed = parseDirectoryDocument(source.value, { origin: source.file, baseDir: dirname(file) });
  if (!parsed.ok) throw source.error(parsed.issues);
  const checked = validation ? await validation.validate(parsed.content) : [];
  const errors = checked.filter((i) => i.severity === 'error');
  if (errors.length > 0) throw source.error(errors);
  const digest = contentDigest(text);
  const snapshot = new DirectorySnapshot(parsed.content, { version: digest, origin: source.file });
  return { snapshot, digest, warnings: source.locateAll([...parsed.warnings, ...checked]) };
}
