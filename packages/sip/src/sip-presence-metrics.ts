import { type CounterMetric, type Metrics } from '@herald/core';
import { type SubscriptionStats } from './subscriptions/subscription-manager';

/** What the notifier counts. */
export interface NotifierObserver {
  /** A SUBSCRIBE (initial or in-dialog) was answered with `status`. */
  subscribeAnswered(status: number): void;
  /** A NOTIFY ended: delivered, failed, or retried after a timeout. */
  notifyEnded(result: 'delivered' | 'retried' | 'failed'): void;
}

/** Counts nothing: for nodes without a metrics registry. */
export const silentObserver: NotifierObserver = {
  subscribeAnswered: () => undefined,
  notifyEnded: () => undefined,
};

/** The adapter's series in the node's registry (`/metrics`). */
export function sipPresenceMetrics(metrics: Metrics, stats: () => SubscriptionStats): NotifierObserver {
  metrics.gauge({
    name: 'herald_sip_subscriptions',
    help: 'SIP presence subscriptions (dialogs) held by this node',
    collect: (gauge) => gauge.set(stats().subscriptions),
  });
  metrics.gauge({
    name: 'herald_sip_watched_contacts',
    help: 'Contacts watched through SIP subscriptions (one per resource of a list)',
    collect: (gauge) => gauge.set(stats().watchedResources),
  });
  const answered: CounterMetric = metrics.counter({
    name: 'herald_sip_subscribe_responses_total',
    help: 'Final responses to SUBSCRIBE requests, by status class and code',
    labelNames: ['status'],
  });
  const notifies: CounterMetric = metrics.counter({
    name: 'herald_sip_notifies_total',
    help: 'NOTIFY requests by how they ended',
    labelNames: ['result'],
  });
  return {
    subscribeAnswered: (status) => answered.inc({ status }),
    notifyEnded: (result) => notifies.inc({ result }),
  };
}
