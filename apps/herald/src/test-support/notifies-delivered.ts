/** NOTIFYs the node whose HTTP server is on `port` has delivered so far, from its /metrics. */
export async function notifiesDelivered(port: number): Promise<number> {
  const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return Number(/^herald_sip_notifies_total\{result="delivered"\} (\d+)$/m.exec(metrics)?.[1] ?? 0);
}

/**
 * Waits (at most 10 s) until the node has delivered `count` NOTIFYs. Changes to one contact are
 * paced (RFC 3856), so a test that wants to see each change waits for its NOTIFY before the next.
 */
export async function notifiesDeliveredReach(port: number, count: number): Promise<void> {
  for (let i = 0; i < 400 && (await notifiesDelivered(port)) < count; i++) await new Promise((r) => setTimeout(r, 25));
}
