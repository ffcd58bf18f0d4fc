/** Who a bearer token stands for. Applications belong to it: another principal cannot see them. */
export interface UcwaPrincipal {
  /** A stable name for logs and ownership, e.g. the token's configured name or the client id. Never the token. */
  readonly name: string;
  /** Which verifier accepted the token, e.g. `'config'`, `'client-credentials'`. */
  readonly source: string;
}

export const UcwaTokenVerifier = Symbol.for('ucwa.UcwaTokenVerifier');
/**
 * A source of bearer tokens for the UCWA-style API. The adapter asks each bound verifier in
 * turn (module order) and takes the first principal returned. Herald binds two: the tokens of
 * the configuration and those issued by `POST /ucwa/oauth/v1/token`. A plugin adds another
 * (an identity provider's tokens, say) with `bind(UcwaTokenVerifier).to(…)`.
 */
export interface UcwaTokenVerifier {
  /** Names the verifier in logs and in `UcwaPrincipal.source`. */
  readonly id: string;
  /**
   * Called for every request that presents `Authorization: Bearer <token>`, with the token.
   * Returns who it stands for, or undefined if this verifier does not know it (or it expired).
   * Runs on the request path: answer from memory, or cache; compare secrets in constant time;
   * never log the token. A throw or rejection counts as "unknown" and is logged.
   */
  verify(token: string): UcwaPrincipal | undefined | Promise<UcwaPrincipal | undefined>;
}
