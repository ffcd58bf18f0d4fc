import { request as httpRequest } from 'node:http';
import { type AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { type Container, HttpRouteContribution, Lifecycle } from '@herald/core';

/**
 * Test support: the UCWA routes of a container on a real Fastify server on a free loopback
 * port, with the node's HTTP settings (short socket idle timeout, 503 while closing), and a
 * small HTTP client. Kept out of specs so that the HTTP and event tests share it.
 */
export interface UcwaTestServer {
  readonly base: string;
  readonly app: FastifyInstance;
  readonly lifecycle: Lifecycle;
  /** Closes the server (answering held requests), then stops the node. */
  stop(): Promise<void>;
}

export async function startUcwaServer(container: Container, options: { connectionTimeoutMs?: number } = {}): Promise<UcwaTestServer> {
  const lifecycle = container.get<Lifecycle>(Lifecycle);
  await lifecycle.start();
  const timeout = options.connectionTimeoutMs ?? 10_000;
  const app = Fastify({ connectionTimeout: timeout, requestTimeout: timeout, keepAliveTimeout: 5000, return503OnClosing: true });
  for (const contribution of container.getAll<HttpRouteContribution>(HttpRouteContribution)) await contribution.registerRoutes(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  let stopped: Promise<void> | undefined;
  return {
    base,
    app,
    lifecycle,
    stop: () => (stopped ??= app.close().then(() => lifecycle.stop())),
  };
}

export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly bytes: Buffer;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read whatever the server answered
}

export interface CallOptions {
  readonly token?: string;
  /** An object is sent as JSON; a string or Buffer as it is. */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Aborts the request (a client going away). */
  readonly signal?: AbortSignal;
}

/** One HTTP request on its own connection, so tests never share sockets by accident. */
export function call(base: string, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { connection: 'close', ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let payload: Buffer | undefined;
  if (options.body !== undefined) {
    if (typeof options.body === 'string' || Buffer.isBuffer(options.body)) payload = Buffer.from(options.body);
    else {
      payload = Buffer.from(JSON.stringify(options.body));
      headers['content-type'] ??= 'application/json';
    }
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method, headers, agent: false, ...(options.signal ? { signal: options.signal } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        let json: unknown;
        try {
          json = bytes.length > 0 ? JSON.parse(bytes.toString('utf8')) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode as number, headers: res.headers, bytes, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}
