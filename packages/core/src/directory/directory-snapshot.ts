import { normaliseAlias } from '../domain/alias';
import { type GatewayRoutingRule } from '../domain/gateway-routing-rule';
import { type MeetingService, type ServiceAlias } from '../domain/meeting-service';
import { findTheme, type ThemeDefinition, type ThemeRef } from '../domain/theme';

/** What a directory holds: the presence-relevant part of the platform's configuration. */
export interface DirectoryContent {
  readonly services: readonly MeetingService[];
  readonly rules: readonly GatewayRoutingRule[];
  readonly themes: readonly ThemeDefinition[];
  /** The global default theme; undefined means Herald's built-in base theme. */
  readonly defaultTheme?: ThemeRef;
}

/** A service alias found by lookup. */
export interface ServiceAliasHit {
  readonly service: MeetingService;
  readonly alias: ServiceAlias;
}

/**
 * An immutable view of the directory at one version. Lookups are in-memory and O(1); a change
 * replaces the whole snapshot, so a reader never sees half of an update.
 */
export class DirectorySnapshot implements DirectoryContent {
  static readonly empty = new DirectorySnapshot({ services: [], rules: [], themes: [] }, { version: '0', origin: 'empty' });

  readonly services: readonly MeetingService[];
  /** Sorted by ascending priority; rules of equal priority keep their document order. */
  readonly rules: readonly GatewayRoutingRule[];
  readonly themes: readonly ThemeDefinition[];
  readonly defaultTheme?: ThemeRef;
  /** Identifies this content: equal versions mean equal content. */
  readonly version: string;
  /** Where the content came from, for logs: a file path, `redis://…`. */
  readonly origin: string;
  private readonly aliasIndex: ReadonlyMap<string, ServiceAliasHit>;

  /**
   * @throws Error if two services share an alias: validate content first
   *   (`parseDirectoryDocument` reports this as a config error).
   */
  constructor(content: DirectoryContent, meta: { readonly version: string; readonly origin: string }) {
    this.services = deepFreeze([...content.services]);
    this.rules = deepFreeze([...content.rules].sort((a, b) => a.priority - b.priority));
    this.themes = deepFreeze([...content.themes]);
    if (content.defaultTheme !== undefined) this.defaultTheme = content.defaultTheme;
    this.version = meta.version;
    this.origin = meta.origin;
    this.aliasIndex = indexAliases(this.services);
    Object.freeze(this);
  }

  /** The service owning a normalised alias key (see `normaliseAlias`), enabled or not. */
  findServiceByAlias(key: string): ServiceAliasHit | undefined {
    return this.aliasIndex.get(key);
  }

  /** Every normalised alias key that belongs to a service. */
  aliasKeys(): IterableIterator<string> {
    return this.aliasIndex.keys();
  }

  findTheme(ref: ThemeRef): ThemeDefinition | undefined {
    return findTheme(this.themes, ref);
  }
}

function indexAliases(services: readonly MeetingService[]): ReadonlyMap<string, ServiceAliasHit> {
  const index = new Map<string, ServiceAliasHit>();
  for (const service of services) {
    for (const alias of service.aliases) {
      const parsed = normaliseAlias(alias.alias);
      if (!parsed.ok) throw new Error(`service '${service.name}': alias '${alias.alias}' is ${parsed.reason}`);
      const existing = index.get(parsed.alias.key);
      if (existing !== undefined && existing.service !== service) {
        throw new Error(`alias '${alias.alias}' belongs to both '${existing.service.name}' and '${service.name}'`);
      }
      index.set(parsed.alias.key, { service, alias });
    }
  }
  return index;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}
