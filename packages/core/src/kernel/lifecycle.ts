import { inject, injectable, named } from 'inversify';
import { ContributionProvider } from './contribution-provider';
import { LifecycleContribution, ProtocolAdapter } from './contribution-points';
import { Logger } from './logger';

/** A contribution's start or stop failed; `id` says which. */
export class LifecycleError extends Error {
  constructor(
    readonly contributionId: string,
    readonly phase: 'start' | 'stop',
    override readonly cause: unknown,
  ) {
    super(`${contributionId} failed to ${phase}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'LifecycleError';
  }
}

export const Lifecycle = Symbol.for('core.Lifecycle');
/** Starts and stops a node's contributions. Both operations are idempotent. */
export interface Lifecycle {
  /**
   * Starts every `LifecycleContribution` in module order, then every `ProtocolAdapter`.
   * Resolves when all have started; on the first failure, stops what started and rejects with a
   * `LifecycleError`. Calling it again returns the same promise.
   */
  start(): Promise<void>;
  /**
   * Stops adapters, then contributions, each in reverse order. Resolves when all have stopped;
   * rejects with an `AggregateError` of `LifecycleError`s if any failed (the rest still stop).
   * Waits for a start in progress first. Calling it again returns the same promise.
   */
  stop(): Promise<void>;
}

@injectable()
export class LifecycleImpl implements Lifecycle {
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  private readonly started: LifecycleContribution[] = [];

  constructor(
    @inject(ContributionProvider) @named(LifecycleContribution)
    private readonly contributions: ContributionProvider<LifecycleContribution>,
    @inject(ContributionProvider) @named(ProtocolAdapter)
    private readonly adapters: ContributionProvider<ProtocolAdapter>,
    @inject(Logger) private readonly logger: Logger,
  ) {}

  start(): Promise<void> {
    if (this.stopping) return Promise.reject(new Error('this node was stopped; create a new container to start again'));
    this.starting ??= this.startAll();
    return this.starting;
  }

  stop(): Promise<void> {
    this.stopping ??= this.stopAll();
    return this.stopping;
  }

  private async startAll(): Promise<void> {
    const ordered = [...this.contributions.getContributions(), ...this.adapters.getContributions()];
    for (const contribution of ordered) {
      try {
        await contribution.start?.();
        this.started.push(contribution);
        this.logger.debug({ contribution: contribution.id }, 'started');
      } catch (error) {
        const failure = new LifecycleError(contribution.id, 'start', error);
        this.logger.error({ contribution: contribution.id, err: error }, failure.message);
        const stopErrors = await this.stopStarted();
        if (stopErrors.length > 0) {
          throw new AggregateError([failure, ...stopErrors], failure.message);
        }
        throw failure;
      }
    }
    for (const adapter of this.adapters.getContributions()) {
      this.logger.info({ adapter: adapter.id, protocol: adapter.protocol, endpoints: adapter.endpoints() }, 'accepting traffic');
    }
  }

  private async stopAll(): Promise<void> {
    if (this.starting) await this.starting.catch(() => undefined);
    const errors = await this.stopStarted();
    if (errors.length > 0) throw new AggregateError(errors, errors.map((e) => e.message).join('; '));
  }

  private async stopStarted(): Promise<LifecycleError[]> {
    const errors: LifecycleError[] = [];
    while (this.started.length > 0) {
      const contribution = this.started.pop() as LifecycleContribution;
      try {
        await contribution.stop?.();
        this.logger.debug({ contribution: contribution.id }, 'stopped');
      } catch (error) {
        const failure = new LifecycleError(contribution.id, 'stop', error);
        this.logger.error({ contribution: contribution.id, err: error }, failure.message);
        errors.push(failure);
      }
    }
    return errors;
  }
}
