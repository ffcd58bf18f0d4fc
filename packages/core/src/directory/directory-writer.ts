import { type ConfigIssue } from '../config/config-issue';
import { type DirectoryContent, type DirectorySnapshot } from './directory-snapshot';

/** Why a store refused a write; the management API maps each to one HTTP status. */
export type DirectoryWriteFailure =
  /** The store moved past `expectedVersion`: someone else wrote first (HTTP 409). */
  | 'conflict'
  /** The content failed validation, as a config file would (HTTP 400); see `issues`. */
  | 'invalid'
  /** The store cannot persist now, e.g. Redis is unreachable (HTTP 503). Nothing was written. */
  | 'unavailable'
  /** This store does not accept writes at all (HTTP 405). */
  | 'read-only';

/** A write the store refused. Nothing of it was persisted or served. */
export class DirectoryWriteError extends Error {
  constructor(
    readonly reason: DirectoryWriteFailure,
    message: string,
    /** For `invalid`: every problem found, located like config file errors. */
    readonly issues: readonly ConfigIssue[] = [],
    /** For `conflict`: the version the store holds now, so the writer can re-read and retry. */
    readonly currentVersion?: string,
  ) {
    super(message);
    this.name = 'DirectoryWriteError';
  }
}

/** One write: the whole next content, not a delta, so a store can apply it atomically. */
export interface DirectoryWrite {
  /**
   * The complete directory to serve next. A theme whose package is in `themePackages` may carry
   * any `path`: the store replaces it with where it keeps the package.
   */
  readonly content: DirectoryContent;
  /** New or replaced theme packages (ZIP bytes), by theme name. The store keeps them durably. */
  readonly themePackages?: ReadonlyMap<string, Uint8Array>;
  /** The `DirectorySnapshot.version` the writer based its change on (optimistic concurrency). */
  readonly expectedVersion: string;
  /** Who wrote (an API user, `herald import`), for logs and the audit trail. */
  readonly actor: string;
}

export const DirectoryWriter = Symbol.for('core.DirectoryWriter');
/**
 * The write side of a directory store, bound next to `Directory` by stores that accept writes
 * (the management API and `herald import --apply` use it). A store that binds it promises:
 * - the content is validated exactly like a loaded file (shape, references, every
 *   `DirectoryValidator`); a failure rejects with `invalid` and the issues;
 * - if the store's current version is not `expectedVersion`, it rejects with `conflict`, so two
 *   writers working from one version cannot both win;
 * - when the promise resolves the write is durable (it survives `kill -9` of the node the
 *   moment after), this node serves the returned snapshot, and `Directory.onDidChange` has
 *   fired; other nodes sharing the store follow on their own;
 * - a write that rejects leaves nothing behind: no torn file, no half-applied change.
 * Writes on one node are serialised by the store; callers need not queue them.
 */
export interface DirectoryWriter {
  write(write: DirectoryWrite): Promise<DirectorySnapshot>;
}
