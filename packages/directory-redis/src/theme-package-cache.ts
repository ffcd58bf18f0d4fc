import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { ZipFile } from 'yazl';
import { sha256 } from './stored-directory';

const packageName = /^([0-9a-f]{64})\.zip$/;

/** Most files packed from one theme folder (the theme store reads at most 4096 entries). */
const maxFolderEntries = 4096;

/**
 * This node's copies of the theme packages Redis holds, one `<sha256>.zip` per package, so the
 * theme store reads them like any theme ZIP. Content-addressed: a file never changes once
 * written (written aside, then renamed), and a digest mismatch is refused. Holds only the
 * packages of the version served (`prune`), so its size is bounded by the directory's themes.
 */
export class ThemePackageCache {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  pathOf(digest: string): string {
    return join(this.dir, `${digest}.zip`);
  }

  /** The digest of a path this cache handed out, else undefined. */
  digestOfPath(path: string): string | undefined {
    const within = relative(this.dir, resolve(path));
    if (within.includes(sep)) return undefined;
    return packageName.exec(within)?.[1];
  }

  async has(digest: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(digest))).isFile();
    } catch {
      return false;
    }
  }

  async read(digest: string): Promise<Buffer> {
    return readFile(this.pathOf(digest));
  }

  /** @throws Error if `bytes` do not hash to `digest` (a damaged or foreign value in Redis). */
  async put(digest: string, bytes: Uint8Array): Promise<void> {
    if (sha256(bytes) !== digest) throw new Error(`theme package ${digest} does not match its SHA-256; not installed`);
    if (await this.has(digest)) return;
    await mkdir(this.dir, { recursive: true });
    const aside = join(this.dir, `.${digest}.${randomBytes(4).toString('hex')}.tmp`);
    await writeFile(aside, bytes);
    await rename(aside, this.pathOf(digest));
  }

  /** Deletes every package file not in `keep` (and stray partial files). */
  async prune(keep: ReadonlySet<string>): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return;
    }
    for (const name of names) {
      const digest = packageName.exec(name)?.[1];
      const stray = name.startsWith('.') && name.endsWith('.tmp');
      if ((digest !== undefined && !keep.has(digest)) || stray) await rm(join(this.dir, name), { force: true });
    }
  }
}

/**
 * A theme on this node's disk as package bytes, to upload: a ZIP file as it is, a folder packed
 * into a ZIP (sorted, with fixed timestamps, so packing one folder twice gives the same digest).
 * @throws Error naming the path and the limit when it is too large or cannot be read.
 */
export async function readLocalTheme(path: string, maxBytes: number): Promise<Buffer> {
  const info = await stat(path);
  if (info.isFile()) {
    if (info.size > maxBytes) throw new Error(`is ${info.size} bytes, more than the ${maxBytes}-byte limit for theme packages`);
    return readFile(path);
  }
  if (!info.isDirectory()) throw new Error('is neither a folder nor a ZIP file');
  const files = await listFiles(path);
  if (files.length > maxFolderEntries) throw new Error(`holds ${files.length} files, more than the ${maxFolderEntries} a theme may have`);
  const zip = new ZipFile();
  let total = 0;
  for (const file of files) {
    const bytes = await readFile(join(path, file));
    total += bytes.length;
    if (total > maxBytes) throw new Error(`holds more than the ${maxBytes}-byte limit for theme packages`);
    zip.addBuffer(bytes, file, { mtime: fixedTime, mode: 0o100644 });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const fixedTime = new Date(Date.UTC(2000, 0, 1));

/** Relative paths of every file under `root`, `/`-separated and sorted; bounded by the entry limit. */
async function listFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (folder: string) => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      if (found.length > maxFolderEntries) return;
      const full = join(folder, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) found.push(relative(root, full).split(sep).join('/'));
    }
  };
  await walk(root);
  return found.sort();
}
