import { randomBytes } from 'node:crypto';

/**
 * Tags, branches and Call-IDs: a random prefix per stack (64 bits) and a counter. RFC 3261
 * §19.3 asks for globally unique tags with at least 32 random bits; the counter keeps them
 * unique within the process without a random draw per message.
 */
export class TagSource {
  private readonly prefix = randomBytes(8).toString('hex');
  private counter = 0;

  /** A new To/From tag. */
  tag(): string {
    return `${this.prefix}${(this.counter++).toString(36)}`;
  }

  /** A new Via branch, with RFC 3261's magic cookie. */
  branch(): string {
    return `z9hG4bK${this.prefix}${(this.counter++).toString(36)}`;
  }

  /**
   * The To tag of a stateless answer: the same for every retransmission of a request, as
   * RFC 3261 §8.2.7 requires, without keeping state (a hash of the request's key fields).
   */
  statelessTag(key: string): string {
    // FNV-1a, 32 bits: cheap and spreads well enough for a tag.
    let hash = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) {
      hash ^= key.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
    return `${this.prefix.slice(0, 8)}${(hash >>> 0).toString(16)}`;
  }
}
