import { inject, injectable, optional } from 'inversify';
import { presenceViewDigest, type PresenceView } from '../domain/presence-view';
import { CompactSet } from '../kernel/compact-set';
import { type Disposable } from '../kernel/disposable';
import { Logger } from '../kernel/logger';
import {
  type PresenceChange,
  type PresenceWatcher,
  type SubscriptionHub,
  type SubscriptionHubStats,
  SubscriptionLimitError,
} from './subscription-hub';

export const SubscriptionHubOptions = Symbol.for('core.SubscriptionHubOptions');
export interface SubscriptionHubOptions {
  /** Watchers the node holds across all protocols. */
  readonly maxWatchers: number;
  /** Watchers of one contact. */
  readonly maxWatchersPerPresentity: number;
}

export const defaultSubscriptionHubOptions: SubscriptionHubOptions = {
  maxWatchers: 200_000,
  maxWatchersPerPresentity: 20_000,
};

interface Entry {
  readonly watchers: CompactSet<PresenceWatcher>;
  digest: string;
}

/**
 * One watcher's hold on a presentity. A class rather than a closure: a node keeps one per
 * watched resource, and an object with three fields is a third the size of a closure and its
 * context.
 */
class Registration implements Disposable {
  constructor(
    private readonly table: WatchTable,
    private readonly presentity: string,
    private readonly entry: Entry,
    private readonly watcher: PresenceWatcher,
  ) {}

  /** Idempotent. */
  dispose(): void {
    const { table, presentity, entry } = this;
    if (!entry.watchers.delete(this.watcher)) return;
    table.watchers--;
    if (entry.watchers.size === 0 && table.entries.get(presentity) === entry) table.entries.delete(presentity);
  }
}

/** The hub's state, shared with its registrations. */
interface WatchTable {
  readonly entries: Map<string, Entry>;
  watchers: number;
}

@injectable()
export class SubscriptionHubImpl implements SubscriptionHub {
  private readonly table: WatchTable = { entries: new Map(), watchers: 0 };
  private readonly options: SubscriptionHubOptions;

  constructor(
    @inject(Logger) private readonly logger: Logger,
    @inject(SubscriptionHubOptions) @optional() options: SubscriptionHubOptions | undefined,
  ) {
    this.options = options ?? defaultSubscriptionHubOptions;
  }

  watch(presentity: string, watcher: PresenceWatcher, view: PresenceView | undefined): Disposable {
    if (this.table.watchers >= this.options.maxWatchers) throw new SubscriptionLimitError('total', this.options.maxWatchers);
    let entry = this.table.entries.get(presentity);
    if (entry === undefined) {
      entry = { watchers: new CompactSet(), digest: presenceViewDigest(view) };
      this.table.entries.set(presentity, entry);
    } else if (entry.watchers.size >= this.options.maxWatchersPerPresentity) {
      throw new SubscriptionLimitError('per-presentity', this.options.maxWatchersPerPresentity);
    }
    if (entry.watchers.add(watcher)) this.table.watchers++;
    return new Registration(this.table, presentity, entry, watcher);
  }

  presentities(): IterableIterator<string> {
    return this.table.entries.keys();
  }

  lastDigest(presentity: string): string | undefined {
    return this.table.entries.get(presentity)?.digest;
  }

  publish(change: PresenceChange): number {
    const entry = this.table.entries.get(change.presentity);
    if (entry === undefined) return 0;
    entry.digest = presenceViewDigest(change.view);
    let told = 0;
    for (const watcher of entry.watchers.toArray()) {
      try {
        watcher.presenceChanged(change);
        told++;
      } catch (error) {
        this.logger.error({ err: error, watcher: watcher.id, presentity: change.presentity }, 'a watcher failed to take a presence change');
      }
    }
    return told;
  }

  stats(): SubscriptionHubStats {
    return { watchers: this.table.watchers, presentities: this.table.entries.size };
  }
}
