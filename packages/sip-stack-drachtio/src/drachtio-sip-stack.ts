import { Clock, type Disposable, inject, injectable, Logger } from '@herald/core';
import { type IncomingSipRequest, type IncomingSubscribe, PeerPolicy, type SipCapabilities, type SipStack } from '@herald/sip-stack';
import { DialogTable } from './drachtio-dialog';
import { DrachtioConnection } from './drachtio-connection';
import { defaultDrachtioSipLimits, type DrachtioSipLimits, DrachtioSipStackOptions } from './drachtio-sip-stack-options';
import { HandlerTable } from './handler-table';
import { InDialogRequests } from './in-dialog-requests';
import { RequestDispatch } from './request-dispatch';

/** What a running transport holds, for tests and diagnostics: every number is bounded. */
export interface DrachtioStackStats {
  readonly connected: boolean;
  readonly dialogs: number;
  readonly pendingRequests: number;
  readonly unansweredRequests: number;
}

interface Running {
  readonly connection: DrachtioConnection;
  readonly dialogs: DialogTable;
  readonly requests: InDialogRequests;
  readonly dispatch: RequestDispatch;
}

/**
 * The `SipStack` port behind drachtio-server, on drachtio-srf: drachtio-server owns the SIP
 * sockets, transactions and dialog state; this transport registers routes, decides answers,
 * keeps the subscription dialogs' Herald-side state and sends NOTIFYs through it. Like the
 * embedded stack it is started by the adapter once its handlers are registered, and can be
 * started again after a stop.
 */
@injectable()
export class DrachtioSipStack implements SipStack {
  private readonly handlers = new HandlerTable();
  private readonly policy: PeerPolicy;
  private readonly logger: Logger;
  private readonly limits: DrachtioSipLimits;
  private running: Running | undefined;
  private transition: Promise<void> = Promise.resolve();

  /** @throws Error when a trusted-peer entry is not an address, network or name. */
  constructor(
    @inject(DrachtioSipStackOptions) private readonly options: DrachtioSipStackOptions,
    @inject(Clock) private readonly clock: Clock,
    @inject(Logger) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'sip-stack-drachtio' });
    this.policy = new PeerPolicy(options.peers);
    this.limits = { ...defaultDrachtioSipLimits, ...options.limits };
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
        if (this.running !== undefined) return;
        const running = this.assemble();
        this.running = running;
        try {
          await running.connection.start();
        } catch (error) {
          this.running = undefined;
          await this.release(running);
          throw error;
        }
        if (this.options.peers.trustedPeers !== 'open' && this.options.peers.trustedPeers.length === 0) {
          this.logger.warn('no trusted SIP peers are configured: every request but OPTIONS will be answered 403 (list the Front End pool under sip.trusted_peers)');
        }
      });
    return this.transition;
  }

  stop(): Promise<void> {
    this.transition = this.transition
      .catch(() => undefined)
      .then(async () => {
        const running = this.running;
        this.running = undefined;
        if (running !== undefined) await this.release(running);
      });
    return this.transition;
  }

  endpoints(): readonly string[] {
    const connection = this.running?.connection;
    if (connection === undefined) return [];
    return [`drachtio-${this.options.mode}:${connection.address}`, ...connection.sipEndpoints];
  }

  /** Sizes of what the running transport holds. */
  stats(): DrachtioStackStats {
    const r = this.running;
    return {
      connected: r?.connection.up ?? false,
      dialogs: r?.dialogs.size ?? 0,
      pendingRequests: r?.requests.pending ?? 0,
      unansweredRequests: r?.dispatch.unanswered ?? 0,
    };
  }

  private assemble(): Running {
    const dialogs = new DialogTable(this.clock, this.logger, this.limits.maxDialogs, Math.max(1000, Math.min(60_000, this.limits.expiryGraceMs / 2)));
    // The connection's events reach the parts made after it; none arrive before `start`.
    const late: { dispatch?: RequestDispatch; requests?: InDialogRequests } = {};
    const connection = new DrachtioConnection(this.options, this.handlers.routedMethods(), this.clock, this.logger, {
      request: (incoming, reply) => late.dispatch?.dispatch(incoming, reply),
      lost: () => {
        late.requests?.connectionLost();
        late.dispatch?.connectionLost();
      },
    });
    const requests = new InDialogRequests(connection.client, connection, this.clock, this.logger, this.limits);
    const dispatch = new RequestDispatch({
      clock: this.clock,
      logger: this.logger,
      limits: this.limits,
      policy: this.policy,
      handlers: this.handlers,
      dialogs,
      sender: requests,
      contact: this.options.contact,
      outbound: this.options.mode === 'outbound',
    });
    late.requests = requests;
    late.dispatch = dispatch;
    return { connection, dialogs, requests, dispatch };
  }

  private async release(running: Running): Promise<void> {
    await running.connection.stop();
    running.requests.clear();
    running.dispatch.clear();
    running.dialogs.clear();
  }
}
