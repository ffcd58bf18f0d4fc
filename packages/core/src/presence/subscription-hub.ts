import { type PresenceResolution, type PresenceView } from '../domain/presence-view';
import { type Disposable } from '../kernel/disposable';

/** A contact's view changed (or it lost or gained presence). */
export interface PresenceChange {
  readonly presentity: string;
  /** The new view; undefined when the contact no longer has presence. */
  readonly view: PresenceView | undefined;
  readonly resolution: PresenceResolution;
}

/** One subscriber to one presentity, from any protocol. */
export interface PresenceWatcher {
  /** Identifies the watcher in logs, e.g. a SIP dialog id. */
  readonly id: string;
  /**
   * Called when the presentity's view changed. Must not block or throw: adapters queue their
   * own network work. A throw is logged and does not affect other watchers.
   */
  presenceChanged(change: PresenceChange): void;
}

/** The hub is full; the adapter should refuse the subscription (e.g. SIP 503). */
export class SubscriptionLimitError extends Error {
  constructor(
    readonly limit: 'total' | 'per-presentity',
    readonly max: number,
  ) {
    super(limit === 'total' ? `the node already holds its maximum of ${max} watchers` : `this contact already has its maximum of ${max} watchers`);
    this.name = 'SubscriptionLimitError';
  }
}

export interface SubscriptionHubStats {
  readonly watchers: number;
  readonly presentities: number;
}

export const SubscriptionHub = Symbol.for('core.SubscriptionHub');
/**
 * A protocol-agnostic registry of watchers keyed by presentity. The core tells it which views
 * changed; it tells only those presentities' watchers.
 */
export interface SubscriptionHub {
  /**
   * Registers a watcher of `presentity`, which was just sent `view`. Disposing the handle
   * unregisters it.
   * @throws SubscriptionLimitError when the configured caps are reached.
   */
  watch(presentity: string, watcher: PresenceWatcher, view: PresenceView | undefined): Disposable;
  /** Presentities with at least one watcher. */
  presentities(): IterableIterator<string>;
  /** Digest (see `presenceViewDigest`) of the view last sent to `presentity`'s watchers. */
  lastDigest(presentity: string): string | undefined;
  /**
   * Delivers a change to the presentity's watchers and remembers it as their current view.
   * Returns how many watchers were told (0 if none watch it).
   */
  publish(change: PresenceChange): number;
  stats(): SubscriptionHubStats;
}
