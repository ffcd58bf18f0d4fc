import {
  CompactSet,
  type Clock,
  type Logger,
  normaliseAlias,
  type PresenceChange,
  type PresenceView,
  presenceViewDigest,
  type ResolutionCache,
  type SubscriptionHub,
  SubscriptionLimitError,
} from '@herald/core';
import { detachString, type InDialogOutcome, type InDialogRequestOptions, type IncomingSipRequest, type IncomingSubscribe, type SipHeaderFields, type SubscriptionDialog } from '@herald/sip-stack';
import { type ExpiryPolicy, planSubscribe } from '../request/subscribe-plan';
import { ChangeCoalescer } from './change-coalescer';
import { ExpiryWheel, fieldNotes } from './expiry-wheel';
import { NotifySlots } from './notify-slots';
import { ContactDocuments } from '../documents/contact-documents';
import { buildNotify, renderState } from './notify-content';
import { type FinalNotify, profileOf, ResourceEntry, type ResourceChangeSink, SipSubscription, type SubscriptionProfile } from './sip-subscription';
import { refreshSubscription } from './refresh';
import { type NotifierObserver, silentObserver } from '../sip-presence-metrics';

export interface SubscriptionLimits {
  readonly expiry: ExpiryPolicy;
  /** Watched resources on this node, over all subscriptions. */
  readonly maxSubscriptions: number;
  /** Watched resources of one subscriber (From URI). */
  readonly maxPerWatcher: number;
  /** Resources one list subscription may name. */
  readonly maxListResources: number;
  /** Minimum time between two NOTIFYs about one presentity (RFC 3856 §6.10). */
  readonly notifyIntervalMs: number;
  /** NOTIFYs in flight at once, node-wide (see `NotifySlots`). */
  readonly maxNotifiesInFlight: number;
}

export interface ManagerDependencies {
  /** Resolves each subscribed URI (for MS-SIP, at this node's location). */
  readonly presence: ResolutionCache;
  readonly hub: SubscriptionHub;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly limits: SubscriptionLimits;
  /** Told about answers and NOTIFY outcomes, for metrics. */
  readonly observer?: NotifierObserver;
}

/**
 * What the SIP watchers of one presentity were last sent. One object per watched presentity,
 * whatever the number of its watchers: they share the view object.
 */
interface PresentityState {
  /** The presentity's name, one string shared by all its entries. */
  readonly presentity: string;
  view: PresenceView | undefined;
  readonly entries: CompactSet<ResourceEntry>;
}

export interface SubscriptionStats {
  readonly subscriptions: number;
  readonly watchedResources: number;
}

/**
 * The notifier: accepts subscriptions, keeps them current, ends them. One expiry wheel for
 * every deadline, one coalescer for every presentity, one NOTIFY in flight per dialog.
 */
export class SubscriptionManager implements ResourceChangeSink {
  private readonly subscriptions = new Map<string, SipSubscription>();
  private readonly byPresentity = new Map<string, PresentityState>();
  private readonly latest = new Map<string, PresenceChange>();
  private readonly perWatcher = new Map<string, number>();
  private watched = 0;
  private stopping = false;
  private readonly expiry: ExpiryWheel<SipSubscription>;
  private readonly slots: NotifySlots;
  private readonly coalescer: ChangeCoalescer;
  readonly observer: NotifierObserver;
  /** Contact documents, rendered once per view. */
  readonly documents: ContactDocuments;

  constructor(private readonly deps: ManagerDependencies) {
    this.observer = deps.observer ?? silentObserver;
    this.documents = new ContactDocuments(() => deps.clock.now());
    this.expiry = new ExpiryWheel(deps.clock, (subscription) => this.enqueue(subscription, { final: { reason: 'timeout', withBody: false } }), 1000, fieldNotes());
    this.slots = new NotifySlots(deps.limits.maxNotifiesInFlight);
    this.coalescer = new ChangeCoalescer(deps.clock, deps.limits.notifyIntervalMs, (presentity) => this.emit(presentity));
  }

  stats(): SubscriptionStats {
    return { subscriptions: this.subscriptions.size, watchedResources: this.watched };
  }

  /** Answers an out-of-dialog SUBSCRIBE. Never throws: every failure becomes a response or a log line. */
  async subscribe(incoming: IncomingSubscribe): Promise<void> {
    const { request } = incoming;
    if (this.stopping) return incoming.respond(503, { reason: 'Shutting down', headers: { 'Retry-After': 5 } });
    const decision = planSubscribe(request, this.deps.limits.expiry, this.deps.limits.maxListResources);
    if (!decision.accept) return this.reject(incoming, decision.status, decision.reason, decision.headers);
    const plan = decision.plan;

    const subscription = new SipSubscription(profileOf(plan), watcherOf(request.from.uri));
    for (const [index, uri] of plan.resources.entries()) this.addResource(subscription, uri, index);
    subscription.trim();
    const first = subscription.resources[0];
    if (plan.batch === undefined && first.view === undefined) {
      return this.reject(incoming, 404, 'Not Found', undefined, `no presence for ${first.uri}`);
    }

    if (plan.expires === 0) return this.fetch(incoming, subscription);

    const wanted = subscription.resources.filter((r) => r.view !== undefined).length;
    if (this.watched + wanted > this.deps.limits.maxSubscriptions) {
      return this.reject(incoming, 503, 'Subscription limit reached', { 'Retry-After': 60 });
    }
    if ((this.perWatcher.get(subscription.watcher) ?? 0) + wanted > this.deps.limits.maxPerWatcher) {
      return this.reject(incoming, 403, 'Too many subscriptions from this watcher');
    }
    try {
      for (const entry of subscription.resources) this.watch(entry);
    } catch (error) {
      this.unwatchAll(subscription);
      if (error instanceof SubscriptionLimitError) return this.reject(incoming, 503, 'Subscription limit reached', { 'Retry-After': 60 });
      throw error;
    }

    const now = this.deps.clock.monotonic();
    subscription.expiresAt = now + plan.expires * 1000;
    const piggyback = plan.piggyback ? renderState(subscription, subscription.resources, true, this.documents) : undefined;
    let dialog: SubscriptionDialog;
    try {
      dialog = await incoming.acceptSubscription({
        status: 200,
        headers: this.acceptHeaders(plan, plan.expires, piggyback === undefined ? undefined : request.cseq.seq),
        ...(piggyback === undefined ? {} : { body: piggyback.body, contentType: piggyback.contentType }),
        firstLocalCSeq: plan.piggyback ? request.cseq.seq + 1 : 1,
      });
    } catch (error) {
      this.unwatchAll(subscription);
      this.deps.logger.warn({ err: error, callId: request.callId }, 'could not accept a subscription');
      return;
    }
    this.observer.subscribeAnswered(200);
    this.register(subscription, dialog);
    this.expiry.schedule(subscription, subscription.expiresAt);
    dialog.onSubscribe(this.inDialogSubscribe);
    if (!plan.piggyback) this.enqueue(subscription, { full: true });
    this.deps.logger.debug(
      { dialog: dialog.id, watcher: subscription.watcher, resources: plan.resources.length, format: plan.format, expires: plan.expires },
      'subscription accepted',
    );
  }

  /** The hub saw a change for an entry's presentity: pace it per presentity. */
  resourceChanged(entry: ResourceEntry, change: PresenceChange): void {
    if (entry.presentity === undefined) return;
    this.latest.set(entry.presentity, change);
    this.coalescer.offer(entry.presentity);
  }

  /** Sends every subscriber `terminated;reason=deactivated` and waits up to `graceMs` for them. */
  async shutdown(graceMs: number): Promise<void> {
    this.stopping = true;
    this.coalescer.clear();
    for (const subscription of this.subscriptions.values()) {
      this.enqueue(subscription, { final: { reason: 'deactivated', withBody: false } });
    }
    const flushes = [...this.subscriptions.values()].map((s) => s.flushing).filter((p): p is Promise<void> => p !== undefined);
    let timer: { dispose(): void } | undefined;
    await Promise.race([Promise.allSettled(flushes), new Promise<void>((resolve) => (timer = this.deps.clock.setTimer(graceMs, resolve)))]);
    timer?.dispose();
    const left = this.subscriptions.size;
    for (const subscription of [...this.subscriptions.values()]) this.finish(subscription);
    this.expiry.clear();
    this.documents.clear();
    if (left > 0) this.deps.logger.warn({ left }, `stopped before ${left} subscribers confirmed the final NOTIFY`);
  }

  /** Queues an update for a subscription's next NOTIFY and starts sending if idle. */
  enqueue(subscription: SipSubscription, update: { full?: boolean; changed?: ResourceEntry; final?: FinalNotify }): void {
    if (subscription.done || subscription.dialog === undefined) return;
    if (update.final) this.expiry.remove(subscription);
    subscription.merge(update);
    if (!subscription.sending) subscription.flushing = this.flush(subscription);
  }

  /** Adds a resource to a subscription, resolved now; it is watched only once accepted. */
  addResource(subscription: SipSubscription, uri: string, index: number): ResourceEntry {
    const resolution = this.deps.presence.resolve(uri);
    const known = resolution.presentity === undefined ? undefined : this.byPresentity.get(resolution.presentity);
    // Watchers of one presentity share its name, and the URI is the plan's own copy.
    const presentity = known?.presentity ?? (resolution.presentity === undefined ? undefined : detachString(resolution.presentity));
    const entry = new ResourceEntry(subscription, uri, presentity, String(index), this);
    // Share the view the presentity's other watchers hold when it is the same.
    entry.view = known !== undefined && presenceViewDigest(known.view) === presenceViewDigest(resolution.view) ? known.view : resolution.view;
    if (resolution.view === undefined) {
      entry.state = 'terminated';
      entry.reason = 'noresource';
    }
    subscription.resources.push(entry);
    return entry;
  }

  /** Starts watching an entry's presentity (only entries with presence). */
  watch(entry: ResourceEntry): void {
    if (entry.view === undefined || entry.presentity === undefined || entry.watch !== undefined) return;
    entry.watch = this.deps.hub.watch(entry.presentity, entry, entry.view);
    let state = this.byPresentity.get(entry.presentity);
    if (state === undefined) {
      state = { presentity: entry.presentity, view: entry.view, entries: new CompactSet() };
      this.byPresentity.set(entry.presentity, state);
    }
    state.entries.add(entry);
    this.watched++;
    this.perWatcher.set(entry.subscription.watcher, (this.perWatcher.get(entry.subscription.watcher) ?? 0) + 1);
  }

  /** Stops watching an entry. */
  unwatch(entry: ResourceEntry): void {
    if (entry.watch === undefined) return;
    entry.watch.dispose();
    entry.watch = undefined;
    if (entry.presentity !== undefined) {
      const state = this.byPresentity.get(entry.presentity);
      state?.entries.delete(entry);
      if (state?.entries.size === 0) {
        this.byPresentity.delete(entry.presentity);
        this.latest.delete(entry.presentity);
      }
    }
    this.watched--;
    const count = (this.perWatcher.get(entry.subscription.watcher) ?? 1) - 1;
    if (count <= 0) this.perWatcher.delete(entry.subscription.watcher);
    else this.perWatcher.set(entry.subscription.watcher, count);
  }

  /** Moves a subscription's deadline. */
  reschedule(subscription: SipSubscription, seconds: number): void {
    subscription.expiresAt = this.deps.clock.monotonic() + seconds * 1000;
    this.expiry.schedule(subscription, subscription.expiresAt);
  }

  /** The header fields of a 2xx to a SUBSCRIBE (initial or refresh). */
  acceptHeaders(plan: SubscriptionProfile, expires: number, piggybackCSeq: number | undefined): SipHeaderFields {
    return {
      Expires: expires,
      Event: 'presence',
      'Subscription-State': expires === 0 ? 'terminated' : `active;expires=${expires}`,
      'Allow-Events': 'presence',
      ...(plan.batch === undefined ? {} : { Require: 'eventlist' }),
      ...(piggybackCSeq === undefined ? {} : { Supported: 'ms-piggyback-first-notify', 'ms-piggyback-cseq': piggybackCSeq }),
    };
  }

  get clock(): Clock {
    return this.deps.clock;
  }

  get limits(): SubscriptionLimits {
    return this.deps.limits;
  }

  /** One handler for the SUBSCRIBEs of every dialog (a closure per dialog would cost each ~100 bytes). */
  private readonly inDialogSubscribe = (incoming: IncomingSipRequest, dialog: SubscriptionDialog): void => {
    const subscription = this.subscriptions.get(dialog.id);
    if (subscription === undefined || subscription.done) {
      incoming.respond(481, { reason: 'Subscription Does Not Exist' });
      return;
    }
    this.refresh(subscription, incoming);
  };

  private refresh(subscription: SipSubscription, incoming: IncomingSipRequest): void {
    try {
      refreshSubscription(this, subscription, incoming);
    } catch (error) {
      this.deps.logger.error({ err: error, dialog: subscription.id }, 'a subscription refresh failed');
      if (!incoming.answered) incoming.respond(500, { reason: 'Server Internal Error' });
    }
  }

  private async fetch(incoming: IncomingSubscribe, subscription: SipSubscription): Promise<void> {
    const dialog = await incoming.acceptSubscription({ status: 200, headers: this.acceptHeaders(subscription.profile, 0, undefined) });
    this.observer.subscribeAnswered(200);
    subscription.dialog = dialog;
    subscription.sending = true;
    const notify = buildNotify(subscription, { full: true, changed: new Set(), final: { reason: 'timeout', withBody: true } }, this.deps.clock.monotonic(), this.documents);
    const outcome = await dialog.sendRequest('NOTIFY', notify);
    dialog.terminate();
    this.deps.logger.debug({ dialog: dialog.id, status: outcome.status }, 'fetch answered');
  }

  private register(subscription: SipSubscription, dialog: SubscriptionDialog): void {
    subscription.dialog = dialog;
    this.subscriptions.set(dialog.id, subscription);
  }

  private emit(presentity: string): void {
    const change = this.latest.get(presentity);
    const state = this.byPresentity.get(presentity);
    this.latest.delete(presentity);
    if (change === undefined || state === undefined) return;
    if (presenceViewDigest(change.view) === presenceViewDigest(state.view)) return;
    state.view = change.view;
    for (const entry of state.entries.toArray()) {
      if (entry.view === change.view) continue;
      entry.view = change.view;
      const subscription = entry.subscription;
      if (change.view !== undefined) {
        this.enqueue(subscription, { changed: entry });
      } else if (!subscription.isList) {
        this.enqueue(subscription, { final: { reason: 'noresource', withBody: false } });
      } else {
        entry.state = 'terminated';
        entry.reason = 'noresource';
        this.unwatch(entry);
        this.enqueue(subscription, { changed: entry });
      }
    }
  }

  private async flush(subscription: SipSubscription): Promise<void> {
    const dialog = subscription.dialog as SubscriptionDialog;
    subscription.sending = true;
    try {
      while (subscription.pending !== undefined && !subscription.done) {
        const update = subscription.pending;
        subscription.pending = undefined;
        const notify = buildNotify(subscription, update, this.deps.clock.monotonic(), this.documents);
        const outcome = await this.send(dialog, notify);
        if (outcome.status >= 200 && outcome.status < 300) {
          this.observer.notifyEnded('delivered');
          subscription.failures = 0;
          if (update.final) this.finish(subscription);
          continue;
        }
        const transient = outcome.status === 408 || outcome.origin !== 'peer';
        if (transient && subscription.failures === 0 && update.final === undefined && !this.stopping) {
          subscription.failures = 1;
          subscription.merge({ full: true });
          this.observer.notifyEnded('retried');
          this.deps.logger.info({ dialog: dialog.id, status: outcome.status, reason: outcome.reason }, 'NOTIFY was not answered; retrying once');
          continue;
        }
        this.observer.notifyEnded('failed');
        // During shutdown the stack stops under in-flight NOTIFYs; the summary line says how many.
        const level = this.stopping || outcome.status === 481 || update.final ? 'debug' : 'warn';
        this.deps.logger[level]({ dialog: dialog.id, status: outcome.status, reason: outcome.reason }, 'NOTIFY failed; subscription removed');
        this.finish(subscription);
      }
    } finally {
      subscription.sending = false;
      subscription.flushing = undefined;
    }
  }

  /** Sends one NOTIFY within the node's in-flight bound. */
  private async send(dialog: SubscriptionDialog, notify: InDialogRequestOptions): Promise<InDialogOutcome> {
    await this.slots.acquire();
    try {
      return await dialog.sendRequest('NOTIFY', notify);
    } finally {
      this.slots.release();
    }
  }

  private finish(subscription: SipSubscription): void {
    if (subscription.done) return;
    subscription.done = true;
    subscription.pending = undefined;
    this.expiry.remove(subscription);
    this.unwatchAll(subscription);
    this.subscriptions.delete(subscription.id);
    subscription.dialog?.terminate();
  }

  private unwatchAll(subscription: SipSubscription): void {
    for (const entry of subscription.resources) this.unwatch(entry);
  }

  private reject(incoming: IncomingSipRequest, status: number, reason: string, headers?: SipHeaderFields, detail?: string): void {
    incoming.respond(status, { reason, ...(headers === undefined ? {} : { headers }) });
    this.observer.subscribeAnswered(status);
    this.deps.logger.debug(
      { status, reason, detail, callId: incoming.request.callId, from: incoming.request.from.uri, uri: incoming.request.uri },
      'subscription refused',
    );
  }
}

/** The per-watcher cap's key: the subscriber's normalised URI. */
function watcherOf(uri: string): string {
  const parsed = normaliseAlias(uri);
  return detachString(parsed.ok ? parsed.alias.key : uri.toLowerCase());
}
