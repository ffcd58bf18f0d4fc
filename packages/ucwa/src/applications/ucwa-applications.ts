import { randomBytes } from 'node:crypto';
import {
  Clock,
  type CounterMetric,
  type Disposable,
  inject,
  injectable,
  type LifecycleContribution,
  Logger,
  Metrics,
  optional,
  SubscriptionHub,
} from '@herald/core';
import { type UcwaPrincipal } from '../auth/ucwa-token-verifier';
import { UcwaError } from '../resources/ucwa-error';
import { UcwaOptions } from '../ucwa-options';
import { type ApplicationContext, UcwaApplication } from './ucwa-application';

/** How often the sweep runs: pending-GET timeouts are whole seconds, so this is their precision. */
export const sweepIntervalMs = 1000;

/** What a client gives when it creates an application. */
export interface ApplicationRequest {
  readonly userAgent: string;
  readonly endpointId: string;
  readonly culture: string;
}

export const UcwaApplications = Symbol.for('ucwa.UcwaApplications');
/** The node's UCWA applications, by id, each visible only to the principal that created it. */
export interface UcwaApplications {
  /**
   * Creates an application for `owner`, or returns the one it already has for the same
   * `endpointId` (a client that restarts gets its application back instead of leaking one).
   * @throws UcwaError 503 when the node holds its maximum of applications.
   */
  create(owner: UcwaPrincipal, request: ApplicationRequest): { readonly application: UcwaApplication; readonly created: boolean };
  /** The application `id` if it exists and belongs to `owner`; marks it as in use. */
  find(owner: UcwaPrincipal, id: string): UcwaApplication | undefined;
  /** Deletes an application of `owner`: its pending GET is answered, its subscriptions end. */
  delete(owner: UcwaPrincipal, id: string): boolean;
  /** Applications held. */
  readonly size: number;
  /**
   * Answers every pending GET with an empty, connection-closing answer. Called when the HTTP
   * server starts closing, so that held requests do not keep it open.
   */
  releaseChannels(): void;
}

/**
 * The registry of applications and their one sweep: a single timer on the injected `Clock`
 * that ends timed-out pending GETs, expires subscriptions and deletes idle applications. No
 * application or request has a timer of its own, so tens of thousands of pending GETs cost
 * only their sockets and a small object each.
 */
@injectable()
export class UcwaApplicationsImpl implements UcwaApplications, LifecycleContribution {
  readonly id = 'ucwa.applications';
  private readonly applications = new Map<string, UcwaApplication>();
  /** Owner and endpoint id → application id, for reuse. */
  private readonly byEndpoint = new Map<string, string>();
  private readonly context: ApplicationContext;
  private readonly logger: Logger;
  private readonly expired: CounterMetric | undefined;
  private timer: Disposable | undefined;
  private running = false;

  constructor(
    @inject(UcwaOptions) private readonly options: UcwaOptions,
    @inject(SubscriptionHub) hub: SubscriptionHub,
    @inject(Clock) private readonly clock: Clock,
    @inject(Logger) logger: Logger,
    @inject(Metrics) @optional() metrics: Metrics | undefined,
  ) {
    this.logger = logger.child({ component: this.id });
    const dropped = metrics?.counter({ name: 'herald_ucwa_events_dropped_total', help: 'UCWA events dropped from full application buffers (the client then resyncs)' });
    this.expired = metrics?.counter({ name: 'herald_ucwa_applications_expired_total', help: 'UCWA applications deleted after being idle' });
    metrics?.gauge({ name: 'herald_ucwa_applications', help: 'UCWA applications held', collect: (g) => g.set(this.applications.size) });
    metrics?.gauge({
      name: 'herald_ucwa_pending_gets',
      help: 'UCWA event-channel requests held open',
      collect: (g) => g.set([...this.applications.values()].filter((a) => a.holdsPendingGet).length),
    });
    this.context = { hub, clock, limits: options.limits, logger: this.logger, eventsDropped: (count) => dropped?.inc(undefined, count) };
  }

  get size(): number {
    return this.applications.size;
  }

  start(): void {
    this.running = true;
    this.arm();
  }

  stop(): void {
    this.running = false;
    this.timer?.dispose();
    this.timer = undefined;
    for (const application of this.applications.values()) application.close('closing');
    this.applications.clear();
    this.byEndpoint.clear();
  }

  create(owner: UcwaPrincipal, request: ApplicationRequest): { application: UcwaApplication; created: boolean } {
    const endpointKey = `${ownerKey(owner)}\u0000${request.endpointId}`;
    const existing = this.find(owner, this.byEndpoint.get(endpointKey) ?? '');
    if (existing !== undefined) return { application: existing, created: false };
    const max = this.options.limits.maxApplications;
    if (this.applications.size >= max) {
      this.logger.warn({ max }, 'refused a UCWA application: the node holds its maximum');
      throw new UcwaError('ServiceUnavailable', 'TooManyApplications', `This node already holds ${max} applications, its maximum. Try again later.`, { 'retry-after': '60' });
    }
    let appId: string;
    do appId = randomBytes(12).toString('base64url');
    while (this.applications.has(appId));
    const application = new UcwaApplication(appId, owner, request, this.context);
    this.applications.set(appId, application);
    this.byEndpoint.set(endpointKey, appId);
    this.logger.debug({ application: appId, principal: owner.name, userAgent: request.userAgent }, 'UCWA application created');
    return { application, created: true };
  }

  find(owner: UcwaPrincipal, id: string): UcwaApplication | undefined {
    const application = this.applications.get(id);
    if (application === undefined || !sameOwner(application.owner, owner)) return undefined;
    application.touch();
    return application;
  }

  delete(owner: UcwaPrincipal, id: string): boolean {
    const application = this.find(owner, id);
    if (application === undefined) return false;
    this.remove(application);
    return true;
  }

  releaseChannels(): void {
    for (const application of this.applications.values()) application.releaseChannel();
  }

  /** Runs the periodic work now (the timer calls it; tests may too). */
  sweep(): void {
    const now = this.clock.monotonic();
    // Runs every second over every application: no copies; deleting while iterating a Map is safe.
    for (const application of this.applications.values()) {
      if (application.sweep(now)) {
        this.remove(application);
        this.expired?.inc();
        this.logger.debug({ application: application.appId }, 'UCWA application expired while idle');
      }
    }
  }

  private remove(application: UcwaApplication): void {
    application.close('gone');
    this.applications.delete(application.appId);
    const endpointKey = `${ownerKey(application.owner)}\u0000${application.details.endpointId}`;
    if (this.byEndpoint.get(endpointKey) === application.appId) this.byEndpoint.delete(endpointKey);
  }

  private arm(): void {
    if (!this.running) return;
    this.timer = this.clock.setTimer(sweepIntervalMs, () => {
      try {
        this.sweep();
      } catch (error) {
        this.logger.error({ err: error }, 'the UCWA sweep failed; it runs again in a second');
      }
      this.arm();
    });
  }
}

function sameOwner(a: UcwaPrincipal, b: UcwaPrincipal): boolean {
  return a === b || (a.name === b.name && a.source === b.source);
}

function ownerKey(owner: UcwaPrincipal): string {
  return `${owner.source}\u0000${owner.name}`;
}
