import { type Disposable, toDisposable } from '@herald/core';
import { type IncomingSipRequest, type IncomingSubscribe, type ParsedSipMessage, type SipCapabilities } from '@herald/sip-stack';

/** Methods this stack knows (answered 405 when nobody handles them); others get 501. */
const knownMethods = new Set([
  'ACK',
  'BYE',
  'CANCEL',
  'INFO',
  'INVITE',
  'MESSAGE',
  'NOTIFY',
  'OPTIONS',
  'PRACK',
  'PUBLISH',
  'REFER',
  'REGISTER',
  'SUBSCRIBE',
  'UPDATE',
  // Microsoft extensions Lync peers send.
  'BENOTIFY',
  'NEGOTIATE',
  'SERVICE',
]);

export function isKnownMethod(method: string): boolean {
  return knownMethods.has(method);
}

interface Registration<H> {
  readonly handler: H;
  readonly capabilities: SipCapabilities;
}

/**
 * The handlers the adapter registered, and what they add up to: the Allow, Accept, Supported
 * and Allow-Events lines of OPTIONS and 405 answers, and the option tags a Require may name.
 */
export class HandlerRegistry {
  private readonly requests = new Map<string, Registration<(request: IncomingSipRequest) => void>>();
  private subscribe: Registration<(request: IncomingSubscribe) => void> | undefined;
  private supported = new Set<string>();
  /** `Allow: …` CRLF */
  allowLine = '';
  /** Allow, Accept, Supported and Allow-Events lines for a 200 to OPTIONS. */
  optionsLines = '';

  constructor() {
    this.recompute();
  }

  onRequest(method: string, handler: (request: IncomingSipRequest) => void, capabilities: SipCapabilities = {}): Disposable {
    const name = method.toUpperCase();
    if (name === 'SUBSCRIBE') throw new Error('register SUBSCRIBE handlers with onSubscribe');
    if (name === 'ACK' || name === 'CANCEL') throw new Error(`${name} is handled by the transaction layer`);
    const registration = { handler, capabilities };
    this.requests.set(name, registration);
    this.recompute();
    return toDisposable(() => {
      if (this.requests.get(name) === registration) this.requests.delete(name);
      this.recompute();
    });
  }

  onSubscribe(handler: (request: IncomingSubscribe) => void, capabilities: SipCapabilities = {}): Disposable {
    const registration = { handler, capabilities };
    this.subscribe = registration;
    this.recompute();
    return toDisposable(() => {
      if (this.subscribe === registration) this.subscribe = undefined;
      this.recompute();
    });
  }

  requestHandler(method: string): ((request: IncomingSipRequest) => void) | undefined {
    return this.requests.get(method)?.handler;
  }

  /** The methods with a handler, SUBSCRIBE aside. */
  methods(): string[] {
    return [...this.requests.keys()];
  }

  subscribeHandler(): ((request: IncomingSubscribe) => void) | undefined {
    return this.subscribe?.handler;
  }

  /** The option tags of the request's Require that no handler supports (RFC 3261 §8.2.2.3). */
  unsupportedRequired(message: ParsedSipMessage): string[] {
    if (message.indexOf('require') < 0) return [];
    return message.getAll('require').filter((tag) => !this.supported.has(tag.toLowerCase()));
  }

  private recompute(): void {
    const all = [...this.requests.values(), ...(this.subscribe ? [this.subscribe] : [])].map((r) => r.capabilities);
    const union = (pick: (c: SipCapabilities) => readonly string[] | undefined): string[] => [...new Set(all.flatMap((c) => pick(c) ?? []))];
    const allow = ['OPTIONS', ...(this.subscribe ? ['SUBSCRIBE'] : []), ...[...this.requests.keys()].filter((m) => m !== 'OPTIONS')];
    const supported = union((c) => c.supported);
    this.supported = new Set(supported.map((tag) => tag.toLowerCase()));
    this.allowLine = `Allow: ${allow.join(', ')}\r\n`;
    const accept = union((c) => c.accept);
    const events = union((c) => c.events);
    // RFC 3261 §11.2: Accept and Supported always; empty lists are valid and mean "none".
    this.optionsLines =
      this.allowLine +
      listLine('Accept', accept) +
      listLine('Supported', supported) +
      (events.length > 0 ? listLine('Allow-Events', events) : '');
  }
}

function listLine(name: string, values: readonly string[]): string {
  return values.length > 0 ? `${name}: ${values.join(', ')}\r\n` : `${name}:\r\n`;
}
