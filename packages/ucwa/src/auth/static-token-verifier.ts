import { inject, injectable } from '@herald/core';
import { UcwaOptions } from '../ucwa-options';
import { sameDigest, secretDigest } from './secret-digest';
import { type UcwaPrincipal, type UcwaTokenVerifier } from './ucwa-token-verifier';

/** The bearer tokens written in the `ucwa.tokens` list of the configuration. */
@injectable()
export class StaticTokenVerifier implements UcwaTokenVerifier {
  readonly id = 'config';
  private readonly known: readonly { readonly digest: Buffer; readonly principal: UcwaPrincipal }[];

  constructor(@inject(UcwaOptions) options: UcwaOptions) {
    this.known = options.tokens.map((t) => ({ digest: secretDigest(t.token), principal: { name: t.name, source: this.id } }));
  }

  verify(token: string): UcwaPrincipal | undefined {
    const digest = secretDigest(token);
    let found: UcwaPrincipal | undefined;
    // Every entry is compared, so the time taken does not say which one matched.
    for (const entry of this.known) if (sameDigest(entry.digest, digest)) found = entry.principal;
    return found;
  }
}
