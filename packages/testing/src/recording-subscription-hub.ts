import {
  type Disposable,
  type PresenceChange,
  type PresenceView,
  type PresenceWatcher,
  SilentLogger,
  type SubscriptionHub,
  SubscriptionHubImpl,
  type SubscriptionHubStats,
} from '@herald/core';

/** The core hub, plus a record of every `watch` and `publish` call for assertions. */
export class RecordingSubscriptionHub implements SubscriptionHub {
  private readonly hub = new SubscriptionHubImpl(new SilentLogger(), undefined);
  readonly watched: { presentity: string; watcher: string }[] = [];
  readonly published: PresenceChange[] = [];

  watch(presentity: string, watcher: PresenceWatcher, view: PresenceView | undefined): Disposable {
    this.watched.push({ presentity, watcher: watcher.id });
    return this.hub.watch(presentity, watcher, view);
  }
  presentities(): IterableIterator<string> {
    return this.hub.presentities();
  }
  lastDigest(presentity: string): string | undefined {
    return this.hub.lastDigest(presentity);
  }
  publish(change: PresenceChange): number {
    this.published.push(change);
    return this.hub.publish(change);
  }
  stats(): SubscriptionHubStats {
    return this.hub.stats();
  }
}
