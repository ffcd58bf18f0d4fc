import { injectable } from 'inversify';
import { Emitter } from '../kernel/emitter';
import { type Directory, type DirectoryChange } from './directory';
import { type DirectoryContent, DirectorySnapshot } from './directory-snapshot';

/**
 * A directory held in memory and replaced by its owner: for products that embed Herald and
 * keep their rooms elsewhere, and for tests. Not persisted.
 */
@injectable()
export class InMemoryDirectory implements Directory {
  private snapshot = DirectorySnapshot.empty;
  private revision = 0;
  private readonly changes = new Emitter<DirectoryChange>();
  readonly onDidChange = this.changes.event;

  current(): DirectorySnapshot {
    return this.snapshot;
  }

  /**
   * Replaces the content and tells listeners. Content is trusted: validate operator input with
   * `parseDirectoryDocument` first.
   * @throws Error if two services share an alias.
   */
  replace(content: DirectoryContent, origin = 'memory'): DirectorySnapshot {
    const previous = this.snapshot;
    this.revision++;
    this.snapshot = new DirectorySnapshot(content, { version: String(this.revision), origin });
    this.changes.fire({ previous, current: this.snapshot });
    return this.snapshot;
  }
}
