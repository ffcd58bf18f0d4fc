import {
  type Bind,
  ContainerModule,
  HttpRouteContribution,
  LifecycleContribution,
  type Logger,
  PresencePolicy,
  ProtocolAdapter,
  type ServiceIdentifier,
} from '@herald/core';

/** A required plugin's contribution failed to start; the node stops. */
export class PluginStartError extends Error {
  constructor(
    readonly plugin: string,
    override readonly cause: unknown,
  ) {
    super(`plugin '${plugin}' failed to start: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'PluginStartError';
  }
}

/** The contribution points whose calls a guard intercepts. */
const guardedTokens: ReadonlySet<ServiceIdentifier> = new Set([LifecycleContribution, ProtocolAdapter, HttpRouteContribution, PresencePolicy]);

type Method = (...args: unknown[]) => unknown;

/**
 * Stands between the node and one plugin's contributions, so that a plugin's failure is
 * reported with the plugin's name and, for an optional plugin, taken out of the node alone:
 * its contributions that had started are stopped, the rest are never started, its presence
 * policies answer `continue` and its adapters list no endpoints.
 *
 * It works by wrapping the plugin's module: each binding of a guarded contribution point is
 * redirected to a private token, and the point itself is bound to a proxy of that instance.
 */
export class PluginGuard {
  private disabledBy: unknown;
  private readonly started: { target: object; stop: Method | undefined }[] = [];

  constructor(
    readonly plugin: string,
    private readonly optional: boolean,
    private readonly mode: 'serve' | 'offline',
    private readonly logger: Logger,
  ) {}

  get running(): boolean {
    return this.disabledBy === undefined;
  }

  /** The plugin's module, with its contribution bindings passing through this guard. */
  wrap(module: ContainerModule): ContainerModule {
    let count = 0;
    return new ContainerModule((options) => {
      const bind: Bind = <T>(token: ServiceIdentifier<T>) => {
        if (!guardedTokens.has(token)) return options.bind(token);
        const inner = Symbol(`${this.plugin}#${count++}`) as ServiceIdentifier<T>;
        options
          .bind(token)
          .toDynamicValue((context) => this.proxy(token, context.get<object>(inner as ServiceIdentifier<object>)) as T)
          .inSingletonScope();
        return options.bind(inner);
      };
      return module.load({ ...options, bind });
    });
  }

  private proxy(token: ServiceIdentifier, target: object): object {
    const isAdapter = token === ProtocolAdapter;
    return new Proxy(target, {
      get: (object, property) => {
        const value: unknown = Reflect.get(object, property, object);
        if (typeof value !== 'function') return value;
        const method = value as Method;
        switch (property) {
          case 'start':
            return () => this.start(object, method, isAdapter);
          case 'registerRoutes':
            return (server: unknown) => this.start(object, () => method.call(object, server), false);
          case 'stop':
            return () => this.stop(object, method);
          case 'decide':
            return (request: unknown) => (this.running ? method.call(object, request) : { action: 'continue', reason: `plugin '${this.plugin}' is not running` });
          case 'prepare':
            return (request: unknown) => (this.running ? method.call(object, request) : Promise.resolve());
          case 'endpoints':
            return () => (this.running && !(isAdapter && this.mode === 'offline') ? method.call(object) : []);
          default:
            return method.bind(object);
        }
      },
    });
  }

  private async start(target: object, method: Method, isAdapter: boolean): Promise<void> {
    // One-shot commands run no protocol adapter, a plugin's included.
    if (!this.running || (isAdapter && this.mode === 'offline')) return;
    try {
      await method.call(target);
      const stop = Reflect.get(target, 'stop', target) as Method | undefined;
      this.started.push({ target, stop: typeof stop === 'function' ? stop : undefined });
    } catch (error) {
      if (!this.optional) throw new PluginStartError(this.plugin, error);
      this.disabledBy = error;
      this.logger.error(
        { plugin: this.plugin, err: error },
        `plugin '${this.plugin}' failed to start; it is optional, so the node runs without it: ${error instanceof Error ? error.message : String(error)}`,
      );
      await this.stopAll();
    }
  }

  private async stop(target: object, method: Method): Promise<void> {
    const index = this.started.findIndex((entry) => entry.target === target);
    if (index < 0) return;
    this.started.splice(index, 1);
    await method.call(target);
  }

  /** Stops, in reverse order, what the plugin had started before it failed. */
  private async stopAll(): Promise<void> {
    while (this.started.length > 0) {
      const { target, stop } = this.started.pop() as { target: object; stop: Method | undefined };
      try {
        await stop?.call(target);
      } catch (error) {
        this.logger.error({ plugin: this.plugin, err: error }, `plugin '${this.plugin}' failed to stop after its failed start`);
      }
    }
  }
}
