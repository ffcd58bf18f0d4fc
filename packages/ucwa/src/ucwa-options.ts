/** Where the API lives on the node's HTTP server, as on a Lync/SfB front end. */
export const ucwaBasePath = '/ucwa/oauth/v1';

/** UCWA's own bounds for the event channel's `timeout` query parameter, in seconds. */
export const ucwaTimeoutRange = { min: 180, max: 1800 } as const;

/** A bearer token written in the configuration, with the name it is known by in logs. */
export interface StaticToken {
  /** Who holds it, e.g. `intranet-portal`; logged instead of the token. */
  readonly name: string;
  readonly token: string;
}

/** A client that may exchange its credentials for a token at `POST …/token`. */
export interface ClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** Bounds on what clients may make the node hold. */
export interface UcwaLimits {
  /** Applications held at once across all clients; more are refused with 503. */
  readonly maxApplications: number;
  /** An application with no request and no pending GET for this long is deleted. */
  readonly applicationIdleMs: number;
  /** Events kept per application until acknowledged; beyond it the oldest go and the client resyncs. */
  readonly maxEventsPerApplication: number;
  readonly maxSubscriptionsPerApplication: number;
  readonly maxMembersPerSubscription: number;
  /** Pending-GET timeouts: what a request without `timeout` gets, and the range others are clamped to (within 180–1800 s). */
  readonly pendingGetTimeoutS: { readonly default: number; readonly min: number; readonly max: number };
  /** Tokens issued by the token endpoint and not yet expired. */
  readonly maxIssuedTokens: number;
  /** Largest request body accepted; larger ones get 413. */
  readonly bodyLimitBytes: number;
}

export const UcwaOptions = Symbol.for('ucwa.UcwaOptions');
/** The UCWA-style API's settings, from the `ucwa` section. */
export interface UcwaOptions {
  /** The realm named in `WWW-Authenticate` challenges. */
  readonly realm: string;
  readonly tokens: readonly StaticToken[];
  readonly clients: readonly ClientCredentials[];
  /** Lifetime of a token issued by the token endpoint. */
  readonly tokenLifetimeS: number;
  readonly limits: UcwaLimits;
}

export const defaultUcwaLimits: UcwaLimits = {
  maxApplications: 20_000,
  applicationIdleMs: 15 * 60_000,
  maxEventsPerApplication: 1000,
  maxSubscriptionsPerApplication: 16,
  maxMembersPerSubscription: 500,
  pendingGetTimeoutS: { default: ucwaTimeoutRange.min, min: ucwaTimeoutRange.min, max: ucwaTimeoutRange.max },
  maxIssuedTokens: 10_000,
  bodyLimitBytes: 64 * 1024,
};

export const defaultUcwaOptions: UcwaOptions = {
  realm: 'Herald',
  tokens: [],
  clients: [],
  tokenLifetimeS: 3600,
  limits: defaultUcwaLimits,
};
