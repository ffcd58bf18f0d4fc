import { Clock, ContributionProvider, inject, injectable, Logger, named } from '@herald/core';
import { ConnectionTokenCache } from './connection-token-cache';
import { type UcwaPrincipal, UcwaTokenVerifier } from './ucwa-token-verifier';

/** Why a request was not authenticated, for the `WWW-Authenticate` challenge (RFC 6750 §3). */
export type AuthenticationFailure = 'missing' | 'invalid';

export type AuthenticationResult =
  | { readonly ok: true; readonly principal: UcwaPrincipal }
  | { readonly ok: false; readonly failure: AuthenticationFailure; readonly message: string };

/** RFC 6750 §2.1: `Bearer` and a token68. Longer tokens than this are not tokens anyone issued. */
const bearer = /^Bearer +([A-Za-z0-9\-._~+/]{1,4096}=*) *$/i;

/** Checks a request's bearer token against every `UcwaTokenVerifier`, in order. */
@injectable()
export class UcwaAuthenticator {
  private readonly logger: Logger;
  private readonly recent: ConnectionTokenCache;

  constructor(
    @inject(ContributionProvider) @named(UcwaTokenVerifier) private readonly verifiers: ContributionProvider<UcwaTokenVerifier>,
    @inject(Clock) clock: Clock,
    @inject(Logger) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'ucwa.auth' });
    this.recent = new ConnectionTokenCache(clock);
  }

  /**
   * @param authorization the request's `Authorization` header, if any.
   * @param connection the request's connection (its socket): a header it presented a moment
   *   ago is not checked again (see `ConnectionTokenCache`).
   * @returns the outcome, synchronously when every verifier asked answered synchronously (the
   *   built-in ones do), so that the common case costs no promise on the request path.
   */
  authenticate(authorization: string | undefined, connection?: object): AuthenticationResult | Promise<AuthenticationResult> {
    const known = connection === undefined || authorization === undefined ? undefined : this.recent.get(connection, authorization);
    if (known !== undefined) return { ok: true, principal: known };
    if (authorization === undefined || !/^bearer\b/i.test(authorization)) {
      return { ok: false, failure: 'missing', message: 'This API needs an access token: send Authorization: Bearer <token>.' };
    }
    const token = bearer.exec(authorization)?.[1];
    if (token === undefined) return { ok: false, failure: 'invalid', message: 'The Authorization header is not of the form Bearer <token>.' };
    const result = this.verifyFrom(0, token);
    if (connection === undefined) return result;
    const remember = (outcome: AuthenticationResult) => {
      if (outcome.ok) this.recent.set(connection, authorization, outcome.principal);
      return outcome;
    };
    return isPromiseLike(result) ? Promise.resolve(result).then(remember) : remember(result);
  }

  private verifyFrom(first: number, token: string): AuthenticationResult | Promise<AuthenticationResult> {
    const verifiers = this.verifiers.getContributions();
    for (let i = first; i < verifiers.length; i++) {
      const verifier = verifiers[i];
      let answer: ReturnType<UcwaTokenVerifier['verify']>;
      try {
        answer = verifier.verify(token);
      } catch (error) {
        this.failed(verifier, error);
        continue;
      }
      if (isPromiseLike(answer)) {
        return Promise.resolve(answer).then(
          (principal) => (principal !== undefined ? { ok: true as const, principal } : this.verifyFrom(i + 1, token)),
          (error: unknown) => {
            this.failed(verifier, error);
            return this.verifyFrom(i + 1, token);
          },
        );
      }
      if (answer !== undefined) return { ok: true, principal: answer };
    }
    return { ok: false, failure: 'invalid', message: 'The access token is not valid: it is unknown or has expired. Get a new one.' };
  }

  private failed(verifier: UcwaTokenVerifier, error: unknown): void {
    this.logger.error({ err: error, verifier: verifier.id }, 'a token verifier failed; the token counts as unknown to it');
  }
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as PromiseLike<T> | undefined)?.then === 'function';
}
