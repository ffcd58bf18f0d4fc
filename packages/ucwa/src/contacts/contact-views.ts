import {
  AvatarSource,
  Directory,
  DisposableCollection,
  inject,
  injectable,
  type LifecycleContribution,
  optional,
  type PresenceResolution,
  PresenceService,
  RuleEngine,
} from '@herald/core';

/** Distinct contact URIs remembered; past it the cache starts again, so it stays bounded whatever clients ask for. */
const maxEntries = 10_000;

/**
 * What the API answers for a contact URI, as Lync sees it (resolved for MS-SIP), remembered
 * until anything a resolution depends on changes: the directory, the routing rules or the
 * avatars. Those are exactly the events the core's change tracker follows, and each clears
 * the whole cache before the tracker re-resolves anything, so a client that hears of a change
 * and fetches the contact gets the new view. Resolving is cheap, but it builds its trace on
 * every call, which is most of the cost of a presence GET after the HTTP work itself.
 */
@injectable()
export class ContactViews implements LifecycleContribution {
  readonly id = 'ucwa.contact-views';
  private readonly resolutions = new Map<string, PresenceResolution>();
  private readonly listeners = new DisposableCollection();
  private following = false;

  constructor(
    @inject(PresenceService) private readonly presence: PresenceService,
    @inject(Directory) private readonly directory: Directory,
    @inject(RuleEngine) @optional() private readonly rules: RuleEngine | undefined,
    @inject(AvatarSource) @optional() private readonly avatars: AvatarSource | undefined,
  ) {}

  start(): void {
    const clear = () => this.resolutions.clear();
    this.listeners.push(this.directory.onDidChange(clear));
    if (this.rules) this.listeners.push(this.rules.onDidChange(clear));
    if (this.avatars) this.listeners.push(this.avatars.onDidChange(clear));
    this.following = true;
    clear();
  }

  stop(): void {
    this.following = false;
    this.listeners.dispose();
    this.resolutions.clear();
  }

  /** The resolution of `uri` for MS-SIP. Cached only while the node runs (and so hears of changes). */
  resolve(uri: string): PresenceResolution {
    const known = this.resolutions.get(uri);
    if (known !== undefined) return known;
    const resolution = this.presence.resolve(uri, { protocol: 'mssip' });
    if (this.following) {
      if (this.resolutions.size >= maxEntries) this.resolutions.clear();
      this.resolutions.set(uri, resolution);
    }
    return resolution;
  }
}
