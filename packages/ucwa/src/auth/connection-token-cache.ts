import { timingSafeEqual } from 'node:crypto';
import { type Clock } from '@herald/core';
import { type UcwaPrincipal } from './ucwa-token-verifier';

interface Entry {
  readonly token: Buffer;
  readonly principal: UcwaPrincipal;
  readonly until: number;
}

/**
 * Remembers, per connection, the token it last presented successfully and whom it stood for,
 * for a short while. A client sends the same token on every request of its keep-alive
 * connection; checking it again each time (hashing it, asking every verifier) would be most
 * of the cost of a presence GET. Entries live with their connection (a `WeakMap`), expire after
 * `ttlMs` so that expiry and revocation take effect promptly, and are compared in constant
 * time, since a proxy may carry several clients' requests on one connection.
 */
export class ConnectionTokenCache {
  private readonly entries = new WeakMap<object, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = 1000,
  ) {}

  get(connection: object, token: string): UcwaPrincipal | undefined {
    const entry = this.entries.get(connection);
    if (entry === undefined || entry.until <= this.clock.monotonic()) return undefined;
    const presented = Buffer.from(token, 'utf8');
    return presented.length === entry.token.length && timingSafeEqual(presented, entry.token) ? entry.principal : undefined;
  }

  set(connection: object, token: string, principal: UcwaPrincipal): void {
    this.entries.set(connection, { token: Buffer.from(token, 'utf8'), principal, until: this.clock.monotonic() + this.ttlMs });
  }
}
