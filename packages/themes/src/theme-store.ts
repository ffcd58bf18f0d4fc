import {
  type AvatarChange,
  type AvatarImage,
  type AvatarRef,
  type AvatarRequest,
  type AvatarSource,
  Clock,
  Directory,
  type DirectorySnapshot,
  type Disposable,
  DisposableCollection,
  Emitter,
  inject,
  injectable,
  type LifecycleContribution,
  Logger,
} from '@herald/core';
import { chooseAvatar } from './avatar-chain';
import { type PreparedAvatar } from './avatar-image';
import { type LoadedTheme, ThemeLibrary } from './theme-library';
import { type ThemeFinding, reportTheme } from './theme-report';
import { ThemeWatcher } from './theme-watcher';
import { avatarUrl, ThemesOptions } from './themes-options';

/** Answers kept per directory snapshot; requests name at most a few themes each. */
const maxMemoEntries = 1024;

export const ThemeStore = Symbol.for('themes.ThemeStore');
/** The node's themes: the avatar each contact gets, and the bytes behind each avatar URL. */
export interface ThemeStore extends AvatarSource {
  /** The JPEG served under `hash`, if this node serves one: a theme's avatar or the built-in one. */
  avatarByHash(hash: string): PreparedAvatar | undefined;
  /** The same bytes as `avatarByHash`, through the core's `AvatarSource` port; always implemented here. */
  avatarImage(hash: string): AvatarImage | undefined;
  /** Refused packages and files and accepted-but-poor images among the themes in use now. */
  findings(): readonly ThemeFinding[];
}

/**
 * Keeps every theme of the directory read and its avatar prepared, in memory, so `avatarFor`
 * never touches the disk. Re-reads a theme when its folder or package changes on disk, and
 * follows the directory's theme definitions; announces through `onDidChange` whenever the
 * bytes some theme supplies changed, so the core re-resolves watched contacts and notifies
 * exactly those whose avatar changed.
 */
@injectable()
export class ThemeStoreImpl implements ThemeStore, LifecycleContribution {
  readonly id = 'themes';
  private base: LoadedTheme | undefined;
  /** The themes in use, by path. */
  private themes = new Map<string, LoadedTheme>();
  private byHash = new Map<string, PreparedAvatar>();
  private memo = new Map<string, AvatarRef>();
  private memoFor: DirectorySnapshot | undefined;
  /** The snapshot whose themes are in use, to name the themes of a path that went away. */
  private installedFor: DirectorySnapshot | undefined;
  private readonly changes: Emitter<AvatarChange>;
  readonly onDidChange;
  private readonly listeners = new DisposableCollection();
  private readonly logger: Logger;
  private watcher: ThemeWatcher | undefined;
  private debounce: Disposable | undefined;
  private refreshing: Promise<void> | undefined;
  private refreshAgain = false;
  private stopped = false;

  constructor(
    @inject(Directory) private readonly directory: Directory,
    @inject(ThemeLibrary) private readonly library: ThemeLibrary,
    @inject(ThemesOptions) private readonly options: ThemesOptions,
    @inject(Clock) private readonly clock: Clock,
    @inject(Logger) logger: Logger,
  ) {
    this.logger = logger.child({ component: this.id });
    this.changes = new Emitter<AvatarChange>((error) => this.logger.error({ err: error }, 'an avatar listener failed'));
    this.onDidChange = this.changes.event;
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.base = await this.library.loadBase();
    const snapshot = this.directory.current();
    const loaded = await Promise.all(pathsOf(snapshot).map((path) => this.library.load(path)));
    this.install(snapshot, loaded);
    this.listeners.push(this.directory.onDidChange(({ current }) => this.directoryChanged(current)));
    if (this.options.watch) {
      this.watcher = new ThemeWatcher(() => this.scheduleRefresh(this.options.debounceMs), this.logger);
      await this.watcher.update(pathsOf(snapshot));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.listeners.dispose();
    this.debounce?.dispose();
    this.debounce = undefined;
    this.watcher?.close();
    await this.refreshing;
    this.watcher?.close();
    this.watcher = undefined;
    this.changes.dispose();
  }

  avatarFor(request: AvatarRequest, trace?: string[]): AvatarRef | undefined {
    const base = this.base?.avatar;
    if (base === undefined) {
      trace?.push('avatar: the themes are not loaded yet');
      return undefined;
    }
    const snapshot = this.directory.current();
    if (snapshot !== this.memoFor || this.memo.size >= maxMemoEntries) {
      this.memo.clear();
      this.memoFor = snapshot;
    }
    const key = `${request.purpose}\u0000${request.theme ?? ''}`;
    let ref = this.memo.get(key);
    if (ref === undefined) {
      const choice = chooseAvatar(request, snapshot, this.options.gatewayTheme, (path) => this.themes.get(path), base);
      ref = { url: avatarUrl(this.options.publicBaseUrl, choice.avatar.hash), hash: choice.avatar.hash, themeChain: choice.chain };
      this.memo.set(key, ref);
    }
    trace?.push(`avatar: ${ref.themeChain.join(' → ')} (hash ${ref.hash})`);
    return ref;
  }

  avatarByHash(hash: string): PreparedAvatar | undefined {
    return this.byHash.get(hash);
  }

  avatarImage(hash: string): AvatarImage | undefined {
    const avatar = this.byHash.get(hash);
    return avatar === undefined ? undefined : { bytes: avatar.bytes, contentType: 'image/jpeg' };
  }

  findings(): readonly ThemeFinding[] {
    const snapshot = this.directory.current();
    return snapshot.themes.flatMap((theme) => {
      const loaded = this.themes.get(theme.path);
      return loaded === undefined ? [] : reportTheme(theme.name, loaded).filter((f) => f.severity !== 'info');
    });
  }

  /** The directory changed: use what the validator already read, and read the rest. */
  private directoryChanged(current: DirectorySnapshot): void {
    const paths = pathsOf(current);
    const known = paths.map((path) => this.themes.get(path) ?? this.library.peek(path)).filter((t): t is LoadedTheme => t !== undefined);
    this.install(current, known);
    void this.watcher?.update(paths);
    this.scheduleRefresh(0);
  }

  private scheduleRefresh(delayMs: number): void {
    if (this.stopped) return;
    this.debounce?.dispose();
    this.debounce = this.clock.setTimer(delayMs, () => {
      this.debounce = undefined;
      this.refresh();
    });
  }

  /** Re-reads every theme in use whose signature changed; serialised, like directory reloads. */
  private refresh(): void {
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }
    this.refreshing = this.refreshOnce()
      .catch((error: unknown) => this.logger.error({ err: error }, 'reading the themes failed; the avatars served are unchanged'))
      .finally(() => {
        this.refreshing = undefined;
        if (this.refreshAgain && !this.stopped) {
          this.refreshAgain = false;
          this.refresh();
        }
      });
  }

  private async refreshOnce(): Promise<void> {
    const snapshot = this.directory.current();
    const loaded = await Promise.all(pathsOf(snapshot).map((path) => this.library.load(path)));
    if (this.stopped || snapshot !== this.directory.current()) {
      if (!this.stopped) this.refreshAgain = true;
      return;
    }
    this.install(snapshot, loaded);
    await this.watcher?.update(pathsOf(snapshot));
  }

  /** Makes `loaded` the themes in use, logs what is new, and announces changed avatars. */
  private install(snapshot: DirectorySnapshot, loaded: readonly LoadedTheme[]): void {
    const previous = this.themes;
    const next = new Map(loaded.map((theme) => [theme.path, theme]));
    for (const theme of loaded) if (previous.get(theme.path) !== theme) this.log(snapshot, theme);
    this.themes = next;
    const byHash = new Map<string, PreparedAvatar>();
    if (this.base?.avatar) byHash.set(this.base.avatar.hash, this.base.avatar);
    for (const theme of next.values()) if (theme.avatar) byHash.set(theme.avatar.hash, theme.avatar);
    this.byHash = byHash;
    this.memo.clear();
    this.memoFor = undefined;

    const before = this.installedFor;
    this.installedFor = snapshot;
    const changed = new Set<string>();
    for (const path of new Set([...previous.keys(), ...next.keys()])) {
      if (previous.get(path)?.avatar?.hash !== next.get(path)?.avatar?.hash || previous.has(path) !== next.has(path)) {
        for (const name of [...namesAt(snapshot, path), ...(before ? namesAt(before, path) : [])]) changed.add(name);
      }
    }
    // The first install only fills the store; nobody can have seen another avatar yet.
    if (changed.size > 0 && before !== undefined) {
      this.logger.info({ themes: [...changed] }, 'avatars changed');
      this.changes.fire({ themes: [...changed] });
    }
  }

  private log(snapshot: DirectorySnapshot, theme: LoadedTheme): void {
    for (const name of namesAt(snapshot, theme.path)) {
      for (const finding of reportTheme(name, theme)) {
        const fields = { theme: finding.theme, file: finding.file };
        if (finding.severity === 'error') this.logger.error(fields, finding.message);
        else if (finding.severity === 'warning') this.logger.warn(fields, finding.message);
        else this.logger.info(fields, finding.message);
      }
    }
  }
}

function pathsOf(snapshot: DirectorySnapshot): string[] {
  return [...new Set(snapshot.themes.map((theme) => theme.path))];
}

function namesAt(snapshot: DirectorySnapshot, path: string): string[] {
  return snapshot.themes.filter((theme) => theme.path === path).map((theme) => theme.name);
}
