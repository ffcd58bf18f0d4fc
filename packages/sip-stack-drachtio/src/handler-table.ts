import { type Disposable, toDisposable } from '@herald/core';
import { type IncomingSipRequest, type IncomingSubscribe, type SipCapabilities } from '@herald/sip-stack';

interface Entry<H> {
  readonly handler: H;
  readonly capabilities: SipCapabilities;
}

/**
 * The adapter's handlers and what they add up to. drachtio-server sends this application only
 * the methods it registered a route for, so the method list is also the route list: SUBSCRIBE
 * and OPTIONS always, and each method with a handler.
 */
export class HandlerTable {
  private readonly requests = new Map<string, Entry<(request: IncomingSipRequest) => void>>();
  private subscribe: Entry<(request: IncomingSubscribe) => void> | undefined;

  onRequest(method: string, handler: (request: IncomingSipRequest) => void, capabilities: SipCapabilities = {}): Disposable {
    const name = method.toUpperCase();
    if (name === 'SUBSCRIBE') throw new Error('register SUBSCRIBE handlers with onSubscribe');
    if (name === 'ACK' || name === 'CANCEL') throw new Error(`${name} is handled by drachtio-server`);
    const entry = { handler, capabilities };
    this.requests.set(name, entry);
    return toDisposable(() => {
      if (this.requests.get(name) === entry) this.requests.delete(name);
    });
  }

  onSubscribe(handler: (request: IncomingSubscribe) => void, capabilities: SipCapabilities = {}): Disposable {
    const entry = { handler, capabilities };
    this.subscribe = entry;
    return toDisposable(() => {
      if (this.subscribe === entry) this.subscribe = undefined;
    });
  }

  requestHandler(method: string): ((request: IncomingSipRequest) => void) | undefined {
    return this.requests.get(method)?.handler;
  }

  subscribeHandler(): ((request: IncomingSubscribe) => void) | undefined {
    return this.subscribe?.handler;
  }

  /** The methods to register routes for with drachtio-server. */
  routedMethods(): string[] {
    return [...new Set(['SUBSCRIBE', 'OPTIONS', ...this.requests.keys()])];
  }

  /** `Allow` lists what this application answers. */
  allow(): string {
    return ['OPTIONS', ...(this.subscribe ? ['SUBSCRIBE'] : []), ...[...this.requests.keys()].filter((m) => m !== 'OPTIONS')].join(', ');
  }

  /** The header fields of a 200 to OPTIONS (RFC 3261 §11.2: Accept and Supported always). */
  optionsHeaders(): Record<string, string> {
    const events = this.union((c) => c.events);
    return {
      Allow: this.allow(),
      Accept: this.union((c) => c.accept).join(', '),
      Supported: this.union((c) => c.supported).join(', '),
      ...(events.length > 0 && { 'Allow-Events': events.join(', ') }),
    };
  }

  /** The option tags of a Require list that no handler supports (RFC 3261 §8.2.2.3). */
  unsupported(required: readonly string[]): string[] {
    if (required.length === 0) return [];
    const supported = new Set(this.union((c) => c.supported).map((tag) => tag.toLowerCase()));
    return required.filter((tag) => !supported.has(tag.toLowerCase()));
  }

  private union(pick: (c: SipCapabilities) => readonly string[] | undefined): string[] {
    const all = [...this.requests.values(), ...(this.subscribe ? [this.subscribe] : [])];
    return [...new Set(all.flatMap((entry) => pick(entry.capabilities) ?? []))];
  }
}
