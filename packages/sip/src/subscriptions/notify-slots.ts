/**
 * Bounds the NOTIFYs the node has in flight at once. A change to a room with 10,000 watchers
 * would otherwise put 10,000 NOTIFYs on the wire in one burst: over UDP their answers overflow
 * the socket's receive buffer (Linux's default is about 200 KB), every lost answer costs a
 * retransmission and, with a strict peer, the dialog; and the Front End gets a flood it did not
 * ask for. Senders wait their turn in order. The queue needs no bound of its own: each
 * subscription sends one NOTIFY at a time, so it holds at most one waiter per subscription.
 */
export class NotifySlots {
  private free: number;
  private waiters: Array<() => void> = [];
  private head = 0;

  constructor(readonly size: number) {
    this.free = size;
  }

  /** Senders waiting for a slot. */
  get waiting(): number {
    return this.waiters.length - this.head;
  }

  /** Resolves when the caller holds a slot; undefined when one was free at once. */
  acquire(): Promise<void> | undefined {
    if (this.free > 0) {
      this.free--;
      return undefined;
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Gives a slot back, to the longest waiter if there is one. */
  release(): void {
    if (this.head < this.waiters.length) {
      const next = this.waiters[this.head];
      this.waiters[this.head++] = noop;
      // Drop the served prefix now and then, so the array does not grow for ever.
      if (this.head > 1024 && this.head * 2 > this.waiters.length) {
        this.waiters = this.waiters.slice(this.head);
        this.head = 0;
      }
      next();
      return;
    }
    this.free++;
  }
}

const noop = (): void => undefined;
