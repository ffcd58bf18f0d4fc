import { type FSWatcher, unwatchFile, watch, watchFile } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { type Logger } from '@herald/core';
import { avatarFileName } from './theme-limits';

/** Polling interval when the file system cannot notify us (a missing folder, a failed watch). */
const pollIntervalMs = 2000;

/**
 * Calls `onChange` when something that may change a theme's avatar changes on disk: the avatar
 * file of a theme folder, or a theme ZIP. A theme folder is watched itself; a ZIP, or a path
 * that does not exist yet, through its parent folder, because tools replace files by renaming
 * and a watch on the old file would go quiet. Where no watch is possible the path is polled.
 * Callers debounce; events are hints, and the reader compares signatures.
 */
export class ThemeWatcher {
  private watches: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly onChange: () => void,
    private readonly logger: Logger,
  ) {}

  /**
   * Watches exactly `paths` from now on. Creates every watch anew (then drops the old ones), so a
   * theme folder that was deleted and created again is followed.
   */
  async update(paths: readonly string[]): Promise<void> {
    const next: (() => void)[] = [];
    for (const path of new Set(paths)) next.push(await this.watchTheme(path));
    const previous = this.watches;
    this.watches = next;
    for (const release of previous) release();
    if (this.closed) this.close();
  }

  close(): void {
    this.closed = true;
    for (const release of this.watches) release();
    this.watches = [];
  }

  private async watchTheme(path: string): Promise<() => void> {
    const kind = await kindOf(path);
    if (kind === 'folder') {
      const relevant = new Set([avatarFileName.toLowerCase(), basename(path).toLowerCase()]);
      return this.watchFolder(path, (name) => relevant.has(name.toLowerCase()), join(path, avatarFileName));
    }
    const parent = dirname(path);
    if ((await kindOf(parent)) === 'folder') return this.watchFolder(parent, (name) => name === basename(path), path);
    return this.poll(path);
  }

  private watchFolder(folder: string, relevant: (name: string) => boolean, pollTarget: string): () => void {
    let watcher: FSWatcher | undefined;
    let fallback: (() => void) | undefined;
    try {
      watcher = watch(folder, { persistent: false }, (_event, name) => {
        if (name === null || relevant(name)) this.onChange();
      });
      watcher.on('error', (error) => {
        this.logger.warn({ err: error, folder }, 'cannot watch a theme folder; polling instead');
        watcher?.close();
        watcher = undefined;
        fallback ??= this.poll(pollTarget);
        this.onChange();
      });
    } catch (error) {
      this.logger.warn({ err: error, folder }, 'cannot watch a theme folder; polling instead');
      return this.poll(pollTarget);
    }
    return () => {
      watcher?.close();
      fallback?.();
    };
  }

  private poll(path: string): () => void {
    const listener = () => this.onChange();
    watchFile(path, { persistent: false, interval: pollIntervalMs }, listener);
    return () => unwatchFile(path, listener);
  }
}

async function kindOf(path: string): Promise<'folder' | 'file' | 'absent'> {
  try {
    return (await stat(path)).isDirectory() ? 'folder' : 'file';
  } catch {
    return 'absent';
  }
}
