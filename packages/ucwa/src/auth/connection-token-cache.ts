import { type Clock } from '@herald/core';
import { type UcwaPrincipal } from './ucwa-token-verifier';

interface Entry {
  /** The whole `Authorization` header value that was accepted. */
  readonly authorization: string;
  readonly principal: UcwaPrincipal;
  readonly until: number;
}

/**
 * Remembers, per connection, the `Authorization` header it last presented successfully and
 * whom it stood for, for a short while. A client sends the same header on every request of its
 * keep-alive connection; parsing and checking it again each time (hashing the token, asking
 * every verifier) would be a large part of the cost of a presence GET. Entries live with their
 * connection (a `WeakMap`), expire after `ttlMs` so that expiry and revocation take effect
 * promptly, and are compared without an early exit, since a proxy may carry several clients'
 * requests on one connection.
 */
export class ConnectionTokenCache {
  private readonly entries = new WeakMap<object, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = 1000,
  ) {}

  get(connection: object, authorization: string): UcwaPrincipal | undefined {
    const entry = this.entries.get(connection);
    if (entry === undefined || entry.until <= this.clock.monotonic()) return undefined;
    return sameText(authorization, entry.authorization) ? entry.principal : undefined;
  }

  set(connection: object, authorization: string, principal: UcwaPrincipal): void {
    this.entries.set(connection, { authorization, principal, until: this.clock.monotonic() + this.ttlMs });
  }
}

/**
 * Whether two strings are equal, looking at every character of `presented` whatever the
 * outcome. Cheaper than encoding both for `timingSafeEqual`, which matters on every request; the
 * time taken depends only on the presented length.
 */
export function sameText(presented: string, expected: string): boolean {
  const length = presented.length;
  let difference = length ^ expected.length;
  // Of a different length, `presented` is compared with itself: the same loop, with no modulo
  // per character (this runs on every request of a keep-alive connection).
  const other = difference === 0 ? expected : presented;
  for (let i = 0; i < length; i++) difference |= presented.charCodeAt(i) ^ other.charCodeAt(i);
  return difference === 0;
}
