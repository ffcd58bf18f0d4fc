import { hostname } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

/** Where a server listens. */
export interface ListenAddress {
  readonly host: string;
  /** 0 asks the system for a free port (tests). */
  readonly port: number;
}

/** Bounds that keep slow or greedy clients from tying up the node. */
export interface HttpLimits {
  /** Largest request body accepted; larger ones get 413. */
  readonly bodyLimitBytes: number;
  /** Time for a whole request to arrive; also the idle time after which a socket is closed. */
  readonly requestTimeoutMs: number;
  /** Time for the request headers to arrive (slowloris defence). */
  readonly headersTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  readonly keepAliveTimeoutMs: number;
  /** Connections held at once per listener; further ones are refused. */
  readonly maxConnections: number;
}

export const HttpServerOptions = Symbol.for('http.HttpServerOptions');
/** The node's HTTP server, from the `http` section. */
export interface HttpServerOptions {
  readonly listen: ListenAddress;
  /** HTTPS, besides plain HTTP, with a certificate and key in PEM files (absolute paths). */
  readonly https?: { readonly listen: ListenAddress; readonly certFile: string; readonly keyFile: string };
  readonly limits: HttpLimits;
  /** Export the process's own metrics (CPU, memory, event loop, GC) on `/metrics`. */
  readonly processMetrics: boolean;
}

export const defaultHttpLimits: HttpLimits = {
  bodyLimitBytes: 1024 * 1024,
  requestTimeoutMs: 10_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 4096,
};

/** A whole number in [min, max], with a message that says so. */
const between = (min: number, max: number, unit = '') => {
  const message = `must be a whole number between ${min} and ${max}${unit}`;
  return z.number().int(message).min(min, message).max(max, message);
};

const listen = (port: number) =>
  z.strictObject({ host: z.string().min(1).default('127.0.0.1'), port: between(0, 65535).default(port) }).default({ host: '127.0.0.1', port });

const limitsSchema = z
  .strictObject({
    body_limit_bytes: between(1024, 64 * 1024 * 1024, ' bytes').default(defaultHttpLimits.bodyLimitBytes),
    request_timeout_ms: between(1000, 600_000, ' ms').default(defaultHttpLimits.requestTimeoutMs),
    headers_timeout_ms: between(1000, 600_000, ' ms').default(defaultHttpLimits.headersTimeoutMs),
    keep_alive_timeout_ms: between(0, 600_000, ' ms').default(defaultHttpLimits.keepAliveTimeoutMs),
    max_connections: between(1, 1_000_000).default(defaultHttpLimits.maxConnections),
  })
  .refine((l) => l.headers_timeout_ms <= l.request_timeout_ms, {
    path: ['headers_timeout_ms'],
    error: 'must not be longer than request_timeout_ms: the headers are part of the request',
  })
  .default({
    body_limit_bytes: defaultHttpLimits.bodyLimitBytes,
    request_timeout_ms: defaultHttpLimits.requestTimeoutMs,
    headers_timeout_ms: defaultHttpLimits.headersTimeoutMs,
    keep_alive_timeout_ms: defaultHttpLimits.keepAliveTimeoutMs,
    max_connections: defaultHttpLimits.maxConnections,
  });

const publicBaseUrl = z
  .string()
  .refine((text) => {
    try {
      const url = new URL(text);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.search === '' && url.hash === '' && url.username === '';
    } catch {
      return false;
    }
  }, 'must be an absolute http:// or https:// URL without query, fragment or credentials, e.g. https://herald-1.example.com:8443');

/**
 * The `http` section of the configuration file:
 *
 * ```yaml
 * http:
 *   enabled: true                      # the node's HTTP server (avatars, /healthz, /metrics)
 *   listen: { host: 127.0.0.1, port: 8080 }
 *   public_base_url: http://herald-1.example.com:8080   # how clients reach this node
 *   https:                             # optional, in addition to plain HTTP
 *     listen: { host: 0.0.0.0, port: 8443 }
 *     cert_file: tls/herald.crt        # PEM; relative to the configuration file
 *     key_file: tls/herald.key
 *   limits: { body_limit_bytes: 1048576, request_timeout_ms: 10000, headers_timeout_ms: 10000,
 *             keep_alive_timeout_ms: 5000, max_connections: 4096 }
 *   process_metrics: true
 * ```
 */
const httpObject = z.strictObject({
  enabled: z.boolean().default(true),
  listen: listen(8080),
  public_base_url: publicBaseUrl.optional(),
  https: z.strictObject({ listen: listen(8443), cert_file: z.string().min(1), key_file: z.string().min(1) }).optional(),
  limits: limitsSchema,
  process_metrics: z.boolean().default(true),
});
export const httpConfigSchema = httpObject.default(() => httpObject.parse({}));

export type HttpConfig = z.output<typeof httpConfigSchema>;

/** What the host needs from the `http` section: whether to run a server, its options, and the public base URL. */
export interface HttpSettings {
  readonly enabled: boolean;
  readonly server: HttpServerOptions;
  /** Where clients fetch from this node, without a trailing slash; presence documents use it. */
  readonly publicBaseUrl: string;
}

/** Resolves relative file names against `baseDir` (the configuration file's folder) and derives the public base URL. */
export function httpSettingsFromConfig(config: HttpConfig, baseDir: string): HttpSettings {
  const file = (name: string) => (isAbsolute(name) ? name : resolve(baseDir, name));
  const l = config.limits;
  return {
    enabled: config.enabled,
    server: {
      listen: config.listen,
      ...(config.https === undefined
        ? {}
        : { https: { listen: config.https.listen, certFile: file(config.https.cert_file), keyFile: file(config.https.key_file) } }),
      limits: {
        bodyLimitBytes: l.body_limit_bytes,
        requestTimeoutMs: l.request_timeout_ms,
        headersTimeoutMs: l.headers_timeout_ms,
        keepAliveTimeoutMs: l.keep_alive_timeout_ms,
        maxConnections: l.max_connections,
      },
      processMetrics: config.process_metrics,
    },
    publicBaseUrl: (config.public_base_url ?? derivedBaseUrl(config.listen)).replace(/\/+$/, ''),
  };
}

/** `http://<host>:<port>` of the plain listener; the machine's name when it listens on every address. */
export function derivedBaseUrl(listen: ListenAddress): string {
  const wildcard = listen.host === '0.0.0.0' || listen.host === '::' || listen.host === '[::]';
  const host = wildcard ? hostname() : listen.host;
  return `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${listen.port}`;
}
