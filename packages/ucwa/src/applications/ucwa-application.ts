import { type Clock, type Logger, type PresenceChange, type PresenceWatcher, type SubscriptionHub, SubscriptionLimitError } from '@herald/core';
import { type UcwaPrincipal } from '../auth/ucwa-token-verifier';
import { type EventRead, EventRing, type UcwaEvent } from '../events/event-ring';
import { UcwaError } from '../resources/ucwa-error';
import { UcwaLinks } from '../resources/ucwa-links';
import { type UcwaLimits } from '../ucwa-options';
import { ContactWatches, type WatchedMember } from './contact-watches';
import { PresenceSubscription } from './presence-subscription';


/** How a pending GET ends. */
export type ChannelAnswer =
  /** Events, nothing (timeout), or a resync, for the request that asked with `ack`. */
  | { readonly kind: 'read'; readonly ack: number; readonly read: EventRead }
  /** A newer pending GET of the same application took its place (409 PGetReplaced). */
  | { readonly kind: 'replaced' }
  /** The application was deleted or expired (404 ApplicationNotFound). */
  | { readonly kind: 'gone' }
  /** The node is stopping: an empty answer that closes the connection. */
  | { readonly kind: 'closing'; readonly ack: number };

/** A held event-channel request; the HTTP layer writes the answer it is given, exactly once. */
export interface PendingGet {
  answer(answer: ChannelAnswer): void;
}

/** What an application needs from the node; shared by all applications. */
export interface ApplicationContext {
  readonly hub: SubscriptionHub;
  readonly clock: Clock;
  readonly limits: UcwaLimits;
  readonly logger: Logger;
  /** Counts events dropped from a full buffer, for metrics. */
  eventsDropped(count: number): void;
}

interface Held {
  readonly get: PendingGet;
  readonly ack: number;
  readonly deadline: number;
}

/**
 * One UCWA application: a client's session. It owns its presence subscriptions, watches their
 * members through the core's `SubscriptionHub` (one watch per contact, however many of its
 * subscriptions name it), turns presence changes into events in a bounded buffer, and holds
 * at most one pending GET. It sets no timers: the registry's sweep calls `sweep`.
 */
export class UcwaApplication implements PresenceWatcher {
  readonly id: string;
  /** The hrefs of its resources. */
  readonly links: UcwaLinks;
  private readonly ring: EventRing;
  private readonly subscriptionsById = new Map<string, PresenceSubscription>();
  private readonly members: ContactWatches;
  private nextSubscription = 1;
  private held: Held | undefined;
  private flushQueued = false;
  private closed = false;
  private lastActivity: number;

  constructor(
    readonly appId: string,
    readonly owner: UcwaPrincipal,
    readonly details: { readonly userAgent: string; readonly endpointId: string; readonly culture: string },
    private readonly context: ApplicationContext,
  ) {
    this.id = `ucwa:${appId}`;
    this.links = new UcwaLinks(appId);
    this.ring = new EventRing(context.limits.maxEventsPerApplication);
    this.members = new ContactWatches(context.hub, this);
    this.lastActivity = context.clock.monotonic();
  }

  /** Marks the application as in use, postponing its idle expiry. */
  touch(): void {
    this.lastActivity = this.context.clock.monotonic();
  }

  /** The ack a client starts its event channel with. */
  get eventsHead(): number {
    return this.ring.head;
  }

  get holdsPendingGet(): boolean {
    return this.held !== undefined;
  }

  /**
   * The event channel: answers `get` at once when there are events after `ack` (or `ack` is
   * outside the window: resync); otherwise holds it until an event arrives or `timeoutMs` pass.
   * A pending GET already held is answered `replaced`.
   */
  poll(ack: number, timeoutMs: number, get: PendingGet): void {
    if (this.closed) return get.answer({ kind: 'gone' });
    this.touch();
    const previous = this.held;
    this.held = undefined;
    previous?.get.answer({ kind: 'replaced' });
    if (this.ring.hasNews(ack)) return get.answer({ kind: 'read', ack, read: this.ring.read(ack) });
    this.held = { get, ack, deadline: this.context.clock.monotonic() + timeoutMs };
  }

  /** The client went away: forget its pending GET, if it is still the one held. */
  cancel(get: PendingGet): void {
    if (this.held?.get !== get) return;
    this.held = undefined;
    this.touch();
  }

  subscriptions(): IterableIterator<PresenceSubscription> {
    return this.subscriptionsById.values();
  }

  subscription(id: string): PresenceSubscription | undefined {
    return this.subscriptionsById.get(id);
  }

  /**
   * Creates a subscription to `members` (already resolved). Announces it, and the presence of
   * each member that has presence, on the event channel, as UCWA does.
   * @throws UcwaError when the application's or the node's limits are reached.
   */
  subscribe(minutes: number, members: readonly WatchedMember[]): PresenceSubscription {
    const { limits } = this.context;
    if (this.subscriptionsById.size >= limits.maxSubscriptionsPerApplication) {
      throw new UcwaError(
        'Forbidden',
        'TooManySubscriptions',
        `This application already has ${limits.maxSubscriptionsPerApplication} presence subscriptions, its maximum: add to one of them, or delete one first.`,
      );
    }
    const subscription = new PresenceSubscription(String(this.nextSubscription++), minutes, this.context.clock.monotonic());
    this.addTo(subscription, members);
    this.subscriptionsById.set(subscription.id, subscription);
    this.push([{ rel: 'presenceSubscription', target: subscription.id, type: 'added' }]);
    return subscription;
  }

  /**
   * Adds members to a subscription; those it already has are left as they are.
   * @throws UcwaError when the subscription would exceed its limit or the node is full.
   */
  addMembers(subscription: PresenceSubscription, members: readonly WatchedMember[]): void {
    this.addTo(subscription, members);
  }

  /** Starts a subscription's duration again from now, with a new length if given. */
  extend(subscription: PresenceSubscription, minutes?: number): void {
    subscription.extend(this.context.clock.monotonic(), minutes);
  }

  removeMember(subscription: PresenceSubscription, presentity: string): boolean {
    if (!subscription.members.delete(presentity)) return false;
    this.members.release(presentity);
    return true;
  }

  unsubscribe(subscription: PresenceSubscription): void {
    if (this.subscriptionsById.get(subscription.id) !== subscription) return;
    this.subscriptionsById.delete(subscription.id);
    for (const presentity of subscription.members) this.members.release(presentity);
    subscription.members.clear();
  }

  /** Called by the hub when a watched contact's view changed. */
  presenceChanged(change: PresenceChange): void {
    if (!this.closed) this.push(this.members.changed(change));
  }

  /**
   * The registry's periodic work: ends a pending GET whose timeout passed, warns of and ends
   * expiring subscriptions. Returns true when the application has been idle for longer than
   * allowed and should be deleted.
   */
  sweep(now: number): boolean {
    if (this.held !== undefined && this.held.deadline <= now) {
      const { get, ack } = this.held;
      this.held = undefined;
      this.lastActivity = now;
      get.answer({ kind: 'read', ack, read: this.ring.read(ack) });
    }
    if (this.subscriptionsById.size > 0) {
      const events: UcwaEvent[] = [];
      // Deleting the entry being visited is safe while iterating a Map.
      for (const subscription of this.subscriptionsById.values()) {
        if (subscription.expiresAt <= now) {
          this.unsubscribe(subscription);
          events.push({ rel: 'presenceSubscription', target: subscription.id, type: 'deleted' });
        } else if (subscription.shouldWarn(now)) {
          events.push({ rel: 'presenceSubscription', target: subscription.id, type: 'updated' });
        }
      }
      this.push(events);
    }
    return this.held === undefined && now - this.lastActivity >= this.context.limits.applicationIdleMs;
  }

  /** Answers the pending GET, if any, with an empty answer that closes its connection. */
  releaseChannel(): void {
    const held = this.held;
    this.held = undefined;
    held?.get.answer({ kind: 'closing', ack: held.ack });
  }

  /** Ends the application: answers its pending GET, drops every watch. Idempotent. */
  close(reason: 'gone' | 'closing'): void {
    if (this.closed) return;
    this.closed = true;
    const held = this.held;
    this.held = undefined;
    held?.get.answer(reason === 'gone' ? { kind: 'gone' } : { kind: 'closing', ack: held.ack });
    this.members.dispose();
    this.subscriptionsById.clear();
  }

  private addTo(subscription: PresenceSubscription, members: readonly WatchedMember[]): void {
    const fresh: WatchedMember[] = [];
    const seen = new Set<string>();
    for (const m of members) {
      if (subscription.members.has(m.presentity) || seen.has(m.presentity)) continue;
      seen.add(m.presentity);
      fresh.push(m);
    }
    const max = this.context.limits.maxMembersPerSubscription;
    if (subscription.members.size + fresh.length > max) {
      throw new UcwaError(
        'Forbidden',
        'TooManyMembers',
        `A presence subscription holds at most ${max} contacts; this one has ${subscription.members.size} and the request adds ${fresh.length} more. Use another subscription.`,
      );
    }
    const added: string[] = [];
    try {
      for (const m of fresh) {
        this.members.retain(m);
        subscription.members.add(m.presentity);
        added.push(m.presentity);
      }
    } catch (error) {
      for (const presentity of added) this.removeMember(subscription, presentity);
      if (error instanceof SubscriptionLimitError) {
        throw new UcwaError('ServiceUnavailable', 'TooManySubscriptions', `This node cannot watch more contacts now: ${error.message}. Try again later.`, { 'retry-after': '60' });
      }
      throw error;
    }
    this.push(fresh.filter((m) => m.view !== undefined).map((m) => ({ rel: 'contactPresence', target: m.presentity, type: 'updated' })));
  }

  private push(events: readonly UcwaEvent[]): void {
    if (events.length === 0 || this.closed) return;
    let dropped = 0;
    for (const event of events) if (this.ring.push(event)) dropped++;
    if (dropped > 0) this.context.eventsDropped(dropped);
    if (this.held !== undefined && !this.flushQueued) {
      // Answer after the current burst (a directory reload publishes many changes in one go),
      // so that one answer carries them all.
      this.flushQueued = true;
      queueMicrotask(() => this.flush());
    }
  }

  private flush(): void {
    this.flushQueued = false;
    const held = this.held;
    if (held === undefined || !this.ring.hasNews(held.ack)) return;
    this.held = undefined;
    this.touch();
    held.get.answer({ kind: 'read', ack: held.ack, read: this.ring.read(held.ack) });
  }
}
