import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { formatBytes, type ThemeLimits } from './theme-limits';
import { messageOf, readThemeZip, type ThemeFiles, ThemePackageError } from './theme-zip';

/** A theme's files as read from disk, and how to name one of them in messages. */
export interface ThemePackage extends ThemeFiles {
  readonly kind: 'folder' | 'zip';
  /** Where a file of this theme lives, for log lines: the file's path, or the entry in the ZIP. */
  describe(file: string): string;
}

/**
 * Reads the `wanted` files of a theme at `path`: a folder holding them, or a theme ZIP package
 * holding them at its root. A wanted file that is absent is simply not in `files`.
 * @throws ThemePackageError when the path is missing or unreadable, or the ZIP is refused.
 */
export async function readThemePackage(path: string, wanted: readonly string[], limits: ThemeLimits): Promise<ThemePackage> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new ThemePackageError(error.code === 'ENOENT' ? 'does not exist' : `cannot be read (${messageOf(error)})`);
  });
  if (info.isDirectory()) {
    return { kind: 'folder', ...(await readThemeFolder(path, wanted, limits)), describe: (file) => join(path, file) };
  }
  if (!info.isFile()) throw new ThemePackageError('is neither a folder nor a ZIP file');
  if (info.size > limits.maxPackageBytes) {
    throw new ThemePackageError(`is ${formatBytes(info.size)}, more than the ${formatBytes(limits.maxPackageBytes)} a theme package may be`);
  }
  return { kind: 'zip', ...(await readThemeZip(path, wanted, limits)), describe: (file) => `${path} → ${file}` };
}

/**
 * What changes when a theme's content on disk may have changed: size, times and inode of the
 * ZIP, or of each wanted file of a folder. Equal signatures let a reload skip reading.
 */
export async function themeSignature(path: string, wanted: readonly string[]): Promise<string> {
  const parts = [await statPart(path)];
  if (parts[0].startsWith('d')) for (const name of wanted) parts.push(await statPart(join(path, name)));
  return parts.join('|');
}

async function statPart(path: string): Promise<string> {
  try {
    const s = await stat(path, { bigint: true });
    return `${s.isDirectory() ? 'd' : 'f'}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  } catch (error) {
    return `absent:${(error as NodeJS.ErrnoException).code ?? '?'}`;
  }
}

async function readThemeFolder(folder: string, wanted: readonly string[], limits: ThemeLimits): Promise<ThemeFiles> {
  const files = new Map<string, Buffer>();
  const problems = new Map<string, string>();
  for (const name of wanted) {
    try {
      const bytes = await readBounded(join(folder, name), limits.maxFileBytes);
      if (bytes !== undefined) files.set(name, bytes);
    } catch (error) {
      problems.set(name, messageOf(error));
    }
  }
  return { files, problems };
}

/** The file's bytes, undefined if it does not exist; never reads more than `maxBytes` + 1. */
async function readBounded(path: string, maxBytes: number): Promise<Buffer | undefined> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot be read (${messageOf(error)})`);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new Error('is not a regular file');
    if (info.size > maxBytes) throw new Error(`is ${formatBytes(info.size)}, more than the ${formatBytes(maxBytes)} allowed`);
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, Math.max(info.size, 0) + 1));
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) throw new Error(`grew while being read, past ${formatBytes(buffer.length - 1)}`);
    }
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}
