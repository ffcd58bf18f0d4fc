import { inject, injectable, optional } from 'inversify';
import { presenceViewDigest, type PresenceView } from '../domain/presence-view';
import { type Disposable, toDisposable } from '../kernel/disposable';
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
  readonly watchers: Set<PresenceWatcher>;
  digest: string;
}

@injectable()
export class SubscriptionHubImpl implements SubscriptionHub {
  private readonly entries = new Map<string, Entry>();
  private watcherCount = 0;
  private readonly options: SubscriptionHubOptions;

  constructor(
    @inject(Logger) private readonly logger: Logger,
    @inject(SubscriptionHubOptions) @optional() options: SubscriptionHubOptions | undefined,
  ) {
    this.options = options ?? defaultSubscriptionHubOptions;
  }

  watch(presentity: string, watcher: PresenceWatcher, view: PresenceView | undefined): Disposable {
    if (this.watcherCount >= this.options.maxWatchers) throw new SubscriptionLimitError('total', this.options.maxWatchers);
    let entry = this.entries.get(presentity);
    if (entry === undefined) {
      entry = { watchers: new Set(), digest: presenceViewDigest(view) };
      this.entries.set(presentity, entry);
    } else if (entry.watchers.size >= this.options.maxWatchersPerPresentity) {
      throw new SubscriptionLimitError('per-presentity', this.options.maxWatchersPerPresentity);
    }
    if (!entry.watchers.has(watcher)) {
      entry.watchers.add(watcher);
      this.watcherCount++;
    }
    const registered = entry;
    return toDisposable(() => {
      if (!registered.watchers.delete(watcher)) return;
      this.watcherCount--;
      if (registered.watchers.size === 0 && this.entries.get(presentity) === registered) this.entries.delete(presentity);
    });
  }

  presentities(): IterableIterator<string> {
    return this.entries.keys();
  }

  lastDigest(presentity: string): string | undefined {
    return this.entries.get(presentity)?.digest;
  }

  publish(change: PresenceChange): number {
    const entry = this.entries.get(change.presentity);
    if (entry === undefined) return 0;
    entry.digest = presenceViewDigest(change.view);
    let told = 0;
    for (const watcher of [...entry.watchers]) {
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
    return { watchers: this.watcherCount, presentities: this.entries.size };
  }
}
