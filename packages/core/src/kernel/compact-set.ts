/**
 * A set that holds its first member inline and makes a `Set` only for a second one.
 *
 * Most presentities a node watches have a single watcher (every gateway contact a Lync user
 * looks up, every room in a small company), and an empty `Set` costs about 200 bytes before it
 * holds anything. Tables that keep one set per watched presentity use this instead.
 * Iterate with `forEach` or `toArray` (a copy, safe against changes made while iterating).
 */
export class CompactSet<T> {
  private one: T | undefined;
  private many: Set<T> | undefined;

  get size(): number {
    return this.many !== undefined ? this.many.size : this.one === undefined ? 0 : 1;
  }

  has(item: T): boolean {
    return this.many !== undefined ? this.many.has(item) : this.one === item;
  }

  /** Adds `item` (which must not be undefined); false when it was already there. */
  add(item: T): boolean {
    if (this.many !== undefined) {
      const before = this.many.size;
      this.many.add(item);
      return this.many.size !== before;
    }
    if (this.one === undefined) {
      this.one = item;
      return true;
    }
    if (this.one === item) return false;
    this.many = new Set([this.one, item]);
    this.one = undefined;
    return true;
  }

  /** Removes `item`; false when it was not there. */
  delete(item: T): boolean {
    if (this.many !== undefined) {
      const deleted = this.many.delete(item);
      if (this.many.size === 1) {
        this.one = this.many.values().next().value;
        this.many = undefined;
      }
      return deleted;
    }
    if (this.one !== item || item === undefined) return false;
    this.one = undefined;
    return true;
  }

  /** The members now, as a new array. */
  toArray(): T[] {
    return this.many !== undefined ? [...this.many] : this.one === undefined ? [] : [this.one];
  }
}
