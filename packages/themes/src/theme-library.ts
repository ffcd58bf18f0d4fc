import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inject, injectable, setBounded } from '@herald/core';
import { type PreparedAvatar, prepareAvatarImage } from './avatar-image';
import { readThemePackage } from './theme-package';
import { themeSignature } from './theme-package';
import { avatarFileName, type ThemeLimits } from './theme-limits';
import { messageOf, ThemePackageError } from './theme-zip';
import { ThemesOptions } from './themes-options';

/** One theme as read from disk: its avatar, or why it has none. */
export interface LoadedTheme {
  /** The theme's folder or ZIP, as defined in the directory (absolute). */
  readonly path: string;
  /** Identifies the content on disk that was read (see `themeSignature`). */
  readonly signature: string;
  /** Why the whole package was refused; then the theme supplies no file. */
  readonly packageProblem?: string;
  /** The avatar to serve, when the theme has a usable one. */
  readonly avatar?: PreparedAvatar;
  /** Why the theme's avatar file, although present, is not used. */
  readonly avatarProblem?: string;
  /** Where the avatar file is or would be, for log lines. */
  readonly avatarLocation: string;
}

/** Where Herald's own base theme lives: `assets/` beside `src/` and `dist/`. */
export const baseThemeFolder = join(__dirname, '..', 'assets');

/** Theme folders and packages kept, beyond those in use, before the oldest is forgotten. */
const maxCachedThemes = 256;

export const ThemeLibrary = Symbol.for('themes.ThemeLibrary');
/**
 * Reads themes from disk and remembers what it read, so that the directory validator (which
 * runs first, on every directory load) and the store share one read per change on disk.
 */
export interface ThemeLibrary {
  /** Reads the theme at `path` unless its signature on disk is unchanged since the last read. */
  load(path: string): Promise<LoadedTheme>;
  /** What the last `load` of `path` gave, without touching the disk. */
  peek(path: string): LoadedTheme | undefined;
  /** Herald's built-in base theme. @throws Error if the installation lacks its image. */
  loadBase(): Promise<LoadedTheme>;
}

@injectable()
export class ThemeLibraryImpl implements ThemeLibrary {
  private readonly cache = new Map<string, LoadedTheme>();
  private readonly loading = new Map<string, Promise<LoadedTheme>>();

  constructor(@inject(ThemesOptions) private readonly options: ThemesOptions) {}

  peek(path: string): LoadedTheme | undefined {
    return this.cache.get(path);
  }

  load(path: string): Promise<LoadedTheme> {
    let pending = this.loading.get(path);
    if (pending === undefined) {
      pending = this.loadFresh(path).finally(() => this.loading.delete(path));
      this.loading.set(path, pending);
    }
    return pending;
  }

  async loadBase(): Promise<LoadedTheme> {
    const location = join(baseThemeFolder, avatarFileName);
    const bytes = await readFile(location);
    const check = await prepareAvatarImage(bytes, this.imageOptions());
    if (!check.ok) throw new Error(`Herald's base avatar ${location} ${check.reason}; reinstall Herald`);
    return { path: baseThemeFolder, signature: 'built-in', avatar: check.avatar, avatarLocation: location };
  }

  private async loadFresh(path: string): Promise<LoadedTheme> {
    const signature = await themeSignature(path, [avatarFileName]);
    const cached = this.cache.get(path);
    if (cached?.signature === signature) return cached;
    const loaded = await loadTheme(path, signature, this.options.limits, this.imageOptions());
    this.cache.delete(path);
    setBounded(this.cache, path, loaded, maxCachedThemes);
    return loaded;
  }

  private imageOptions() {
    return { maxPixels: this.options.limits.maxImagePixels, ...(this.options.normaliseTo === undefined ? {} : { normaliseTo: this.options.normaliseTo }) };
  }
}

/** Reads one theme's avatar; never throws: every problem is described in the result. */
export async function loadTheme(
  path: string,
  signature: string,
  limits: ThemeLimits,
  image: { readonly maxPixels: number; readonly normaliseTo?: number },
): Promise<LoadedTheme> {
  let avatarLocation = path.endsWith('.zip') ? `${path} → ${avatarFileName}` : join(path, avatarFileName);
  try {
    const pkg = await readThemePackage(path, [avatarFileName], limits);
    avatarLocation = pkg.describe(avatarFileName);
    const problem = pkg.problems.get(avatarFileName);
    if (problem !== undefined) return { path, signature, avatarProblem: problem, avatarLocation };
    const bytes = pkg.files.get(avatarFileName);
    if (bytes === undefined) return { path, signature, avatarLocation };
    const check = await prepareAvatarImage(bytes, image);
    return check.ok ? { path, signature, avatar: check.avatar, avatarLocation } : { path, signature, avatarProblem: check.reason, avatarLocation };
  } catch (error) {
    const reason = error instanceof ThemePackageError ? error.message : `cannot be read (${messageOf(error)})`;
    return { path, signature, packageProblem: reason, avatarLocation };
  }
}
