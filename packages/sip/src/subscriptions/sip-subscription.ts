import { type Disposable, type PresenceChange, type PresenceView, type PresenceWatcher } from '@herald/core';
import { type SubscriptionDialog } from '@herald/sip-stack';
import { type PresenceFormat } from '../documents/presence-format';
import { type SubscribePlan } from '../request/subscribe-plan';

/** How a subscription ends: its final NOTIFY's Subscription-State reason, and whether it carries the state. */
export interface FinalNotify {
  /** `timeout`, `noresource`, `deactivated`, …; undefined for a subscriber's own unsubscribe. */
  readonly reason?: string;
  readonly withBody: boolean;
}

/** What the next NOTIFY of a subscription must carry. */
export interface PendingUpdate {
  /** Send every resource (a refresh, a retry, the first NOTIFY). */
  full: boolean;
  /** Resources whose state changed since the last NOTIFY (resource lists only). */
  readonly changed: Set<ResourceEntry>;
  final?: FinalNotify;
}

/** Receives the hub's changes for the resources of subscriptions. */
export interface ResourceChangeSink {
  resourceChanged(entry: ResourceEntry, change: PresenceChange): void;
}

/** One presentity within a subscription: the only one of a single subscription, or one of a list. */
export class ResourceEntry implements PresenceWatcher {
  /** The view last sent; watchers of one presentity share the object. */
  view: PresenceView | undefined;
  state: 'active' | 'terminated';
  reason: string | undefined;
  watch: Disposable | undefined;

  constructor(
    readonly subscription: SipSubscription,
    /** The URI as the watcher wrote it; documents carry it back unchanged. */
    readonly uri: string,
    /** The normalised alias; undefined when the URI is not an alias at all. */
    readonly presentity: string | undefined,
    /** The RLMI instance id. */
    readonly instanceId: string,
    private readonly sink: ResourceChangeSink,
  ) {
    this.state = 'active';
  }

  get id(): string {
    return `${this.subscription.id}#${this.instanceId}`;
  }

  presenceChanged(change: PresenceChange): void {
    this.sink.resourceChanged(this, change);
  }
}

/** What a subscription's documents look like, for its whole life: the part of its plan kept after the answer. */
export interface SubscriptionProfile {
  readonly format: PresenceFormat;
  /** Present for a resource list (RLMI multipart documents). */
  readonly batch?: { readonly listUri: string };
  /** For categories documents: the categories asked for that Herald publishes. */
  readonly categories?: readonly string[];
}

/** Profiles of single subscriptions, shared: formats times category subsets, a few dozen at most. */
const sharedProfiles = new Map<string, SubscriptionProfile>();
const maxSharedProfiles = 64;

/**
 * The profile to keep for `plan`. A single subscription's is shared with every other of the
 * same format and categories, so that a node holding a hundred thousand subscriptions does not
 * keep a hundred thousand copies of the plan (with its resource list) they were answered by.
 */
export function profileOf(plan: SubscribePlan): SubscriptionProfile {
  const categories = plan.categories === undefined ? {} : { categories: plan.categories };
  if (plan.batch !== undefined) return { format: plan.format, batch: plan.batch, ...categories };
  const key = plan.categories === undefined ? plan.format : `${plan.format} ${plan.categories.join(',')}`;
  let profile = sharedProfiles.get(key);
  if (profile === undefined) {
    profile = { format: plan.format, ...categories };
    if (sharedProfiles.size < maxSharedProfiles) sharedProfiles.set(key, profile);
  }
  return profile;
}

/** A SIP subscription: its dialog, what it asked for, its resources and its NOTIFY queue. */
export class SipSubscription {
  resources: ResourceEntry[] = [];
  /** The expiry wheel's bucket of this subscription; owned by `ExpiryWheel`. */
  expiryBucket: number | undefined;
  dialog: SubscriptionDialog | undefined;
  /** Monotonic ms. */
  expiresAt = 0;
  rlmiVersion = 0;
  sending = false;
  pending: PendingUpdate | undefined;
  /** Consecutive NOTIFYs lost to a timeout or transport failure. */
  failures = 0;
  done = false;
  /** While NOTIFYs are being sent: settles when the queue is idle. */
  flushing: Promise<void> | undefined;

  constructor(
    readonly profile: SubscriptionProfile,
    /** The subscriber (normalised From URI), for per-watcher caps. */
    readonly watcher: string,
  ) {}

  get id(): string {
    return this.dialog?.id ?? 'not yet accepted';
  }

  get isList(): boolean {
    return this.profile.batch !== undefined;
  }

  /**
   * Gives the resource list its exact size once built: an array grown by `push` keeps room for
   * 16 more, 130 bytes a subscription that nearly always has one resource.
   */
  trim(): void {
    this.resources = this.resources.slice();
  }

  /** Resources that count against the caps: those being watched. */
  activeCount(): number {
    return this.resources.reduce((n, r) => n + (r.watch === undefined ? 0 : 1), 0);
  }

  /** Adds `update` to what the next NOTIFY must carry. */
  merge(update: { full?: boolean; changed?: ResourceEntry; final?: FinalNotify }): void {
    const pending = (this.pending ??= { full: false, changed: new Set() });
    if (update.full) pending.full = true;
    if (update.changed) pending.changed.add(update.changed);
    if (update.final && pending.final === undefined) pending.final = update.final;
  }
}
