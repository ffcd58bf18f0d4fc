import { ContributionProvider, inject, injectable, Logger, named } from '@herald/core';
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

  constructor(
    @inject(ContributionProvider) @named(UcwaTokenVerifier) private readonly verifiers: ContributionProvider<UcwaTokenVerifier>,
    @inject(Logger) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'ucwa.auth' });
  }

  /** @param authorization the request's `Authorization` header, if any. */
  async authenticate(authorization: string | undefined): Promise<AuthenticationResult> {
    if (authorization === undefined || !/^bearer\b/i.test(authorization)) {
      return { ok: false, failure: 'missing', message: 'This API needs an access token: send Authorization: Bearer <token>.' };
    }
    const token = bearer.exec(authorization)?.[1];
    if (token === undefined) return { ok: false, failure: 'invalid', message: 'The Authorization header is not of the form Bearer <token>.' };
    for (const verifier of this.verifiers.getContributions()) {
      try {
        const principal = await verifier.verify(token);
        if (principal !== undefined) return { ok: true, principal };
      } catch (error) {
        this.logger.error({ err: error, verifier: verifier.id }, 'a token verifier failed; the token counts as unknown to it');
      }
    }
    return { ok: false, failure: 'invalid', message: 'The access token is not valid: it is unknown or has expired. Get a new one.' };
  }
}
