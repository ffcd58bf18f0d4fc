import { type InDialogRequestOptions, type SipHeaderFields } from '@herald/sip-stack';
import { type ContactDocuments } from '../documents/contact-documents';
import { contentTypes } from '../documents/presence-format';
import { renderRlmiMultipart } from '../documents/rlmi-document';
import { type FinalNotify, type ResourceEntry, type SipSubscription } from './sip-subscription';

export interface DocumentBody {
  readonly contentType: string;
  readonly body: string | Buffer;
}

/**
 * The document for a subscription's state: for a single subscription, its contact's document
 * (none when the contact has no presence); for a list, an RLMI multipart of the resources
 * given, which advances the list version.
 */
export function renderState(
  subscription: SipSubscription,
  resources: readonly ResourceEntry[],
  fullState: boolean,
  documents: ContactDocuments,
): DocumentBody | undefined {
  const plan = subscription.profile;
  const contentType = contentTypes[plan.format];
  const bodyOf = (entry: ResourceEntry | undefined) => (entry?.view === undefined ? undefined : documents.render(plan.format, entry.view, entry.uri, plan.categories));
  if (plan.batch === undefined) {
    const body = bodyOf(subscription.resources[0]);
    return body === undefined ? undefined : { contentType, body };
  }
  const render = (entry: ResourceEntry) => {
    const body = bodyOf(entry);
    return body === undefined ? undefined : { contentType, body: body.toString('utf8') };
  };
  subscription.rlmiVersion++;
  return renderRlmiMultipart({
    listUri: plan.batch.listUri,
    version: subscription.rlmiVersion,
    fullState,
    resources: resources.map((entry) => {
      const part = entry.state === 'active' ? render(entry) : undefined;
      return {
        uri: entry.uri,
        instanceId: entry.instanceId,
        state: entry.state,
        ...(entry.reason === undefined ? {} : { reason: entry.reason }),
        ...(part === undefined ? {} : { part }),
      };
    }),
  });
}

/** `active;expires=N` with the seconds left, or `terminated[;reason=…]`. */
export function subscriptionState(subscription: SipSubscription, nowMs: number, final?: FinalNotify): string {
  if (final !== undefined) return final.reason === undefined ? 'terminated' : `terminated;reason=${final.reason}`;
  return `active;expires=${Math.max(0, Math.ceil((subscription.expiresAt - nowMs) / 1000))}`;
}

/** The NOTIFY for a pending update. */
export function buildNotify(
  subscription: SipSubscription,
  update: { readonly full: boolean; readonly changed: ReadonlySet<ResourceEntry>; readonly final?: FinalNotify },
  nowMs: number,
  documents: ContactDocuments,
): InDialogRequestOptions {
  const headers: Record<string, string> = {
    Event: 'presence',
    'Subscription-State': subscriptionState(subscription, nowMs, update.final),
  };
  if (subscription.isList) headers['Require'] = 'eventlist';
  const withBody = update.final === undefined || update.final.withBody;
  const resources = update.full ? subscription.resources : [...update.changed];
  const document = withBody ? renderState(subscription, resources, update.full, documents) : undefined;
  return document === undefined ? { headers } : { headers: headers as SipHeaderFields, body: document.body, contentType: document.contentType };
}
