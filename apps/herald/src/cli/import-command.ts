import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { type Command } from 'commander';
import { convertPlatformExport, describeChanges, describeIssue, type ImportConversion, type ImportFile, withIds } from '@herald/admin-api';
import {
  type ConfigIssue,
  Directory,
  type DirectoryContent,
  directoryContentToDocument,
  DirectoryValidation,
  DirectoryWriteError,
  DirectoryWriter,
  Lifecycle,
  parseDirectoryDocument,
} from '@herald/core';
import { loadHeraldConfig } from '../config/herald-config';
import { composeNode } from '../host/compose-node';
import { createLogger } from '../host/create-logger';
import { type CliIo, ExitCode, reportFailure } from './cli-io';

/** Files and bytes read from an export at most, so a wrong `--from` cannot exhaust memory. */
const maxFiles = 10_000;
const maxTotalBytes = 2 * 1024 * 1024 * 1024;
const exportExtensions = /\.(json|csv|zip)$/i;

export function registerImportCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('import')
    .description("bring the conferencing platform's configuration over: management-API JSON, bulk-import CSV and theme ZIPs; a dry run unless --apply")
    .requiredOption('--from <path>', 'an export file, or a folder of them (searched recursively)')
    .requiredOption('-c, --config <file>', 'configuration file (its directory store receives the import)')
    .option('--apply', 'write the import (default: show what would change, write nothing)')
    .action(async (options: { from: string; config: string; apply?: boolean }) => {
      try {
        const files = await readExport(options.from);
        if (typeof files === 'string') {
          io.err(`herald import: --from ${options.from}: ${files}`);
          setExitCode(ExitCode.invalid);
          return;
        }
        const config = await loadHeraldConfig(options.config);
        const logger = createLogger({ level: 'warn', node: config.node.name, stream: 'stderr' });
        const container = composeNode(config, { logger, mode: 'offline' });
        const lifecycle = container.get<Lifecycle>(Lifecycle);
        await lifecycle.start();
        try {
          setExitCode(await runImport(io, options, files, container));
        } finally {
          await lifecycle.stop();
        }
      } catch (error) {
        setExitCode(reportFailure(io, error));
      }
    });
}

async function runImport(io: CliIo, options: { from: string; config: string; apply?: boolean }, files: ImportFile[], container: ReturnType<typeof composeNode>): Promise<number> {
  const snapshot = container.get<Directory>(Directory).current();
  const conversion = convertPlatformExport(files, withIds(snapshot));
  io.out(summary(options.from, files.length, conversion));
  for (const warning of conversion.warnings) io.err(`warning: ${warning.where}: ${warning.message}`);
  if (!conversion.ok) {
    io.err(`${conversion.problems.length} problem${conversion.problems.length === 1 ? '' : 's'} in the export; nothing was written:`);
    for (const problem of conversion.problems) io.err(`  ${problem.where}: ${problem.message}`);
    return ExitCode.failure;
  }
  await keepUnchangedPackages(conversion, snapshot);
  const issues = await validate(conversion, container.get<DirectoryValidation>(DirectoryValidation));
  const errors = issues.filter((i) => i.severity === 'error');
  for (const warning of issues.filter((i) => i.severity === 'warning')) io.err(`warning: ${describeIssue(warning, conversion.content, conversion.sources)}`);
  if (errors.length > 0) {
    io.err(`${errors.length} problem${errors.length === 1 ? '' : 's'} once merged into the directory; nothing was written:`);
    for (const issue of errors) io.err(`  ${describeIssue(issue, conversion.content, conversion.sources)}`);
    return ExitCode.failure;
  }

  const changes = describeChanges(snapshot, conversion.content);
  io.out(`Changes to the directory of ${options.config}${options.apply ? '' : ' (dry run)'}:`);
  io.out(changes.lines.length === 0 ? '  none' : changes.lines.map((l) => `  ${l}`).join('\n'));
  if (changes.unchanged > 0) io.out(`  (${changes.unchanged} imported object${changes.unchanged === 1 ? ' is' : 's are'} already as in the export)`);
  if (!options.apply) {
    io.out('Nothing was written. Run again with --apply to write these changes.');
    return ExitCode.ok;
  }
  if (changes.lines.length === 0) return ExitCode.ok;
  const writer = container.isBound(DirectoryWriter) ? container.get<DirectoryWriter>(DirectoryWriter) : undefined;
  if (writer === undefined) {
    io.err("herald import: this configuration's directory store does not accept writes");
    return ExitCode.failure;
  }
  try {
    const written = await writer.write({ content: conversion.content, themePackages: conversion.themePackages, expectedVersion: snapshot.version, actor: 'herald import' });
    io.out(`Written: the directory is now at version ${written.version}.`);
    return ExitCode.ok;
  } catch (error) {
    if (!(error instanceof DirectoryWriteError)) throw error;
    io.err(`herald import: nothing was written: ${error.message}`);
    for (const issue of error.issues) io.err(`  ${describeIssue(issue, conversion.content, conversion.sources)}`);
    return ExitCode.failure;
  }
}

function summary(from: string, fileCount: number, conversion: ImportConversion): string {
  const { imported, skipped } = conversion;
  const lines = [
    `Read ${fileCount} file${fileCount === 1 ? '' : 's'} from ${from}: ${imported.services} services (${imported.aliases} aliases), ${imported.rules} gateway routing rules, ${imported.themes} themes.`,
  ];
  const counts = Object.entries(skipped);
  if (counts.length > 0) lines.push(`Skipped (they publish no presence): ${counts.map(([type, count]) => `${count} ${type}`).join(', ')}.`);
  return lines.join('\n');
}

/**
 * A theme whose package is byte for byte the one the directory already has keeps it, so that
 * importing the same export twice changes nothing.
 */
async function keepUnchangedPackages(conversion: ImportConversion, snapshot: DirectoryContent): Promise<void> {
  const packages = conversion.themePackages as Map<string, Uint8Array>;
  const themes = conversion.content.themes as { id: number; name: string; path: string }[];
  for (const theme of themes) {
    const bytes = packages.get(theme.name);
    const existing = snapshot.themes.find((t) => t.name === theme.name);
    if (bytes === undefined || existing === undefined) continue;
    const stored = await readFile(existing.path).catch(() => undefined);
    if (stored !== undefined && Buffer.compare(stored, Buffer.from(bytes)) === 0) {
      packages.delete(theme.name);
      theme.path = existing.path;
    }
  }
}

/**
 * Validates the merged directory as the store will (shape, references, every validator). Theme
 * packages are put in a scratch folder for it, since the validators read them from disk.
 */
async function validate(conversion: ImportConversion, validation: DirectoryValidation): Promise<ConfigIssue[]> {
  const scratch = await mkdtemp(join(tmpdir(), 'herald-import-'));
  try {
    const paths = new Map<string, string>();
    let n = 0;
    for (const [name, bytes] of conversion.themePackages) {
      const path = join(scratch, `${++n}.zip`);
      await writeFile(path, bytes);
      paths.set(name, path);
    }
    const content: DirectoryContent = { ...conversion.content, themes: conversion.content.themes.map((t) => (paths.has(t.name) ? { ...t, path: paths.get(t.name) as string } : t)) };
    const parsed = parseDirectoryDocument(JSON.parse(JSON.stringify(directoryContentToDocument(content))), { origin: 'import', baseDir: scratch });
    // The validators run even when references clash, so one run reports every problem.
    const validated = await validation.validate(parsed.ok ? parsed.content : content);
    return [...(parsed.ok ? parsed.warnings : parsed.issues), ...validated];
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The export's files, or what is wrong with `--from`. */
async function readExport(from: string): Promise<ImportFile[] | string> {
  const info = await stat(from).catch(() => undefined);
  if (info === undefined) return 'does not exist';
  if (info.isFile()) return [{ path: from, bytes: await readFile(from) }];
  if (!info.isDirectory()) return 'is neither a file nor a folder';
  const paths: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    for (const entry of (await readdir(folder, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && exportExtensions.test(entry.name)) paths.push(path);
      if (paths.length > maxFiles) throw new Error(`${from} holds more than ${maxFiles} export files; point --from at the export itself`);
    }
  };
  await walk(from);
  if (paths.length === 0) return 'holds no .json, .csv or .zip files';
  const files: ImportFile[] = [];
  let total = 0;
  for (const path of paths) {
    const bytes = await readFile(path);
    total += bytes.length;
    if (total > maxTotalBytes) return `holds more than ${maxTotalBytes} bytes of export files`;
    files.push({ path: relative(process.cwd(), path) || path, bytes });
  }
  return files;
}
