import { inject, injectable, named, optional } from 'inversify';
import { Directory } from '../directory/directory';
import { type IncomingProtocol } from '../domain/gateway-routing-rule';
import { type PresenceResolution } from '../domain/presence-view';
import { type LifecycleContribution } from '../kernel/contribution-points';
import { ContributionProvider } from '../kernel/contribution-provider';
import { setBounded } from '../kernel/bounded-map';
import { DisposableCollection } from '../kernel/disposable';
import { AvatarSource } from './avatar-source';
import { PresencePolicy } from './presence-policy';
import { PresenceService } from './presence-service';
import { RuleEngine } from './rule-engine';

/** Distinct inputs remembered per protocol; past it the oldest is forgotten first. */
export const resolutionCacheEntries = 10_000;

export const ResolutionCache = Symbol.for('core.ResolutionCache');
/**
 * `PresenceService.resolve` for request paths that ask about the same contacts again and again
 * (every SUBSCRIBE, every presence GET), answered from memory until something a resolution
 * depends on changes.
 */
export interface ResolutionCache {
  /**
   * The resolution of `input` for `protocol` (default `mssip`) at the node's own location. The
   * same object while nothing changed, so its view can be compared by identity. Its trace holds
   * only the reason an input is not an alias at all; the steps behind a view (which rule, which
   * theme file) are `PresenceService.resolve`'s to explain. Safe on every request path.
   */
  resolve(input: string, protocol?: IncomingProtocol): PresenceResolution;
}

/**
 * Remembers resolutions while the node runs, and forgets all of them when the directory, the
 * routing rules, the avatars or a presence policy change: exactly the events the change tracker
 * follows. The tracker re-resolves only after a microtask, so the cache is always empty by
 * then, whichever listener was registered first. Before `start` (and after `stop`) every call
 * resolves afresh, so a component used without a running node never sees a stale answer.
 *
 * Resolving costs a few microseconds, most of it the trace. The cache exists because the SIP
 * notifier and the UCWA API resolve on every request, and at thousands of requests a second
 * those microseconds are a large share of the node's time.
 */
@injectable()
export class ResolutionCacheImpl implements ResolutionCache, LifecycleContribution {
  readonly id = 'core.resolution-cache';
  private readonly byProtocol = new Map<IncomingProtocol, Map<string, PresenceResolution>>();
  private readonly listeners = new DisposableCollection();
  private following = false;

  constructor(
    @inject(PresenceService) private readonly presence: PresenceService,
    @inject(Directory) private readonly directory: Directory,
    @inject(RuleEngine) @optional() private readonly rules: RuleEngine | undefined,
    @inject(AvatarSource) @optional() private readonly avatars: AvatarSource | undefined,
    @inject(ContributionProvider) @named(PresencePolicy) @optional()
    private readonly policies: ContributionProvider<PresencePolicy> | undefined,
  ) {}

  start(): void {
    const clear = () => this.byProtocol.clear();
    this.listeners.push(this.directory.onDidChange(clear));
    if (this.rules) this.listeners.push(this.rules.onDidChange(clear));
    if (this.avatars) this.listeners.push(this.avatars.onDidChange(clear));
    for (const policy of this.policies?.getContributions() ?? []) {
      if (policy.onDidChange) this.listeners.push(policy.onDidChange(clear));
    }
    this.following = true;
    clear();
  }

  stop(): void {
    this.following = false;
    this.listeners.dispose();
    this.byProtocol.clear();
  }

  resolve(input: string, protocol: IncomingProtocol = 'mssip'): PresenceResolution {
    if (!this.following) return this.presence.resolve(input, { protocol });
    let known = this.byProtocol.get(protocol);
    const hit = known?.get(input);
    if (hit !== undefined) return hit;
    const resolution = keptPart(this.presence.resolve(input, { protocol }));
    if (known === undefined) this.byProtocol.set(protocol, (known = new Map()));
    setBounded(known, input, resolution, resolutionCacheEntries);
    return resolution;
  }
}

const noSteps: readonly string[] = Object.freeze([]);

/**
 * What an entry keeps of a resolution: the trace of a view is a dozen strings, more than the
 * view itself, and ten thousand entries of it would cost megabytes nobody reads.
 */
function keptPart(resolution: PresenceResolution): PresenceResolution {
  if (resolution.presentity === undefined) return resolution;
  return { input: resolution.input, presentity: resolution.presentity, ...(resolution.view === undefined ? {} : { view: resolution.view }), trace: noSteps };
}
