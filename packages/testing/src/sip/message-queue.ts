import { type ParsedSipMessage } from '@herald/sip-stack';

interface Waiter {
  readonly filter: (message: ParsedSipMessage) => boolean;
  readonly resolve: (message: ParsedSipMessage) => void;
}

/** Messages received by a test peer, handed to whoever waits for one that matches. Bounded. */
export class MessageQueue {
  private readonly queued: ParsedSipMessage[] = [];
  private readonly waiters = new Set<Waiter>();

  constructor(private readonly max = 10_000) {}

  push(message: ParsedSipMessage): void {
    for (const waiter of this.waiters) {
      if (waiter.filter(message)) {
        this.waiters.delete(waiter);
        waiter.resolve(message);
        return;
      }
    }
    if (this.queued.length >= this.max) this.queued.shift();
    this.queued.push(message);
  }

  receive(filter: (message: ParsedSipMessage) => boolean = () => true, timeoutMs = 3000): Promise<ParsedSipMessage> {
    const index = this.queued.findIndex(filter);
    if (index >= 0) return Promise.resolve(this.queued.splice(index, 1)[0] as ParsedSipMessage);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no matching SIP message within ${timeoutMs} ms; queued: ${this.queued.map(describe).join(' | ') || 'none'}`));
      }, timeoutMs);
      const waiter: Waiter = {
        filter,
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message);
        },
      };
      this.waiters.add(waiter);
    });
  }

  async collect(ms: number, filter: (message: ParsedSipMessage) => boolean = () => true): Promise<ParsedSipMessage[]> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    const out: ParsedSipMessage[] = [];
    for (let i = this.queued.length - 1; i >= 0; i--) if (filter(this.queued[i] as ParsedSipMessage)) out.unshift(...this.queued.splice(i, 1));
    return out;
  }
}

function describe(m: ParsedSipMessage): string {
  return m.isRequest ? `${m.method} ${m.uri}` : `${m.status} ${m.reason} (${m.cseq.method})`;
}
