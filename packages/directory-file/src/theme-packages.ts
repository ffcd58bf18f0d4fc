import { createHash } from 'node:crypto';
import { mkdir, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic, syncFolder } from './atomic-file';

/**
 * Where a file store keeps theme packages uploaded through its writer: one folder, one file per
 * package, named by the theme and the content's hash. A new upload never overwrites a package
 * that the served directory still uses, so a write that is refused or lost in a crash leaves the
 * served themes intact.
 */
export class ThemePackageFolder {
  constructor(readonly folder: string) {}

  /** The path a package with these bytes has (or will have). */
  pathFor(theme: string, bytes: Uint8Array): string {
    const slug = theme.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'theme';
    const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
    return join(this.folder, `${slug}-${hash}.zip`);
  }

  /** Stores a package durably; resolves with its path and whether it was new. */
  async store(theme: string, bytes: Uint8Array): Promise<{ readonly path: string; readonly created: boolean }> {
    const path = this.pathFor(theme, bytes);
    const exists = await stat(path).then(
      (info) => info.isFile() && info.size === bytes.length,
      () => false,
    );
    if (exists) return { path, created: false };
    await mkdir(this.folder, { recursive: true });
    await writeFileAtomic(path, bytes);
    return { path, created: true };
  }

  /** Removes the packages in the folder that `keep` does not name (best effort). */
  async prune(keep: ReadonlySet<string>): Promise<void> {
    const names = await readdir(this.folder).catch(() => [] as string[]);
    let removed = false;
    for (const name of names) {
      const path = join(this.folder, name);
      if (!name.endsWith('.zip') || keep.has(path)) continue;
      await unlink(path).catch(() => undefined);
      removed = true;
    }
    if (removed) await syncFolder(this.folder).catch(() => undefined);
  }
}
