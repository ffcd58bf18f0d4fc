import {
  Clock,
  type Disposable,
  Emitter,
  inject,
  injectable,
  type LifecycleContribution,
  Logger,
  NodeInfo,
  type PresencePolicy,
  type PresencePolicyDecision,
  type PresencePolicyRequest,
  SubscriptionHub,
} from '@herald/core';
import { parsePolicyAnswer } from './policy-answer';
import { type CachedAnswer, PolicyCache, sameAnswer } from './policy-cache';
import { PolicyOptions } from './policy-options';

type PolicyQuery = Omit<PresencePolicyRequest, 'view'>;

/** Larger replies are refused: an answer is a few fields. */
const maxReplyBytes = 64 * 1024;

/**
 * Asks an HTTP policy service whether an alias has presence and in what state.
 *
 * `decide` never waits: it answers from the cache, and on a miss or an expired answer asks the
 * service in the background (at most `max_in_flight` requests at once, each within `timeout_ms`)
 * and fires `onDidChange` when the answer differs, so watchers are told. Until an answer is
 * in, and whenever the service is down, slow or answers nonsense, Herald's own answer stands.
 * Answers for watched aliases are refreshed as they expire, so watchers follow the service.
 */
@injectable()
export class HttpPresencePolicy implements PresencePolicy, LifecycleContribution {
  readonly id = 'presence-policy-plugin.http';
  private readonly cache: PolicyCache;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly changes = new Emitter<readonly string[]>();
  readonly onDidChange = this.changes.event;
  private readonly stopping = new AbortController();
  private refreshTimer: Disposable | undefined;
  private readonly logger: Logger;

  constructor(
    @inject(PolicyOptions) private readonly options: PolicyOptions,
    @inject(Clock) private readonly clock: Clock,
    @inject(SubscriptionHub) private readonly hub: SubscriptionHub,
    @inject(NodeInfo) private readonly node: NodeInfo,
    @inject(Logger) logger: Logger,
  ) {
    this.cache = new PolicyCache(options.maxEntries);
    this.logger = logger.child({ component: this.id });
  }

  start(): void {
    this.scheduleRefresh();
  }

  async stop(): Promise<void> {
    this.refreshTimer?.dispose();
    this.stopping.abort();
    await Promise.allSettled(this.inFlight.values());
    this.changes.dispose();
  }

  decide(request: PresencePolicyRequest): PresencePolicyDecision {
    const key = keyOf(request);
    const cached = this.cache.get(key, this.clock.monotonic());
    if (cached === undefined || !cached.fresh) void this.ask(request, key);
    if (cached === undefined) return { action: 'continue', reason: `no answer from ${this.options.url} yet; asking it` };
    if ('failure' in cached.answer) return { action: 'continue', reason: `${cached.answer.failure}; Herald's own answer stands` };
    // An expired answer is still used while the new one is on its way.
    return cached.answer.decision;
  }

  async prepare(request: PolicyQuery): Promise<void> {
    const key = keyOf(request);
    const cached = this.cache.get(key, this.clock.monotonic());
    if (cached?.fresh) return;
    await this.ask(request, key);
  }

  /** Asks the service once for `key` (joining a request already on its way). */
  private ask(request: PolicyQuery, key: string): Promise<void> {
    const pending = this.inFlight.get(key);
    if (pending !== undefined) return pending;
    if (this.stopping.signal.aborted || this.inFlight.size >= this.options.maxInFlight) return Promise.resolve();
    const asking = this.fetchAnswer(request).then((answer) => this.store(request, key, answer));
    this.inFlight.set(key, asking);
    return asking.finally(() => this.inFlight.delete(key));
  }

  private async fetchAnswer(request: PolicyQuery): Promise<CachedAnswer> {
    const url = new URL(this.options.url);
    url.searchParams.set('alias', request.presentity);
    url.searchParams.set('protocol', request.protocol);
    if (request.location !== undefined) url.searchParams.set('location', request.location);
    url.searchParams.set('node', this.node.name);
    url.searchParams.set('trigger', 'subscribe');
    try {
      const response = await fetch(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.any([this.stopping.signal, AbortSignal.timeout(this.options.timeoutMs)]),
      });
      const text = await response.text();
      if (!response.ok) return { failure: `the policy service answered HTTP ${response.status}` };
      if (text.length > maxReplyBytes) return { failure: `the policy service sent ${text.length} bytes; at most ${maxReplyBytes} are read` };
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return { failure: 'the policy service did not answer with JSON' };
      }
      const parsed = parsePolicyAnswer(body, 'policy service');
      return parsed.ok ? { decision: parsed.decision } : { failure: parsed.problem };
    } catch (error) {
      if (error instanceof DOMException && error.name === 'TimeoutError') return { failure: `the policy service did not answer within ${this.options.timeoutMs} ms` };
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      return { failure: `the policy service at ${url.origin} is unreachable (${cause?.code ?? cause?.message ?? (error as Error).message})` };
    }
  }

  private store(request: PolicyQuery, key: string, answer: CachedAnswer): void {
    if (this.stopping.signal.aborted) return;
    const ttl = 'failure' in answer ? this.options.failureTtlMs : this.options.cacheTtlMs;
    const previous = this.cache.set(key, answer, this.clock.monotonic() + ttl);
    if ('failure' in answer && (previous === undefined || !('failure' in previous))) {
      this.logger.warn({ presentity: request.presentity }, `${answer.failure}; Herald's own answer is used for ${request.presentity}`);
    }
    if (!sameAnswer(previous, answer)) this.changes.fire([request.presentity]);
  }

  /** Every so often: ask again for expired answers of watched aliases; forget the others. */
  private scheduleRefresh(): void {
    const every = Math.min(this.options.cacheTtlMs, this.options.failureTtlMs);
    this.refreshTimer = this.clock.setTimer(every, () => {
      for (const key of this.cache.expired(this.clock.monotonic())) {
        const request = requestOf(key);
        if (this.hub.lastDigest(request.presentity) === undefined) this.cache.delete(key);
        else void this.ask(request, key);
      }
      this.scheduleRefresh();
    });
  }
}

function keyOf(request: PolicyQuery): string {
  return JSON.stringify([request.presentity, request.protocol, request.location ?? '']);
}

function requestOf(key: string): PolicyQuery {
  const [presentity, protocol, location] = JSON.parse(key) as [string, PolicyQuery['protocol'], string];
  return { presentity, protocol, ...(location === '' ? {} : { location }) };
}
