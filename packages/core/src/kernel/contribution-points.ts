export const LifecycleContribution = Symbol.for('core.LifecycleContribution');
/**
 * Something that holds resources between a node's start and stop: a directory watcher, a
 * compiled index, a server socket.
 *
 * Error handling: a `start` that throws aborts the node's start; everything already started is
 * stopped in reverse order and the error, wrapped with this contribution's `id`, is reported.
 * A `stop` that throws does not prevent the others from stopping; all errors are reported
 * together.
 */
export interface LifecycleContribution {
  /** Stable identifier used in logs and errors, e.g. `'directory-file'`. */
  readonly id: string;
  /**
   * Called once when the node starts, in module order, before any protocol adapter starts.
   * It may block (load files, connect to a store): the next contribution waits for it.
   */
  start?(): Promise<void> | void;
  /**
   * Called once when the node stops, in reverse module order, after every protocol adapter
   * has stopped. It must release every socket, timer, watcher and child process it holds.
   */
  stop?(): Promise<void> | void;
}

export const ProtocolAdapter = Symbol.for('core.ProtocolAdapter');
/**
 * A way in for watchers (SIP/SIMPLE, UCWA-style HTTP, a plugin's protocol). Adapters start
 * after every `LifecycleContribution`, so they accept traffic only once the directory, rules
 * and themes are ready, and stop first, so no request arrives while the rest shuts down.
 */
export interface ProtocolAdapter extends LifecycleContribution {
  /** The protocol served, for logs and metrics: `'sip'`, `'ucwa'`, … */
  readonly protocol: string;
  /** Where the adapter accepts traffic once started, e.g. `['udp:127.0.0.1:5060']`. */
  endpoints(): readonly string[];
}

export const HttpRouteContribution = Symbol.for('core.HttpRouteContribution');
/**
 * Routes an adapter adds to the node's one HTTP server. The HTTP engine calls `registerRoutes`
 * once, while the server is being built and before it listens; it may block (for example to
 * register plugins). A throw aborts the node's start, with this contribution's `id`.
 */
export interface HttpRouteContribution {
  readonly id: string;
  /**
   * @param server the node's HTTP server. In the standard host it is a Fastify 5 instance
   *   (`FastifyInstance`); core stays free of HTTP libraries, so contributions type the
   *   parameter themselves.
   */
  registerRoutes(server: unknown): Promise<void> | void;
}
