import { stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseDocument } from 'yaml';
import {
  ConfigError,
  type ConfigIssue,
  type DirectoryContent,
  directoryContentToDocument,
  DirectorySnapshot,
  type DirectoryValidation,
  type DirectoryWrite,
  DirectoryWriteError,
  parseDirectoryDocument,
} from '@herald/core';
import { writeFileAtomic } from './atomic-file';
import { contentDigest, loadDirectoryText } from './load-directory-file';
import { type ThemePackageFolder } from './theme-packages';
import { type LocatedIssue, YamlSource } from './yaml-source';
import { rewriteDirectorySections } from './yaml-rewrite';

/** What a write needs from the store that runs it. */
export interface FileWriteContext {
  /** Absolute path of the YAML file. */
  readonly file: string;
  /** The file as named to the user, for origins and messages. */
  readonly name: string;
  readonly packages: ThemePackageFolder;
  readonly validation: DirectoryValidation;
  /** What the store serves now, and the digest of the file it came from. */
  served(): { readonly snapshot: DirectorySnapshot; readonly digest: string | undefined };
  /** Installs a valid file edit that the store had not reloaded yet. */
  catchUp(snapshot: DirectorySnapshot, digest: string): void;
}

export interface FileWriteResult {
  readonly snapshot: DirectorySnapshot;
  readonly digest: string;
  readonly warnings: readonly LocatedIssue[];
}

/**
 * One write, run while the store holds its turn: check the version, store new theme packages,
 * validate the content exactly as a loaded file is validated, rewrite the YAML's directory
 * sections, check that the new text reads back as the same content, and replace the file
 * atomically. Throws `DirectoryWriteError`; on a throw the file is as it was.
 */
export async function writeDirectoryFile(context: FileWriteContext, write: DirectoryWrite): Promise<FileWriteResult> {
  const { source, text } = await readCurrent(context);
  await checkVersion(context, source, text, write.expectedVersion);

  const baseDir = dirname(context.file);
  const created: string[] = [];
  try {
    const content = await withStoredPackages(context, write, created);
    const { content: target, warnings } = await validated(context, content, baseDir);

    const full = directoryContentToDocument(target, { baseDir, form: 'full' });
    const minimal = directoryContentToDocument(target, { baseDir, form: 'minimal' });
    let next = rewritten(text, full, minimal, false);
    // The rewrite keeps the operator's layout; if it ever fails to say exactly the new content,
    // the directory sections are written afresh (comments inside them are lost, never data).
    if (!readsBackAs(next, target, context)) next = rewritten(text, full, minimal, true);
    if (!readsBackAs(next, target, context)) throw new Error('the rewritten file does not read back as the written content');

    const info = await stat(context.file);
    try {
      await writeFileAtomic(context.file, next, info.mode & 0o7777);
    } catch (error) {
      throw new DirectoryWriteError('unavailable', `${context.name} could not be written: ${(error as Error).message}; nothing was changed`);
    }
    const digest = contentDigest(next);
    const snapshot = new DirectorySnapshot(target, { version: digest, origin: context.name });
    created.length = 0;
    return { snapshot, digest, warnings: YamlSource.parse(next, context.name).locateAll(warnings) };
  } finally {
    // Packages stored for a write that did not happen are not kept.
    for (const path of created) await unlink(path).catch(() => undefined);
  }
}

async function readCurrent(context: FileWriteContext): Promise<{ source: YamlSource; text: string }> {
  try {
    return await YamlSource.read(context.file);
  } catch (error) {
    throw new DirectoryWriteError('unavailable', error instanceof ConfigError ? error.message : String(error));
  }
}

/**
 * The writer must have seen what the file says now. A file edited by hand and not reloaded yet
 * is reloaded here first (so the conflict names the version to re-read); one that does not
 * validate blocks writes until it is fixed, since rewriting it would discard the edit.
 */
async function checkVersion(context: FileWriteContext, source: YamlSource, text: string, expected: string): Promise<void> {
  const digest = contentDigest(text);
  if (digest !== context.served().digest) {
    try {
      const loaded = await loadDirectoryText(source, text, context.file, context.validation);
      context.catchUp(loaded.snapshot, loaded.digest);
    } catch (error) {
      const details = error instanceof ConfigError ? error.message : String(error);
      throw new DirectoryWriteError(
        'conflict',
        `${context.name} was edited and the edit does not validate; fix the file before writing through the store\n${details}`,
        [],
        context.served().snapshot.version,
      );
    }
  }
  const current = context.served().snapshot.version;
  if (current !== expected) {
    throw new DirectoryWriteError('conflict', `the directory is at version ${current}, not ${expected}: read it again and reapply the change`, [], current);
  }
}

/** The content with each uploaded package's theme pointing at where the package is now kept. */
async function withStoredPackages(context: FileWriteContext, write: DirectoryWrite, created: string[]): Promise<DirectoryContent> {
  const packages = write.themePackages ?? new Map<string, Uint8Array>();
  const missing = [...packages.keys()].filter((name) => !write.content.themes.some((t) => t.name === name));
  if (missing.length > 0) {
    throw new DirectoryWriteError(
      'invalid',
      'a theme package was given for a theme the content does not define',
      missing.map((name) => ({ path: ['themes'], message: `has no theme '${name}' for the package given for it`, severity: 'error' as const })),
    );
  }
  const paths = new Map<string, string>();
  for (const [name, bytes] of packages) {
    try {
      const stored = await context.packages.store(name, bytes);
      if (stored.created) created.push(stored.path);
      paths.set(name, stored.path);
    } catch (error) {
      throw new DirectoryWriteError('unavailable', `the package of theme '${name}' could not be stored: ${(error as Error).message}; nothing was changed`);
    }
  }
  return { ...write.content, themes: write.content.themes.map((t) => (paths.has(t.name) ? { ...t, path: paths.get(t.name) as string } : t)) };
}

/** Validates the content as a loaded file is: its document form, references, then every validator. */
async function validated(
  context: FileWriteContext,
  content: DirectoryContent,
  baseDir: string,
): Promise<{ readonly content: DirectoryContent; readonly warnings: readonly ConfigIssue[] }> {
  const document = JSON.parse(JSON.stringify(directoryContentToDocument(content, { baseDir, form: 'full' }))) as unknown;
  const parsed = parseDirectoryDocument(document, { origin: context.name, baseDir });
  if (!parsed.ok) throw invalid(parsed.issues);
  const issues = await context.validation.validate(parsed.content);
  if (issues.some((i) => i.severity === 'error')) throw invalid(issues);
  return { content: parsed.content, warnings: [...parsed.warnings, ...issues] };
}

function invalid(issues: readonly ConfigIssue[]): DirectoryWriteError {
  const errors = issues.filter((i) => i.severity === 'error');
  return new DirectoryWriteError('invalid', `the directory does not validate: ${errors.length} problem${errors.length === 1 ? '' : 's'}`, errors);
}

function rewritten(text: string, full: Record<string, unknown>, minimal: Record<string, unknown>, fresh: boolean): string {
  const document = parseDocument(text, { uniqueKeys: true });
  if (fresh) for (const key of ['default_theme', 'themes', 'services', 'gateway_routing_rules']) document.delete(key);
  rewriteDirectorySections(document, full, minimal);
  // No folding: a long description stays on its line, as the operator wrote it.
  return document.toString({ lineWidth: 0, flowCollectionPadding: false });
}

function readsBackAs(text: string, target: DirectoryContent, context: FileWriteContext): boolean {
  const source = YamlSource.parse(text, context.name);
  if (source.syntaxIssues.length > 0) return false;
  const baseDir = dirname(context.file);
  const parsed = parseDirectoryDocument(source.value, { origin: context.name, baseDir });
  if (!parsed.ok) return false;
  const form = (c: DirectoryContent) => JSON.stringify(directoryContentToDocument(c, { form: 'full' }));
  return form(parsed.content) === form(target);
}
