/**
 * One component's state: `ok`; `degraded` (serving, but something needs an operator: a theme
 * file was rejected, a peer is unreachable); `failing` (this node should not receive traffic).
 */
export type HealthStatus = 'ok' | 'degraded' | 'failing';

/** What a health check reports. */
export interface HealthReport {
  readonly status: HealthStatus;
  /** A short, human-readable reason; required in practice when the status is not `ok`. */
  readonly detail?: string;
}

export const HealthContribution = Symbol.for('core.HealthContribution');
/**
 * A check that `/healthz` runs on every request. The node is healthy (HTTP 200) unless some
 * check reports `failing` (HTTP 503); `degraded` shows in the body but keeps 200, so a load
 * balancer does not take a node out for a problem that restarting would not fix.
 */
export interface HealthContribution {
  /** Names the check in the report, e.g. `'themes'`, `'redis'`. */
  readonly id: string;
  /**
   * Called on each health request, only while the node runs. Must answer quickly from state
   * the component already has (no network round trip); the HTTP engine gives up after a
   * short time and reports the check as failing. A throw counts as `failing` with its message.
   */
  check(): HealthReport | Promise<HealthReport>;
}
