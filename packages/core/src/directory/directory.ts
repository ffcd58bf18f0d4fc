import { type Event } from '../kernel/emitter';
import { type ConfigIssue } from '../config/config-issue';
import { type DirectoryContent, type DirectorySnapshot } from './directory-snapshot';

/** A directory replaced its snapshot. */
export interface DirectoryChange {
  readonly previous: DirectorySnapshot;
  readonly current: DirectorySnapshot;
}

export const Directory = Symbol.for('core.Directory');
/**
 * Where services, aliases, routing rules and themes live (a YAML file, Redis, a plugin's store).
 * Reads never touch the network or disk: the store keeps the whole snapshot in memory.
 */
export interface Directory {
  /**
   * The snapshot now served; `DirectorySnapshot.empty` until the store has loaded. Callers that
   * need consistent answers take it once per request instead of calling again.
   */
  current(): DirectorySnapshot;
  /** Fires after the snapshot was replaced, once per replacement, with both versions. */
  readonly onDidChange: Event<DirectoryChange>;
}

export const DirectoryValidator = Symbol.for('core.DirectoryValidator');
/**
 * A check that directory content must pass before a store accepts it, beyond its shape: the
 * rule engine compiles the regexes, the theme store checks theme packages. Stores run every
 * validator on every load and every write, so a file edit and an API write are judged alike.
 * Called off the lookup path; may block (e.g. read a theme package). A throw counts as an error
 * issue naming the validator.
 */
export interface DirectoryValidator {
  readonly id: string;
  validate(content: DirectoryContent): readonly ConfigIssue[] | Promise<readonly ConfigIssue[]>;
}
