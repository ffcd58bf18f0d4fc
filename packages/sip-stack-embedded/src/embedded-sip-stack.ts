import { Clock, type Disposable, inject, injectable, Logger } from '@herald/core';
import { type IncomingSipRequest, type IncomingSubscribe, PeerPolicy, type SipCapabilities, type SipStack } from '@herald/sip-stack';
import { defaultEmbeddedSipLimits, defaultSipTimers, EmbeddedSipStackOptions } from './embedded-sip-stack-options';
import { HandlerRegistry } from './handler-registry';
import { StackRuntime } from './stack-runtime';

/**
 * Herald's own SIP stack: UDP, TCP and TLS listeners, RFC 3261 non-INVITE transactions,
 * subscription dialogs, and stateless answers for what a presence server does not do.
 * It is not a lifecycle contribution: the adapter that uses it starts it once its handlers are
 * registered and stops it after its last NOTIFYs. It can be started again after a stop.
 */
@injectable()
export class EmbeddedSipStack implements SipStack {
  private readonly handlers = new HandlerRegistry();
  private readonly policy: PeerPolicy;
  private readonly logger: Logger;
  private runtime: StackRuntime | undefined;
  private transition: Promise<void> = Promise.resolve();

  /** @throws Error when a trusted-peer entry is not an address, network or name. */
  constructor(
    @inject(EmbeddedSipStackOptions) private readonly options: EmbeddedSipStackOptions,
    @inject(Clock) private readonly clock: Clock,
    @inject(Logger) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'sip-stack-embedded' });
    this.policy = new PeerPolicy(options.peers);
  }

  onRequest(method: string, handler: (request: IncomingSipRequest) => void, capabilities?: SipCapabilities): Disposable {
    return this.handlers.onRequest(method, handler, capabilities);
  }

  onSubscribe(handler: (request: IncomingSubscribe) => void, capabilities?: SipCapabilities): Disposable {
    return this.handlers.onSubscribe(handler, capabilities);
  }

  start(): Promise<void> {
    this.transition = this.transition
      .catch(() => undefined)
      .then(async () => {
      if (this.runtime !== undefined) return;
      const runtime = new StackRuntime(
        this.options,
        { ...defaultEmbeddedSipLimits, ...this.options.limits },
        { ...defaultSipTimers, ...this.options.timers },
        this.policy,
        this.handlers,
        this.clock,
        this.logger,
      );
      await runtime.start();
      this.runtime = runtime;
      if (this.options.peers.trustedPeers !== 'open' && this.options.peers.trustedPeers.length === 0) {
        this.logger.warn('no trusted SIP peers are configured: every request but OPTIONS will be answered 403 (list the Front End pool under sip.trusted_peers)');
      }
      this.logger.info({ endpoints: runtime.endpoints() }, 'SIP stack listening');
    });
    return this.transition;
  }

  stop(): Promise<void> {
    this.transition = this.transition
      .catch(() => undefined)
      .then(async () => {
        const runtime = this.runtime;
        this.runtime = undefined;
        await runtime?.stop();
      });
    return this.transition;
  }

  endpoints(): readonly string[] {
    return this.runtime?.endpoints() ?? [];
  }
}
