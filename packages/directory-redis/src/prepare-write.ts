import { type ConfigIssue, type DirectoryContent, type DirectoryWrite } from '@herald/core';
import { sha256 } from './stored-directory';
import { readLocalTheme, type ThemePackageCache } from './theme-package-cache';

/** A write with every theme resolved to a package this node holds. */
export interface PreparedWrite {
  /** The content to validate and serve: each theme's path is its package in the cache. */
  readonly content: DirectoryContent;
  /** Each theme's package digest, by theme name. */
  readonly packageOf: ReadonlyMap<string, string>;
  /** Packages Redis may not hold yet (sent with the write, or read from this node's disk). */
  readonly upload: ReadonlyMap<string, Buffer>;
  /** Themes whose package could not be used. */
  readonly issues: readonly ConfigIssue[];
}

/**
 * Finds the package of every theme in a write: the bytes sent with it (`themePackages`); a
 * package this store already keeps (a path from its cache, as `current()` hands out); or a
 * folder or ZIP file on this node's disk (seeding from a config file, an import), packed and
 * uploaded, so every node gets the theme through Redis. Each package lands in the cache before
 * validation, so the theme validator reads exactly what will be served.
 */
export async function prepareWrite(write: DirectoryWrite, cache: ThemePackageCache, maxPackageBytes: number): Promise<PreparedWrite> {
  const issues: ConfigIssue[] = [];
  const packageOf = new Map<string, string>();
  const upload = new Map<string, Buffer>();
  const themeNames = new Set(write.content.themes.map((t) => t.name));
  for (const name of write.themePackages?.keys() ?? []) {
    if (!themeNames.has(name)) issues.push({ path: ['themes'], message: `a package was sent for the theme '${name}', which the directory does not define`, severity: 'error' });
  }

  const themes = await Promise.all(
    write.content.themes.map(async (theme, index) => {
      const sent = write.themePackages?.get(theme.name);
      let bytes: Buffer | undefined;
      let digest: string | undefined;
      if (sent !== undefined) {
        if (sent.byteLength > maxPackageBytes) {
          issues.push({ path: ['themes', index, 'package'], message: `theme '${theme.name}': the package is ${sent.byteLength} bytes, more than the ${maxPackageBytes}-byte limit`, severity: 'error' });
          return theme;
        }
        bytes = Buffer.from(sent);
      } else {
        digest = cache.digestOfPath(theme.path);
        if (digest === undefined) {
          try {
            bytes = await readLocalTheme(theme.path, maxPackageBytes);
          } catch (error) {
            const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : (error as Error).message;
            issues.push({ path: ['themes', index, 'path'], message: `theme '${theme.name}': ${theme.path} ${reason}, so it cannot be shared through Redis`, severity: 'error' });
            return theme;
          }
        }
      }
      if (bytes !== undefined) {
        digest = sha256(bytes);
        await cache.put(digest, bytes);
        upload.set(digest, bytes);
      }
      packageOf.set(theme.name, digest as string);
      return { ...theme, path: cache.pathOf(digest as string) };
    }),
  );
  return { content: { ...write.content, themes }, packageOf, upload, issues };
}
