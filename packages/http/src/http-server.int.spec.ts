import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FastifyInstance } from 'fastify';
import {
  Container,
  createCoreModule,
  HealthContribution,
  type HealthReport,
  HttpRouteContribution,
  InMemoryDirectory,
  Directory,
  Lifecycle,
  LifecycleError,
  Metrics,
  ProtocolAdapter,
  SystemClock,
} from '@herald/core';
import { RecordingLogger } from '@herald/testing';
import { defaultHttpLimits, type HttpServerOptions } from './http-config';
import { createHttpModule } from './http-module';

jest.setTimeout(20_000);

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(url: string, options: { method?: string; body?: string; ca?: Buffer } = {}): Promise<Answer> {
  const request = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', ...(options.ca ? { ca: options.ca } : {}), headers: { connection: 'close' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode as number, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A contribution with a GET and a POST route, as an adapter would add. */
const echoRoutes: HttpRouteContribution = {
  id: 'test.echo',
  registerRoutes(server: unknown) {
    const app = server as FastifyInstance;
    app.get('/hello/:name', async (request) => ({ hello: (request.params as { name: string }).name }));
    app.post('/echo', async (request) => request.body);
    app.get('/boom', async () => {
      throw new Error('the handler broke');
    });
  },
};

/** Every node a test started, stopped after it even when it fails, so no server outlives its test. */
const started: Lifecycle[] = [];
afterEach(async () => {
  await Promise.allSettled(started.splice(0).map((lifecycle) => lifecycle.stop()));
});

async function startServer(extra: (c: Container) => void = () => undefined, options: Partial<HttpServerOptions> = {}) {
  const logger = new RecordingLogger();
  const container = new Container();
  container.loadSync(createCoreModule({ logger, clock: new SystemClock(), node: { name: 'herald-test' } }));
  container.bind(Directory).toConstantValue(new InMemoryDirectory());
  container.loadSync(
    createHttpModule({ listen: { host: '127.0.0.1', port: 0 }, limits: { ...defaultHttpLimits, bodyLimitBytes: 1024 }, processMetrics: true, ...options }),
  );
  container.bind(HttpRouteContribution).toConstantValue(echoRoutes);
  extra(container);
  const lifecycle = container.get<Lifecycle>(Lifecycle);
  started.push(lifecycle);
  await lifecycle.start();
  const endpoints = container.get<ProtocolAdapter>(ProtocolAdapter).endpoints();
  return { container, lifecycle, logger, endpoints, base: endpoints[0] };
}

describe('the HTTP server', () => {
  it('serves the routes adapters contribute, and reports where it listens', async () => {
    const node = await startServer();
    expect(node.base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const answer = await send(`${node.base}/hello/lync`);
    expect([answer.status, JSON.parse(answer.body)]).toEqual([200, { hello: 'lync' }]);
    expect(node.logger.find('info', 'accepting traffic')[0].fields).toMatchObject({ adapter: 'http', protocol: 'http', endpoints: [node.base] });
    await node.lifecycle.stop();
  });

  it('answers /healthz with 200 and each check; 503 when a check fails', async () => {
    let report: HealthReport = { status: 'degraded', detail: 'a theme file was refused' };
    const node = await startServer((c) => c.bind(HealthContribution).toConstantValue({ id: 'themes', check: () => report }));
    let answer = await send(`${node.base}/healthz`);
    expect(answer.status).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(answer.body)).toEqual({ status: 'degraded', node: 'herald-test', checks: { themes: { status: 'degraded', detail: 'a theme file was refused' } } });
    report = { status: 'failing', detail: 'redis unreachable' };
    answer = await send(`${node.base}/healthz`);
    expect(answer.status).toBe(503);
    await node.lifecycle.stop();
  });

  it('serves /metrics in Prometheus text: its request counts, process metrics, and what other packages register', async () => {
    const node = await startServer();
    node.container.get<Metrics>(Metrics).counter({ name: 'herald_test_events_total', help: 'Test events' }).inc();
    await send(`${node.base}/hello/a`);
    await send(`${node.base}/nowhere`);
    const answer = await send(`${node.base}/metrics`);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(answer.body).toContain('herald_http_requests_total{method="GET",route="/hello/:name",status="200"} 1');
    expect(answer.body).toContain('herald_http_requests_total{method="GET",route="unmatched",status="404"} 1');
    expect(answer.body).toContain('herald_test_events_total 1');
    expect(answer.body).toContain('process_resident_memory_bytes');
    await node.lifecycle.stop();
  });

  it('logs each request at debug, and a failing handler at error with its reason', async () => {
    const node = await startServer();
    expect((await send(`${node.base}/boom`)).status).toBe(500);
    await send(`${node.base}/hello/a`);
    expect(node.logger.find('error', 'the handler broke')).toHaveLength(1);
    expect(node.logger.find('debug', 'request answered').map((l) => l.fields)).toEqual([
      expect.objectContaining({ method: 'GET', url: '/boom', status: 500, component: 'http', reqId: expect.any(String) }),
      expect.objectContaining({ method: 'GET', url: '/hello/a', status: 200, component: 'http' }),
    ]);
    expect(node.logger.lines.filter((l) => l.level === 'info' && /request/.test(l.message))).toEqual([]);
    await node.lifecycle.stop();
  });

  it('refuses a body over the limit with 413 and keeps serving', async () => {
    const node = await startServer();
    const big = await new Promise<Answer>((resolve, reject) => {
      const req = httpRequest(`${node.base}/echo`, { method: 'POST', headers: { 'content-type': 'application/json', connection: 'close' } }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode as number, headers: res.headers, body: '' }));
      });
      req.on('error', reject);
      req.end(JSON.stringify({ text: 'x'.repeat(2000) }));
    });
    expect(big.status).toBe(413);
    expect((await send(`${node.base}/hello/still-here`)).status).toBe(200);
    await node.lifecycle.stop();
  });

  it('refuses to start when a contribution cannot add its routes, naming it', async () => {
    const error = await startServer((c) =>
      c.bind(HttpRouteContribution).toConstantValue({
        id: 'broken.adapter',
        registerRoutes: () => {
          throw new Error('duplicate route');
        },
      }),
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LifecycleError);
    expect((error as Error).message).toBe("http failed to start: the routes of 'broken.adapter' could not be added: duplicate route");
  });

  it('lets go of its port when stopped', async () => {
    const node = await startServer();
    const port = Number(new URL(node.base).port);
    await node.lifecycle.stop();
    const refused = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.on('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
  });
});

describe('the HTTP server over HTTPS', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'herald-https-'));
    const openssl = spawnSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1',
        '-keyout', join(folder, 'key.pem'), '-out', join(folder, 'cert.pem')],
      { encoding: 'utf8' },
    );
    if (openssl.status !== 0) throw new Error(`openssl failed: ${openssl.stderr}`);
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('serves the same routes over HTTPS with the configured certificate, besides plain HTTP', async () => {
    const node = await startServer(undefined, {
      https: { listen: { host: '127.0.0.1', port: 0 }, certFile: join(folder, 'cert.pem'), keyFile: join(folder, 'key.pem') },
    });
    expect(node.endpoints).toHaveLength(2);
    const secure = node.endpoints[1];
    expect(secure).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = await readFile(join(folder, 'cert.pem'));
    const answer = await send(`${secure}/hello/tls`, { ca });
    expect([answer.status, JSON.parse(answer.body)]).toEqual([200, { hello: 'tls' }]);
    expect((await send(`${secure}/healthz`, { ca })).status).toBe(200);
    expect((await send(`${node.base}/hello/plain`)).status).toBe(200);
    await node.lifecycle.stop();
  });

  it('refuses to start when the key file is missing, naming the field and the file', async () => {
    const error = await startServer(undefined, {
      https: { listen: { host: '127.0.0.1', port: 0 }, certFile: join(folder, 'cert.pem'), keyFile: join(folder, 'missing.pem') },
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as Error).message).toBe(`http failed to start: http.https.key_file: cannot read ${join(folder, 'missing.pem')}: the file does not exist`);
  });
});
