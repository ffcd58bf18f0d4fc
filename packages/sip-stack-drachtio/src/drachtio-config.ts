import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { type PeerPolicyOptions } from '@herald/sip-stack';
import { defaultDrachtioConnection as c, defaultDrachtioSipLimits as d, type DrachtioSipStackOptions } from './drachtio-sip-stack-options';

const count = (fallback: number) => z.number().int().positive().default(fallback);

const tlsSection = z.strictObject({
  /** Inbound: the CA that signed drachtio-server's admin certificate. */
  ca_file: z.string().min(1).optional(),
  /** Inbound: a client certificate, if drachtio-server asks for one. Outbound: Herald's server certificate. */
  cert_file: z.string().min(1).optional(),
  key_file: z.string().min(1).optional(),
  verify_server: z.boolean().default(true),
});

// drachtio-srf asserts on these (and would throw at start), so they are checked here first.
const tag = z.string().regex(/^[a-zA-Z0-9\-_+@:]{1,32}$/, { error: 'a tag is 1 to 32 of the characters a-z A-Z 0-9 - _ + @ :' });

/**
 * The `sip.drachtio` keys: how Herald reaches drachtio-server. Only read when `sip.stack` is
 * `drachtio`; every other `sip` key (contact, trusted_peers, rate_limit, subscriptions) means
 * the same for both transports.
 *
 * ```yaml
 * sip:
 *   stack: drachtio
 *   drachtio:
 *     host: 127.0.0.1          # drachtio-server's admin address (inbound mode)
 *     port: 9022
 *     secret: cymru            # <admin secret=…> in drachtio.conf.xml
 *     tags: [herald]
 *     mode: inbound            # or outbound: drachtio-server connects to Herald on host:port
 *     reconnect: { initial_delay_ms: 250, factor: 2, max_delay_ms: 30000 }
 * ```
 */
export const drachtioSipConfigSchema = z
  .strictObject({
    mode: z.enum(['inbound', 'outbound']).default('inbound'),
    host: z.string().min(1).default(c.host),
    port: z.number().int().min(1).max(65535).default(c.port),
    secret: z.string().min(1, { error: 'the shared secret of drachtio-server (<admin secret=…>) is required' }),
    tls: tlsSection.optional(),
    tags: z.array(tag).max(20).default([]),
    reconnect: z
      .strictObject({
        initial_delay_ms: count(c.reconnect.initialDelayMs),
        factor: z.number().min(1).max(10).default(c.reconnect.factor),
        max_delay_ms: count(c.reconnect.maxDelayMs),
      })
      .prefault({}),
    ping_interval_s: z.number().int().min(5).max(300).default(c.pingIntervalMs / 1000),
    start_timeout_s: z.number().int().min(0).default(c.startTimeoutMs / 1000),
    limits: z
      .strictObject({
        max_dialogs: count(d.maxDialogs),
        max_pending_requests: count(d.maxPendingRequests),
        handler_timeout_ms: count(d.handlerTimeoutMs),
        request_timeout_ms: count(d.requestTimeoutMs),
        response_timeout_ms: count(d.responseTimeoutMs),
        expiry_grace_s: count(d.expiryGraceMs / 1000),
      })
      .prefault({}),
  })
  .superRefine((section, ctx) => {
    if (section.tls?.cert_file !== undefined && section.tls.key_file === undefined) ctx.addIssue({ code: 'custom', path: ['tls', 'key_file'], message: 'cert_file needs key_file' });
    if (section.mode === 'outbound' && section.tls !== undefined && section.tls.cert_file === undefined) {
      ctx.addIssue({ code: 'custom', path: ['tls', 'cert_file'], message: 'outbound mode with TLS listens, so it needs cert_file and key_file' });
    }
  });

export type DrachtioSipConfig = z.output<typeof drachtioSipConfigSchema>;

/** The keys the drachtio transport shares with every transport of the `sip` section. */
export interface SharedSipSettings {
  readonly contact?: string;
  readonly peers: PeerPolicyOptions;
}

/** Transport options from a validated section; relative file names are taken from `baseDir`. */
export function drachtioSipOptionsFromConfig(config: DrachtioSipConfig, shared: SharedSipSettings, baseDir: string): DrachtioSipStackOptions {
  const file = (name: string): string => (isAbsolute(name) ? name : resolve(baseDir, name));
  const tls = config.tls;
  const l = config.limits;
  return {
    mode: config.mode,
    host: config.host,
    port: config.port,
    secret: config.secret,
    ...(tls !== undefined && {
      tls: {
        ...(tls.ca_file !== undefined && { caFile: file(tls.ca_file) }),
        ...(tls.cert_file !== undefined && { certFile: file(tls.cert_file) }),
        ...(tls.key_file !== undefined && { keyFile: file(tls.key_file) }),
        verifyServer: tls.verify_server,
      },
    }),
    tags: config.tags,
    reconnect: { initialDelayMs: config.reconnect.initial_delay_ms, factor: config.reconnect.factor, maxDelayMs: config.reconnect.max_delay_ms },
    pingIntervalMs: config.ping_interval_s * 1000,
    startTimeoutMs: config.start_timeout_s * 1000,
    ...(shared.contact !== undefined && { contact: shared.contact }),
    peers: shared.peers,
    limits: {
      maxDialogs: l.max_dialogs,
      maxPendingRequests: l.max_pending_requests,
      handlerTimeoutMs: l.handler_timeout_ms,
      requestTimeoutMs: l.request_timeout_ms,
      responseTimeoutMs: l.response_timeout_ms,
      expiryGraceMs: l.expiry_grace_s * 1000,
    },
  };
}
