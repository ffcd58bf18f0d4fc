import { inject, injectable, named, optional } from 'inversify';
import { Directory, type DirectoryChange } from '../directory/directory';
import { diffDirectories } from '../directory/directory-diff';
import { presenceViewDigest } from '../domain/presence-view';
import { DisposableCollection } from '../kernel/disposable';
import { type LifecycleContribution } from '../kernel/contribution-points';
import { ContributionProvider } from '../kernel/contribution-provider';
import { Logger } from '../kernel/logger';
import { AvatarSource } from './avatar-source';
import { PresencePolicy } from './presence-policy';
import { PresenceService } from './presence-service';
import { RuleEngine } from './rule-engine';
import { SubscriptionHub } from './subscription-hub';

/** Presentities re-resolved per turn of the event loop, so a large recheck does not stall I/O. */
const batchSize = 1000;

/**
 * Works out whose view changed when the directory, the rules or the avatars change, and
 * publishes exactly those changes to the `SubscriptionHub`.
 *
 * Only watched presentities are considered. A directory change rechecks the aliases whose
 * service changed (all of them if themes changed); a new rule set rechecks every watched
 * presentity that is not a service alias; an avatar change rechecks everything watched. Each
 * candidate is resolved again and published only if its digest differs from what its watchers
 * last saw, so a rebuild that changes nothing visible notifies no one. A presence policy's
 * change event rechecks the presentities it names (every watched one when it names none).
 */
@injectable()
export class PresenceChangeTracker implements LifecycleContribution {
  readonly id = 'core.presence-change-tracker';
  private readonly listeners = new DisposableCollection();
  private readonly pending = new Set<string>();
  private pendingAll = false;
  private draining: Promise<void> | undefined;
  private stopped = false;
  private readonly logger: Logger;

  constructor(
    @inject(Directory) private readonly directory: Directory,
    @inject(PresenceService) private readonly presence: PresenceService,
    @inject(SubscriptionHub) private readonly hub: SubscriptionHub,
    @inject(RuleEngine) @optional() private readonly rules: RuleEngine | undefined,
    @inject(AvatarSource) @optional() private readonly avatars: AvatarSource | undefined,
    @inject(Logger) logger: Logger,
    @inject(ContributionProvider) @named(PresencePolicy) @optional()
    private readonly policies: ContributionProvider<PresencePolicy> | undefined,
  ) {
    this.logger = logger.child({ component: this.id });
  }

  start(): void {
    this.listeners.push(this.directory.onDidChange((change) => this.directoryChanged(change)));
    if (this.rules) this.listeners.push(this.rules.onDidChange(() => this.schedule(this.nonServicePresentities())));
    if (this.avatars) this.listeners.push(this.avatars.onDidChange(() => this.scheduleAll()));
    for (const policy of this.policies?.getContributions() ?? []) {
      if (policy.onDidChange) this.listeners.push(policy.onDidChange((presentities) => (presentities.length === 0 ? this.scheduleAll() : this.schedule(presentities))));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.listeners.dispose();
    await this.draining;
  }

  /** Resolves when every change scheduled so far has been published. */
  idle(): Promise<void> {
    return this.draining ?? Promise.resolve();
  }

  private directoryChanged(change: DirectoryChange): void {
    const diff = diffDirectories(change.previous, change.current);
    if (diff.themesChanged) {
      this.scheduleAll();
      return;
    }
    const watched: string[] = [];
    for (const key of diff.changedAliases) if (this.hub.lastDigest(key) !== undefined) watched.push(key);
    this.schedule(watched);
  }

  private nonServicePresentities(): string[] {
    const snapshot = this.directory.current();
    const result: string[] = [];
    for (const key of this.hub.presentities()) {
      const hit = snapshot.findServiceByAlias(key);
      if (hit === undefined || !hit.service.enabled) result.push(key);
    }
    return result;
  }

  private scheduleAll(): void {
    this.pendingAll = true;
    this.kick();
  }

  private schedule(presentities: Iterable<string>): void {
    for (const p of presentities) this.pending.add(p);
    this.kick();
  }

  private kick(): void {
    if (this.stopped || (this.pending.size === 0 && !this.pendingAll)) return;
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
    });
  }

  private async drain(): Promise<void> {
    // Let the other listeners of the same event (e.g. a rule engine recompiling) run first.
    await Promise.resolve();
    while (!this.stopped && (this.pendingAll || this.pending.size > 0)) {
      const batch = this.pendingAll ? [...this.hub.presentities()] : [...this.pending];
      this.pendingAll = false;
      this.pending.clear();
      let changed = 0;
      for (let i = 0; i < batch.length && !this.stopped; i++) {
        if (this.recheck(batch[i])) changed++;
        if ((i + 1) % batchSize === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
      this.logger.debug({ rechecked: batch.length, changed }, 'presence views rechecked');
    }
  }

  private recheck(presentity: string): boolean {
    const last = this.hub.lastDigest(presentity);
    if (last === undefined) return false;
    const resolution = this.presence.resolve(presentity);
    if (presenceViewDigest(resolution.view) === last) return false;
    this.hub.publish({ presentity, view: resolution.view, resolution });
    return true;
  }
}
