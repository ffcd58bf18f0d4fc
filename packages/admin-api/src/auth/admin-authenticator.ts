import { hash, timingSafeEqual } from 'node:crypto';
import { type AdminApiOptions, type AdminRole } from '../admin-api-options';

/** Who made a request. */
export interface AdminPrincipal {
  readonly name: string;
  readonly role: AdminRole;
}

export type AdminAuthentication =
  | { readonly ok: true; readonly principal: AdminPrincipal }
  | { readonly ok: false; readonly failure: 'missing' | 'invalid'; readonly message: string };

/** Longest Authorization header looked at; longer ones are refused unread. */
const maxHeaderLength = 4096;

/**
 * Checks the `Authorization` header against the configured accounts: `Basic` (name and
 * password) or `Bearer` (token). Secrets are compared through their SHA-256 digests with
 * `timingSafeEqual`, every entry each time, so neither the length of a secret nor which entry
 * matched shows in the time taken. Pure: no I/O.
 */
export class AdminAuthenticator {
  private readonly basic: readonly { readonly digest: Buffer; readonly principal: AdminPrincipal }[];
  private readonly bearer: readonly { readonly digest: Buffer; readonly principal: AdminPrincipal }[];

  constructor(options: Pick<AdminApiOptions, 'credentials'>) {
    this.basic = options.credentials.flatMap((c) => (c.kind === 'basic' ? [{ digest: digestOf(`${c.name}:${c.password}`), principal: { name: c.name, role: c.role } }] : []));
    this.bearer = options.credentials.flatMap((c) => (c.kind === 'bearer' ? [{ digest: digestOf(c.token), principal: { name: c.name, role: c.role } }] : []));
  }

  authenticate(header: string | undefined): AdminAuthentication {
    if (header === undefined || header.trim() === '') return { ok: false, failure: 'missing', message: 'Authentication credentials were not provided.' };
    if (header.length > maxHeaderLength) return { ok: false, failure: 'invalid', message: 'The Authorization header is too long.' };
    const space = header.indexOf(' ');
    const scheme = (space === -1 ? header : header.slice(0, space)).toLowerCase();
    const value = space === -1 ? '' : header.slice(space + 1).trim();
    if (scheme === 'basic') {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      if (!decoded.includes(':')) return { ok: false, failure: 'invalid', message: 'Basic credentials must be base64 of name:password.' };
      return this.match(this.basic, digestOf(decoded), 'The user name or password is wrong.');
    }
    if (scheme === 'bearer') {
      if (value === '') return { ok: false, failure: 'invalid', message: 'The bearer token is empty.' };
      return this.match(this.bearer, digestOf(value), 'The token is not valid.');
    }
    return { ok: false, failure: 'invalid', message: `The '${scheme.slice(0, 20)}' scheme is not accepted; use Basic or Bearer.` };
  }

  private match(entries: readonly { readonly digest: Buffer; readonly principal: AdminPrincipal }[], digest: Buffer, message: string): AdminAuthentication {
    let found: AdminPrincipal | undefined;
    for (const entry of entries) if (timingSafeEqual(entry.digest, digest)) found = entry.principal;
    return found === undefined ? { ok: false, failure: 'invalid', message } : { ok: true, principal: found };
  }
}

function digestOf(secret: string): Buffer {
  return hash('sha256', secret, 'buffer');
}
