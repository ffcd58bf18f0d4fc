import { type HealthContribution, type HealthReport, type HealthStatus } from '@herald/core';

/** How long one health check may take before it counts as failing. */
export const healthCheckTimeoutMs = 2000;

/** The body of `/healthz`. */
export interface NodeHealth {
  readonly status: HealthStatus;
  readonly node: string;
  readonly checks: Readonly<Record<string, HealthReport>>;
}

const rank: Record<HealthStatus, number> = { ok: 0, degraded: 1, failing: 2 };

/**
 * Runs every health contribution at once, each bounded by `timeoutMs`; the node's status is
 * the worst of theirs. A check that throws or is too slow counts as failing, with the reason.
 */
export async function checkHealth(node: string, contributions: readonly HealthContribution[], timeoutMs = healthCheckTimeoutMs): Promise<NodeHealth> {
  const reports = await Promise.all(contributions.map((c) => runCheck(c, timeoutMs)));
  const checks: Record<string, HealthReport> = {};
  let status: HealthStatus = 'ok';
  contributions.forEach((c, i) => {
    checks[c.id] = reports[i];
    if (rank[reports[i].status] > rank[status]) status = reports[i].status;
  });
  return { status, node, checks };
}

async function runCheck(contribution: HealthContribution, timeoutMs: number): Promise<HealthReport> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<HealthReport>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'failing', detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(() => contribution.check()), timeout]);
  } catch (error) {
    return { status: 'failing', detail: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
