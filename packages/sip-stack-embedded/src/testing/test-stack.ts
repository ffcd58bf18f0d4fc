import { type SipStack } from '@herald/sip-stack';
import { RecordingLogger, TrackingClock, type SipStackAddress } from '@herald/testing';
import { EmbeddedSipStack } from '../embedded-sip-stack';
import { type EmbeddedSipStackOptions, type SipListenOptions } from '../embedded-sip-stack-options';

/** Test-only helpers for the embedded stack's specs (not part of the package's build). */
export interface TestStack {
  readonly stack: EmbeddedSipStack;
  readonly clock: TrackingClock;
  readonly logger: RecordingLogger;
  /** Where the listener of `transport` (the first one) is bound. */
  address(transport: SipListenOptions['transport']): SipStackAddress;
  stop(): Promise<void>;
}

export interface TestStackOptions extends Partial<Omit<EmbeddedSipStackOptions, 'listen'>> {
  /** Transports to listen on, port 0; default UDP and TCP. */
  readonly transports?: readonly SipListenOptions['transport'][];
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Full listener options, instead of `transports` and `host`. */
  readonly listen?: readonly SipListenOptions[];
}

/** Fast timers for tests: Timer F fires after 1.28 s. */
export const fastTimers = { t1Ms: 20, t2Ms: 160, t4Ms: 200 };

/** Starts an embedded stack on loopback, trusting loopback, after `register` has added handlers. */
export async function startTestStack(options: TestStackOptions = {}, register?: (stack: SipStack) => void): Promise<TestStack> {
  const clock = new TrackingClock();
  const logger = new RecordingLogger();
  const host = options.host ?? '127.0.0.1';
  const listen = options.listen ?? (options.transports ?? ['udp', 'tcp']).map((transport) => ({ transport, host, port: 0 }));
  const stack = new EmbeddedSipStack({ peers: { trustedPeers: ['127.0.0.0/8', '::1'] }, timers: fastTimers, ...options, listen }, clock, logger);
  register?.(stack);
  await stack.start();
  return {
    stack,
    clock,
    logger,
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
