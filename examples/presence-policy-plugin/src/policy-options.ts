import { z } from 'zod';
import { ConfigError, type ConfigPath, parseConfig } from '@herald/core';

/** The plugin's `options` in the Herald configuration. */
export const policyOptionsSchema = z.strictObject({
  /** The policy service's endpoint; Herald adds `alias`, `protocol`, `location`, `node` and `trigger` as query parameters. */
  url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }),
  /** How long one request may take before Herald's own answer is used instead. */
  timeout_ms: z.number().int().min(10).max(30_000).default(500),
  /** How long an answer is used before it is asked again. */
  cache_ttl_s: z.number().min(1).max(86_400).default(30),
  /** How long a failure (service down, slow, or a bad reply) is remembered before retrying. */
  failure_ttl_s: z.number().min(0.1).max(3_600).default(5),
  /** Aliases whose answers are kept; the least recently used go first. */
  max_entries: z.number().int().min(1).max(1_000_000).default(10_000),
  /** Requests to the service at once; beyond this, Herald's own answer is used until one finishes. */
  max_in_flight: z.number().int().min(1).max(1_000).default(32),
});

export interface PolicyOptions {
  readonly url: string;
  readonly timeoutMs: number;
  readonly cacheTtlMs: number;
  readonly failureTtlMs: number;
  readonly maxEntries: number;
  readonly maxInFlight: number;
}

export const PolicyOptions = Symbol.for('presence-policy-plugin.PolicyOptions');

/**
 * Checks the plugin's options as Herald checks its own sections.
 * @throws ConfigError naming each wrong field at its place in the configuration (`at`).
 */
export function parsePolicyOptions(raw: unknown, at: ConfigPath): PolicyOptions {
  const parsed = parseConfig(policyOptionsSchema, raw, at);
  if (!parsed.ok) throw new ConfigError('the presence-policy plugin options', parsed.issues);
  const o = parsed.value;
  return {
    url: o.url,
    timeoutMs: o.timeout_ms,
    cacheTtlMs: o.cache_ttl_s * 1000,
    failureTtlMs: o.failure_ttl_s * 1000,
    maxEntries: o.max_entries,
    maxInFlight: o.max_in_flight,
  };
}
