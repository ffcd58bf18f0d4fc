import { readFile } from 'node:fs/promises';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { type AddressInfo } from 'node:net';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import {
  ContributionProvider,
  HealthContribution,
  HttpRouteContribution,
  inject,
  injectable,
  Logger,
  named,
  NodeInfo,
  type ProtocolAdapter,
} from '@herald/core';
import { checkHealth } from './health-report';
import { type HttpLimits, HttpServerOptions, type ListenAddress } from './http-config';
import { LazyRequestLogger } from './lazy-request-logger';
import { PrometheusMetrics } from './prometheus-metrics';
import { RequestMetrics } from './request-metrics';

/** How long a stop waits for requests in flight before cutting their connections. */
const stopGraceMs = 5000;

/**
 * The node's one HTTP server (Fastify), bound as a protocol adapter so it accepts requests only
 * once the directory and themes are ready, and stops before them. It serves `/healthz` and
 * `/metrics` itself and every `HttpRouteContribution`'s routes, over plain HTTP and, when
 * configured, HTTPS as well (one Fastify instance behind both listeners).
 */
@injectable()
export class HttpServer implements ProtocolAdapter {
  readonly id = 'http';
  readonly protocol = 'http';
  private app: FastifyInstance | undefined;
  private secure: HttpsServer | undefined;
  private bound: string[] = [];
  private readonly logger: Logger;

  constructor(
    @inject(HttpServerOptions) private readonly options: HttpServerOptions,
    @inject(ContributionProvider) @named(HttpRouteContribution) private readonly routes: ContributionProvider<HttpRouteContribution>,
    @inject(ContributionProvider) @named(HealthContribution) private readonly health: ContributionProvider<HealthContribution>,
    @inject(PrometheusMetrics) private readonly metrics: PrometheusMetrics,
    @inject(NodeInfo) private readonly node: NodeInfo,
    @inject(Logger) logger: Logger,
  ) {
    this.logger = logger.child({ component: this.id });
  }

  endpoints(): readonly string[] {
    return this.bound;
  }

  async start(): Promise<void> {
    const tls = await this.readTls();
    const { limits } = this.options;
    const app = Fastify({
      // The node's logger has pino's shape, so Fastify logs through it.
      loggerInstance: this.logger as unknown as FastifyBaseLogger,
      logController: new RequestLogsAtDebug(),
      childLoggerFactory: (logger, bindings, options) => new LazyRequestLogger(logger, bindings, options) as unknown as FastifyBaseLogger,
      bodyLimit: limits.bodyLimitBytes,
      requestTimeout: limits.requestTimeoutMs,
      connectionTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      http: { headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs },
      return503OnClosing: true,
    });
    this.app = app;
    this.instrument(app);
    app.get('/healthz', async (_request, reply) => {
      const health = await checkHealth(this.node.name, this.health.getContributions());
      return reply
        .code(health.status === 'failing' ? 503 : 200)
        .header('cache-control', 'no-store')
        .send(health);
    });
    app.get('/metrics', async (_request, reply) => reply.header('cache-control', 'no-store').type(this.metrics.contentType).send(await this.metrics.render()));
    for (const contribution of this.routes.getContributions()) {
      try {
        await contribution.registerRoutes(app);
      } catch (error) {
        throw new Error(`the routes of '${contribution.id}' could not be added: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    }
    await app.ready();
    app.server.maxConnections = limits.maxConnections;
    await app.listen({ host: this.options.listen.host, port: this.options.listen.port });
    this.bound = [endpoint('http', app.server.address() as AddressInfo)];

    if (tls !== undefined && this.options.https !== undefined) {
      this.secure = createSecureServer(tls, limits, (req, res) => app.routing(req, res));
      await listen(this.secure, this.options.https.listen);
      this.bound.push(endpoint('https', this.secure.address() as AddressInfo));
    }
  }

  async stop(): Promise<void> {
    const secure = this.secure;
    this.secure = undefined;
    const app = this.app;
    this.app = undefined;
    this.bound = [];
    await Promise.all([secure === undefined ? undefined : closeServer(secure), app?.close()]);
  }

  private async readTls(): Promise<{ cert: Buffer; key: Buffer } | undefined> {
    const https = this.options.https;
    if (https === undefined) return undefined;
    const read = (what: string, file: string) =>
      readFile(file).catch((error: NodeJS.ErrnoException) => {
        throw new Error(`http.https.${what}: cannot read ${file}: ${error.code === 'ENOENT' ? 'the file does not exist' : error.message}`);
      });
    return { cert: await read('cert_file', https.certFile), key: await read('key_file', https.keyFile) };
  }

  /** Request counts and durations by route template (never the raw URL: it would explode the series). */
  private instrument(app: FastifyInstance): void {
    const counts = new RequestMetrics(this.metrics.registry, {
      counter: { name: 'herald_http_requests_total', help: 'HTTP requests answered, by method, route and status' },
      histogram: {
        name: 'herald_http_request_duration_seconds',
        help: 'Time to answer HTTP requests, by method, route and status',
        buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      },
    });
    // A callback hook, not an async one: it runs on every request, and a promise each costs throughput.
    app.addHook('onResponse', (request, reply, done) => {
      counts.record(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
      done();
    });
  }
}

/**
 * Fastify logs two info lines per request; a node answering every Lync client's photo fetches
 * would drown its log in them. One debug line per request instead; errors stay as Fastify logs them.
 */
class RequestLogsAtDebug extends LogController {
  override incomingRequest(): void {
    // The completion line says everything.
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) {
      super.requestCompleted(error, request, reply);
      return;
    }
    // Asked first, so that a node logging at info builds nothing for it on every request.
    if ((request.log as { isLevelEnabled?(level: string): boolean }).isLevelEnabled?.('debug') === false) return;
    request.log.debug({ method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request answered');
  }
}

function createSecureServer(tls: { cert: Buffer; key: Buffer }, limits: HttpLimits, handler: Parameters<typeof createHttpsServer>[1]): HttpsServer {
  const server = createHttpsServer({ ...tls, headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs }, handler);
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.setTimeout(limits.requestTimeoutMs);
  server.maxConnections = limits.maxConnections;
  return server;
}

function listen(server: HttpsServer, address: ListenAddress): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Stops accepting, closes idle connections, and cuts the rest after a grace period. */
function closeServer(server: HttpsServer): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), stopGraceMs);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

function endpoint(scheme: string, address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `${scheme}://${host}:${address.port}`;
}
