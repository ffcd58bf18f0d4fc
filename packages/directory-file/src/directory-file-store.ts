import { type FSWatcher, watch, watchFile, unwatchFile } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { inject, injectable } from 'inversify';
import {
  Clock,
  ConfigError,
  DirectoryWriteError,
  type Directory,
  type DirectoryChange,
  type DirectoryWrite,
  type DirectoryWriter,
  DirectorySnapshot,
  DirectoryValidation,
  type Disposable,
  Emitter,
  type LifecycleContribution,
  Logger,
} from '@herald/core';
import { contentDigest, loadDirectoryText } from './load-directory-file';
import { type FileWriteContext, writeDirectoryFile } from './directory-file-write';
import { ThemePackageFolder } from './theme-packages';
import { YamlSource } from './yaml-source';

export const DirectoryFileOptions = Symbol.for('directory-file.DirectoryFileOptions');
export interface DirectoryFileOptions {
  /** The YAML file holding the directory sections. */
  readonly path: string;
  /** Reload when the file changes on disk. Default true. */
  readonly watch?: boolean;
  /** Quiet time after the last change before reloading, in ms. Default 250. */
  readonly debounceMs?: number;
  /** Where theme packages uploaded through the writer are kept. Default: `theme-packages` beside the file. */
  readonly themePackagesDir?: string;
}

/** Polling interval when the file system cannot notify us (e.g. the folder was replaced). */
const pollIntervalMs = 2000;

/**
 * The embedded default store: the directory sections of a YAML file, kept in memory and
 * reloaded when the file changes. A file that fails validation at start stops the node with the
 * precise errors; a bad edit later is logged with the same precision and the last good snapshot
 * keeps serving.
 *
 * Writes (the management API, `herald import --apply`) rewrite the directory sections of the
 * same file, keeping its comments and its other sections, and replace it atomically; reloads
 * and writes take turns, so a write never races a reload of an older file.
 */
@injectable()
export class DirectoryFileStore implements Directory, DirectoryWriter, LifecycleContribution {
  readonly id = 'directory-file';
  private snapshot = DirectorySnapshot.empty;
  private digest: string | undefined;
  private readonly changes: Emitter<DirectoryChange>;
  readonly onDidChange;
  private readonly file: string;
  private readonly logger: Logger;
  private watcher: FSWatcher | undefined;
  private polling = false;
  private debounce: Disposable | undefined;
  private reloading: Promise<void> | undefined;
  private reloadAgain = false;
  private stopped = false;
  private started = false;
  /** Reloads and writes, one at a time. */
  private turn: Promise<unknown> = Promise.resolve();
  private readonly packages: ThemePackageFolder;

  constructor(
    @inject(DirectoryFileOptions) private readonly options: DirectoryFileOptions,
    @inject(DirectoryValidation) private readonly validation: DirectoryValidation,
    @inject(Clock) private readonly clock: Clock,
    @inject(Logger) logger: Logger,
  ) {
    this.file = resolve(options.path);
    this.logger = logger.child({ component: this.id, file: options.path });
    this.changes = new Emitter<DirectoryChange>((error) => this.logger.error({ err: error }, 'a directory listener failed'));
    this.onDidChange = this.changes.event;
    this.packages = new ThemePackageFolder(resolve(options.themePackagesDir ?? join(dirname(this.file), 'theme-packages')));
  }

  current(): DirectorySnapshot {
    return this.snapshot;
  }

  async start(): Promise<void> {
    this.stopped = false;
    const { source, text } = await YamlSource.read(this.options.path);
    const loaded = await loadDirectoryText(source, text, this.file, this.validation);
    this.install(loaded.snapshot, loaded.digest, 'loaded');
    for (const warning of loaded.warnings) this.logger.warn({ location: warning.location }, warning.message);
    this.started = true;
    if (this.options.watch !== false) this.watch();
  }

  /**
   * Rewrites the file's directory sections with `write.content` (see `DirectoryWriter`). The
   * version is the digest of the file's bytes, so a hand edit since the writer read the
   * directory is a conflict as much as another API write is.
   */
  write(write: DirectoryWrite): Promise<DirectorySnapshot> {
    return this.inTurn(async () => {
      if (!this.started || this.stopped) throw new DirectoryWriteError('unavailable', 'the directory store is not running');
      const context: FileWriteContext = {
        file: this.file,
        name: this.options.path,
        packages: this.packages,
        validation: this.validation,
        served: () => ({ snapshot: this.snapshot, digest: this.digest }),
        catchUp: (snapshot, digest) => this.install(snapshot, digest, 'reloaded'),
      };
      const written = await writeDirectoryFile(context, write);
      this.install(written.snapshot, written.digest, `written by ${write.actor}`);
      for (const warning of written.warnings) this.logger.warn({ location: warning.location }, warning.message);
      await this.packages.prune(new Set(written.snapshot.themes.map((t) => t.path))).catch(() => undefined);
      return written.snapshot;
    });
  }

  /** Runs `task` after every reload or write queued before it. */
  private inTurn<T>(task: () => Promise<T>): Promise<T> {
    const result = this.turn.then(task, task);
    this.turn = result.catch(() => undefined);
    return result;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.started = false;
    this.debounce?.dispose();
    this.debounce = undefined;
    this.watcher?.close();
    this.watcher = undefined;
    if (this.polling) unwatchFile(this.file);
    this.polling = false;
    await this.reloading;
    await this.turn;
    this.changes.dispose();
  }

  private watch(): void {
    try {
      // Watch the folder, not the file: editors and config managers replace files by renaming,
      // which ends a watch on the old inode. Any event leads to a debounced re-read, and the
      // content digest decides whether anything changed.
      const name = basename(this.file);
      this.watcher = watch(dirname(this.file), { persistent: false }, (_event, changed) => {
        if (changed === null || changed === name || !changed.startsWith('.')) this.scheduleReload();
      });
      this.watcher.on('error', (error) => {
        this.logger.warn({ err: error }, 'cannot watch the directory file; polling it instead');
        this.watcher?.close();
        this.watcher = undefined;
        this.poll();
      });
    } catch (error) {
      this.logger.warn({ err: error }, 'cannot watch the directory file; polling it instead');
      this.poll();
    }
  }

  private poll(): void {
    if (this.polling || this.stopped) return;
    this.polling = true;
    watchFile(this.file, { persistent: false, interval: pollIntervalMs }, () => this.scheduleReload());
  }

  private scheduleReload(): void {
    if (this.stopped) return;
    this.debounce?.dispose();
    this.debounce = this.clock.setTimer(this.options.debounceMs ?? 250, () => {
      this.debounce = undefined;
      this.reload();
    });
  }

  /** Re-reads the file; serialised, so a change during a reload causes one more reload. */
  private reload(): void {
    if (this.reloading) {
      this.reloadAgain = true;
      return;
    }
    this.reloading = this.inTurn(() => this.reloadOnce()).finally(() => {
      this.reloading = undefined;
      if (this.reloadAgain && !this.stopped) {
        this.reloadAgain = false;
        this.reload();
      }
    });
  }

  private async reloadOnce(): Promise<void> {
    const started = this.clock.monotonic();
    try {
      const { source, text } = await YamlSource.read(this.options.path);
      if (contentDigest(text) === this.digest || this.stopped) return;
      const loaded = await loadDirectoryText(source, text, this.file, this.validation);
      if (this.stopped) return;
      this.install(loaded.snapshot, loaded.digest, 'reloaded', this.clock.monotonic() - started);
      for (const warning of loaded.warnings) this.logger.warn({ location: warning.location }, warning.message);
    } catch (error) {
      const details = error instanceof ConfigError ? error.message : String(error);
      this.logger.error({ servingVersion: this.snapshot.version }, `directory file rejected; still serving version ${this.snapshot.version}\n${details}`);
    }
  }

  private install(snapshot: DirectorySnapshot, digest: string, verb: string, elapsedMs?: number): void {
    const previous = this.snapshot;
    this.snapshot = snapshot;
    this.digest = digest;
    this.logger.info(
      {
        version: snapshot.version,
        services: snapshot.services.length,
        aliases: [...snapshot.aliasKeys()].length,
        rules: snapshot.rules.length,
        themes: snapshot.themes.length,
        ...(elapsedMs === undefined ? {} : { ms: Math.round(elapsedMs) }),
      },
      `directory ${verb}`,
    );
    this.changes.fire({ previous, current: snapshot });
  }
}
