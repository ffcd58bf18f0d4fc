import { inject, injectable, optional } from 'inversify';
import { Clock, type Disposable, DisposableCollection, Logger, Metrics, type ProtocolAdapter, ResolutionCache, SubscriptionHub } from '@herald/core';
import { SipStack } from '@herald/sip-stack';
import { adhocListType, batchSubscribeType } from './request/subscribe-plan';
import { SipPresenceOptions } from './sip-presence-options';
import { sipPresenceMetrics } from './sip-presence-metrics';
import { SubscriptionManager, type SubscriptionStats } from './subscriptions/subscription-manager';

/**
 * The SIP/SIMPLE presence adapter: Lync/SfB and SIMPLE watchers subscribe to rooms and gateway
 * contacts and are kept current. It knows the `SipStack` port only, never a transport.
 */
@injectable()
export class SipPresenceAdapter implements ProtocolAdapter {
  readonly id = 'sip-presence';
  readonly protocol = 'sip';
  private readonly manager: SubscriptionManager;
  private readonly logger: Logger;
  private readonly registrations = new DisposableCollection();
  private started = false;

  constructor(
    @inject(SipStack) private readonly stack: SipStack,
    @inject(ResolutionCache) presence: ResolutionCache,
    @inject(SubscriptionHub) hub: SubscriptionHub,
    @inject(Clock) clock: Clock,
    @inject(Logger) logger: Logger,
    @inject(SipPresenceOptions) private readonly options: SipPresenceOptions,
    @inject(Metrics) @optional() metrics: Metrics | undefined,
  ) {
    this.logger = logger.child({ component: this.id });
    const observer = metrics === undefined ? undefined : sipPresenceMetrics(metrics, () => this.manager.stats());
    this.manager = new SubscriptionManager({ presence, hub, clock, logger: this.logger, limits: options.limits, ...(observer === undefined ? {} : { observer }) });
  }

  async start(): Promise<void> {
    const registration: Disposable = this.stack.onSubscribe(
      (incoming) => {
        this.manager.subscribe(incoming).catch((error: unknown) => {
          this.logger.error({ err: error, callId: incoming.request.callId }, 'a SUBSCRIBE could not be handled');
          if (!incoming.answered) incoming.respond(500, { reason: 'Server Internal Error' });
        });
      },
      {
        accept: [batchSubscribeType, adhocListType],
        // The option tags Lync puts in Require for list subscriptions must never draw a 420.
        supported: ['eventlist', 'adhoclist', 'categoryList', 'ms-piggyback-first-notify'],
        events: ['presence'],
      },
    );
    this.registrations.push(registration);
    await this.stack.start();
    this.started = true;
  }

  async stop(): Promise<void> {
    if (this.started) await this.manager.shutdown(this.options.shutdownGraceMs);
    this.started = false;
    await this.stack.stop();
    this.registrations.dispose();
  }

  endpoints(): readonly string[] {
    return this.stack.endpoints();
  }

  stats(): SubscriptionStats {
    return this.manager.stats();
  }
}
