import { createHash } from 'node:crypto';
import { type Availability } from './availability';
import { type GatewayRoutingRule } from './gateway-routing-rule';
import { type MeetingService, type ServiceAlias } from './meeting-service';

/** Where a contact's avatar can be fetched, and the digest that changes when its bytes do. */
export interface AvatarRef {
  /** Absolute URL on the node that served the view; fetched anonymously by clients. */
  readonly url: string;
  /** Lower-case hex content hash of the served JPEG bytes. */
  readonly hash: string;
  /** The themes tried, in order, and which one supplied the file (for traces). */
  readonly themeChain: readonly string[];
}

/** Why a contact has presence. */
export type PresenceSource =
  | {
      readonly kind: 'service';
      readonly service: MeetingService;
      /** The alias of the service that matched. */
      readonly alias: ServiceAlias;
    }
  | {
      readonly kind: 'rule';
      readonly rule: GatewayRoutingRule;
      /** Positional groups (index 0 is the whole match); unmatched groups are undefined. */
      readonly groups: readonly (string | undefined)[];
      readonly namedGroups: Readonly<Record<string, string | undefined>>;
      /** The alias after the rule's replace string. */
      readonly replacedAlias: string;
    }
  | {
      /** A `PresencePolicy` gave presence to an alias Herald itself had none for. */
      readonly kind: 'policy';
      /** The policy's `id`. */
      readonly policy: string;
    };

/** What a watcher sees for one contact. Immutable; a change produces a new view. */
export interface PresenceView {
  /** The normalised alias (see `normaliseAlias`): the presentity's key. */
  readonly presentity: string;
  readonly availability: Availability;
  /** An activity token (e.g. `in-a-conference`), when there is one. */
  readonly activity?: string;
  /** The contact's name: the service name, or the alias for a gateway contact. */
  readonly displayName: string;
  /** The line under the name: the service description. */
  readonly note: string;
  /** The card's title: the service kind, or "Gateway contact". */
  readonly title: string;
  readonly avatar?: AvatarRef;
  readonly source: PresenceSource;
}

/** The outcome of resolving an alias: a view, or none, and always the reasons. */
export interface PresenceResolution {
  /** The alias as asked. */
  readonly input: string;
  /** The normalised key, unless the input was not an alias at all. */
  readonly presentity?: string;
  /** Undefined means no presence: watchers see "Presence unknown". */
  readonly view?: PresenceView;
  /** Human-readable steps: which alias, which rule at which priority, which theme file. */
  readonly trace: readonly string[];
}

/**
 * A short string that differs exactly when something a watcher sees differs: availability,
 * activity, name, note, title and avatar (a SHA-1 of those fields, so that the one kept per
 * watched contact costs a few dozen bytes however long the name and note). Used to notify
 * only watchers whose view really changed.
 */
export function presenceViewDigest(view: PresenceView | undefined): string {
  if (view === undefined) return 'none';
  // Views are immutable and shared, and every new watcher and every change compares digests:
  // each view is hashed once.
  const known = digests.get(view);
  if (known !== undefined) return known;
  const fields = JSON.stringify([
    view.availability.code,
    view.activity ?? '',
    view.displayName,
    view.note,
    view.title,
    view.avatar?.url ?? '',
    view.avatar?.hash ?? '',
  ]);
  const digest = createHash('sha1').update(fields).digest('base64url');
  digests.set(view, digest);
  return digest;
}

const digests = new WeakMap<PresenceView, string>();
