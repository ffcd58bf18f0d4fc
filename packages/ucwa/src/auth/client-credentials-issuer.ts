import { randomBytes } from 'node:crypto';
import { Clock, inject, injectable } from '@herald/core';
import { UcwaOptions } from '../ucwa-options';
import { sameDigest, secretDigest } from './secret-digest';
import { type UcwaPrincipal, type UcwaTokenVerifier } from './ucwa-token-verifier';

/** The outcome of a token request, in OAuth 2.0's terms (RFC 6749 §5). */
export type TokenGrant =
  | { readonly ok: true; readonly accessToken: string; readonly expiresInS: number; readonly principal: UcwaPrincipal }
  | { readonly ok: false; readonly error: 'invalid_client' | 'temporarily_unavailable' };

interface IssuedToken {
  readonly principal: UcwaPrincipal;
  readonly expiresAt: number;
}

/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4) for the clients of `ucwa.clients`: exchanges a
 * client's id and secret for an opaque bearer token, and verifies the tokens it issued.
 *
 * Tokens are 256 random bits; only their SHA-256 is kept, so a heap dump holds no usable token,
 * and a lookup keyed by that digest reveals nothing through its timing. At most
 * `limits.maxIssuedTokens` live at once: expired ones are dropped when room is needed, and
 * a request beyond the bound is refused rather than revoking someone else's token.
 */
@injectable()
export class ClientCredentialsIssuer implements UcwaTokenVerifier {
  readonly id = 'client-credentials';
  private readonly clients: ReadonlyMap<string, Buffer>;
  /** A digest no secret has, compared against when the client id is unknown, so timing does not tell which ids exist. */
  private readonly decoy = secretDigest(randomBytes(32).toString('hex'));
  private readonly issued = new Map<string, IssuedToken>();

  constructor(
    @inject(UcwaOptions) private readonly options: UcwaOptions,
    @inject(Clock) private readonly clock: Clock,
  ) {
    this.clients = new Map(options.clients.map((c) => [c.clientId, secretDigest(c.clientSecret)]));
  }

  /** Whether any client is configured; without one the token endpoint refuses every request. */
  get enabled(): boolean {
    return this.clients.size > 0;
  }

  /** Tokens issued and not yet dropped. */
  get size(): number {
    return this.issued.size;
  }

  issue(clientId: string, clientSecret: string): TokenGrant {
    const expected = this.clients.get(clientId);
    const matches = sameDigest(expected ?? this.decoy, secretDigest(clientSecret));
    if (expected === undefined || !matches) return { ok: false, error: 'invalid_client' };
    if (this.issued.size >= this.options.limits.maxIssuedTokens) this.dropExpired();
    if (this.issued.size >= this.options.limits.maxIssuedTokens) return { ok: false, error: 'temporarily_unavailable' };
    const accessToken = randomBytes(32).toString('base64url');
    const principal: UcwaPrincipal = { name: clientId, source: this.id };
    this.issued.set(secretDigest(accessToken).toString('hex'), { principal, expiresAt: this.clock.monotonic() + this.options.tokenLifetimeS * 1000 });
    return { ok: true, accessToken, expiresInS: this.options.tokenLifetimeS, principal };
  }

  verify(token: string): UcwaPrincipal | undefined {
    const key = secretDigest(token).toString('hex');
    const entry = this.issued.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.clock.monotonic()) {
      this.issued.delete(key);
      return undefined;
    }
    return entry.principal;
  }

  private dropExpired(): void {
    const now = this.clock.monotonic();
    for (const [key, entry] of this.issued) if (entry.expiresAt <= now) this.issued.delete(key);
  }
}
