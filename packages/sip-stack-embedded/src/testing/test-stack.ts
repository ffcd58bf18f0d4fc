import { type Clock, type Logger, SilentLogger, SystemClock } from '@herald/core';
import { type SipStack, type SubscriptionDialog } from '@herald/sip-stack';
import { EmbeddedSipStack } from '../embedded-sip-stack';
import { type EmbeddedSipStackOptions, type SipListenOptions } from '../embedded-sip-stack-options';

// Test-only helpers for the embedded stack's specs, kept out of the package's build. They take
// their clock and logger from the spec, so that only specs import @herald/testing.

export interface TestStack {
  readonly stack: EmbeddedSipStack;
  /** Where the listener of `transport` (the first one) is bound. */
  address(transport: SipListenOptions['transport']): { host: string; port: number };
  stop(): Promise<void>;
}

export interface TestStackOptions extends Partial<Omit<EmbeddedSipStackOptions, 'listen'>> {
  /** Transports to listen on, port 0; default UDP and TCP. */
  readonly transports?: readonly SipListenOptions['transport'][];
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Full listener options, instead of `transports` and `host`. */
  readonly listen?: readonly SipListenOptions[];
  /** Default the system clock. */
  readonly clock?: Clock;
  /** Default silent. */
  readonly logger?: Logger;
}

/** Fast timers for tests: Timer F fires after 1.28 s. */
export const fastTimers = { t1Ms: 20, t2Ms: 160, t4Ms: 200 };

/** Starts an embedded stack on loopback, trusting loopback, after `register` has added handlers. */
export async function startTestStack(options: TestStackOptions = {}, register?: (stack: SipStack) => void): Promise<TestStack> {
  const { clock = new SystemClock(), logger = new SilentLogger(), ...stackOptions } = options;
  const host = options.host ?? '127.0.0.1';
  const listen = options.listen ?? (options.transports ?? ['udp', 'tcp']).map((transport) => ({ transport, host, port: 0 }));
  const stack = new EmbeddedSipStack({ peers: { trustedPeers: ['127.0.0.0/8', '::1'] }, timers: fastTimers, ...stackOptions, listen }, clock, logger);
  register?.(stack);
  await stack.start();
  return {
    stack,
    address: (transport) => {
      const endpoint = stack.endpoints().find((e) => e.startsWith(`${transport}:`));
      if (endpoint === undefined) throw new Error(`no ${transport} listener`);
      const port = Number(endpoint.slice(endpoint.lastIndexOf(':') + 1));
      const bound = listen.find((l) => l.transport === transport)?.host ?? host;
      return { host: bound, port };
    },
    stop: () => stack.stop(),
  };
}

/** Resolves after `ms`. */
export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A SUBSCRIBE handler that accepts every subscription, and the dialogs it made, in order. */
export function acceptingAll(): { register: (stack: SipStack) => void; nextDialog: () => Promise<SubscriptionDialog> } {
  const made: Promise<SubscriptionDialog>[] = [];
  const waiting: ((dialog: Promise<SubscriptionDialog>) => void)[] = [];
  return {
    register: (stack) =>
      stack.onSubscribe((request) => {
        const dialog = request.acceptSubscription({ headers: { Expires: 600 } });
        const waiter = waiting.shift();
        if (waiter) waiter(dialog);
        else made.push(dialog);
      }),
    nextDialog: () => {
      const dialog = made.shift();
      return dialog ?? new Promise<Promise<SubscriptionDialog>>((resolve) => waiting.push(resolve)).then((d) => d);
    },
  };
}
