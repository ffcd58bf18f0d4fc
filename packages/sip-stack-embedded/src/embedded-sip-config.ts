import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { isAbsoluteUri, parseNameAddr, peerPolicyConfigShape, peerPolicyOptionsFromConfig } from '@herald/sip-stack';
import { defaultEmbeddedSipLimits as d, defaultSipTimers, type EmbeddedSipLimits, type EmbeddedSipStackOptions, type SipTimers } from './embedded-sip-stack-options';

const tlsSection = z.strictObject({
  cert_file: z.string().min(1),
  key_file: z.string().min(1),
  ca_file: z.string().min(1).optional(),
  /** Require a client certificate signed by ca_file (mutual TLS, as Lync trusted applications use). */
  verify_client: z.boolean().default(false),
});

const listenEntry = z
  .strictObject({
    transport: z.enum(['udp', 'tcp', 'tls']),
    host: z.string().min(1).default('0.0.0.0'),
    port: z.number().int().min(0).max(65535).optional(),
    tls: tlsSection.optional(),
  })
  .superRefine((entry, ctx) => {
    if (entry.transport === 'tls' && entry.tls === undefined) ctx.addIssue({ code: 'custom', path: ['tls'], message: 'a TLS listener needs tls: { cert_file, key_file }' });
    if (entry.transport !== 'tls' && entry.tls !== undefined) ctx.addIssue({ code: 'custom', path: ['tls'], message: `tls settings apply to transport: tls only, not ${entry.transport}` });
  });

const count = (fallback: number) => z.number().int().positive().default(fallback);

const limitsSection = z.strictObject({
  max_message_bytes: count(d.maxMessageBytes),
  max_header_count: count(d.maxHeaderCount),
  max_header_line_bytes: count(d.maxHeaderLineBytes),
  max_body_bytes: count(d.maxBodyBytes),
  max_uri_bytes: count(d.maxUriBytes),
  max_connections: count(d.maxConnections),
  max_connections_per_source: count(d.maxConnectionsPerSource),
  idle_connection_s: count(d.idleConnectionMs / 1000),
  partial_message_ms: count(d.partialMessageMs),
  max_queued_bytes_per_connection: count(d.maxQueuedBytesPerConnection),
  max_server_transactions: count(d.maxServerTransactions),
  max_client_transactions: count(d.maxClientTransactions),
  max_dialogs: count(d.maxDialogs),
  handler_timeout_ms: count(d.handlerTimeoutMs),
});

const timersSection = z.strictObject({
  t1_ms: count(defaultSipTimers.t1Ms),
  t2_ms: count(defaultSipTimers.t2Ms),
  t4_ms: count(defaultSipTimers.t4Ms),
});

/**
 * The keys of the `sip:` configuration section for the embedded stack, as a zod shape the app
 * merges with the adapter's keys. The peer-policy keys (`trusted_peers`, `rate_limit`) come from
 * `@herald/sip-stack`, so that every transport reads them alike.
 *
 * ```yaml
 * sip:
 *   listen:
 *     - { transport: udp, host: 0.0.0.0, port: 5060 }
 *     - { transport: tls, port: 5061, tls: { cert_file: herald.pem, key_file: herald.key, ca_file: ca.pem, verify_client: true } }
 *   contact: sip:presence.vc.example.com:5061;transport=tls
 *   trusted_peers: [10.0.0.0/24]
 *   limits: { max_message_bytes: 32768 }
 *   timers: { t1_ms: 500 }
 * ```
 */
export const embeddedSipConfigShape = {
  listen: z
    .array(listenEntry)
    .min(1)
    .default([
      { transport: 'udp', host: '0.0.0.0' },
      { transport: 'tcp', host: '0.0.0.0' },
    ]),
  contact: z
    .string()
    .refine((value) => isAbsoluteUri(parseNameAddr(value)?.uri ?? value), { error: 'must be a SIP URI such as sip:presence.vc.example.com:5061;transport=tls' })
    .optional(),
  limits: limitsSection.prefault({}),
  timers: timersSection.prefault({}),
  ...peerPolicyConfigShape,
};

export const embeddedSipConfigSchema = z.strictObject(embeddedSipConfigShape);
export type EmbeddedSipConfig = z.output<typeof embeddedSipConfigSchema>;

/** Stack options from a validated section; relative TLS file names are taken from `baseDir`. */
export function embeddedSipOptionsFromConfig(config: EmbeddedSipConfig, baseDir: string): EmbeddedSipStackOptions {
  const file = (name: string): string => (isAbsolute(name) ? name : resolve(baseDir, name));
  const l = config.limits;
  const limits: EmbeddedSipLimits = {
    maxMessageBytes: l.max_message_bytes,
    maxHeaderCount: l.max_header_count,
    maxHeaderLineBytes: l.max_header_line_bytes,
    maxBodyBytes: l.max_body_bytes,
    maxUriBytes: l.max_uri_bytes,
    maxConnections: l.max_connections,
    maxConnectionsPerSource: l.max_connections_per_source,
    idleConnectionMs: l.idle_connection_s * 1000,
    partialMessageMs: l.partial_message_ms,
    maxQueuedBytesPerConnection: l.max_queued_bytes_per_connection,
    maxServerTransactions: l.max_server_transactions,
    maxClientTransactions: l.max_client_transactions,
    maxDialogs: l.max_dialogs,
    handlerTimeoutMs: l.handler_timeout_ms,
  };
  const timers: SipTimers = { t1Ms: config.timers.t1_ms, t2Ms: config.timers.t2_ms, t4Ms: config.timers.t4_ms };
  return {
    listen: config.listen.map((entry) => ({
      transport: entry.transport,
      host: entry.host,
      port: entry.port ?? (entry.transport === 'tls' ? 5061 : 5060),
      ...(entry.tls !== undefined && {
        tls: {
          certFile: file(entry.tls.cert_file),
          keyFile: file(entry.tls.key_file),
          ...(entry.tls.ca_file !== undefined && { caFile: file(entry.tls.ca_file) }),
          verifyClient: entry.tls.verify_client,
        },
      }),
    })),
    ...(config.contact !== undefined && { contact: config.contact }),
    peers: peerPolicyOptionsFromConfig(config),
    limits,
    timers,
  };
}
