import { type IncomingSipRequest } from '@herald/sip-stack';
import { mediaType, eventPackage, optionTags, parseExpires } from '../request/header-values';
import { parseAdhocList, parseBatchSubscribe } from '../request/batch-bodies';
import { adhocListType, batchSubscribeType } from '../request/subscribe-plan';
import { renderState } from './notify-content';
import { type SipSubscription } from './sip-subscription';
import { type SubscriptionManager } from './subscription-manager';

/**
 * A SUBSCRIBE within an existing subscription: a refresh (new duration, current state again),
 * an unsubscribe (`Expires: 0`: 200, then a final NOTIFY), and for resource lists a change of
 * the list (resources added or removed by the body's actions).
 */
export function refreshSubscription(manager: SubscriptionManager, subscription: SipSubscription, incoming: IncomingSipRequest): void {
  const { request } = incoming;
  const plan = subscription.profile;
  if (eventPackage(request.headers.get('Event')) !== 'presence') {
    incoming.respond(489, { reason: 'Bad Event', headers: { 'Allow-Events': 'presence' } });
    return;
  }
  const requested = parseExpires(request.headers.get('Expires'));
  if (requested === 'malformed') {
    incoming.respond(400, { reason: 'Malformed Expires header' });
    return;
  }
  if (requested === 0) {
    incoming.respond(200, { headers: manager.acceptHeaders(plan, 0, undefined) });
    manager.enqueue(subscription, { final: { withBody: true } });
    return;
  }
  const { expiry } = manager.limits;
  let expires = requested === 'absent' ? expiry.defaultSeconds : requested;
  if (expires < expiry.minSeconds) {
    incoming.respond(423, { reason: 'Interval Too Brief', headers: { 'Min-Expires': expiry.minSeconds } });
    return;
  }
  expires = Math.min(expires, expiry.maxSeconds);

  if (request.body.length > 0 && subscription.isList) {
    const problem = applyListChanges(manager, subscription, mediaType(request.headers.get('Content-Type')), request.body.toString('utf8'));
    if (problem !== undefined) {
      incoming.respond(problem.status, { reason: problem.reason });
      return;
    }
  }

  manager.reschedule(subscription, expires);
  const piggyback = optionTags(request.headers, 'Supported').has('ms-piggyback-first-notify');
  const document = piggyback ? renderState(subscription, subscription.resources, true, manager.documents) : undefined;
  manager.observer.subscribeAnswered(200);
  incoming.respond(200, {
    headers: manager.acceptHeaders(plan, expires, document === undefined ? undefined : request.cseq.seq),
    ...(document === undefined ? {} : { body: document.body, contentType: document.contentType }),
  });
  if (document === undefined) manager.enqueue(subscription, { full: true });
}

function applyListChanges(
  manager: SubscriptionManager,
  subscription: SipSubscription,
  bodyType: string | undefined,
  body: string,
): { status: number; reason: string } | undefined {
  if (bodyType !== batchSubscribeType && bodyType !== adhocListType) return { status: 415, reason: 'Unsupported Media Type' };
  const parsed = bodyType === batchSubscribeType ? parseBatchSubscribe(body) : parseAdhocList(body);
  if (!parsed.ok) return { status: 400, reason: `Bad ${bodyType} body: ${parsed.reason}` };
  const { subscribe, unsubscribe } = parsed.batch;
  const present = new Set(subscription.resources.map((r) => r.uri.toLowerCase()));
  if (subscription.resources.length + subscribe.filter((u) => !present.has(u.toLowerCase())).length > manager.limits.maxListResources) {
    return { status: 413, reason: `A resource list may name at most ${manager.limits.maxListResources} resources` };
  }
  for (const uri of unsubscribe) {
    const entry = subscription.resources.find((r) => r.uri.toLowerCase() === uri.toLowerCase() && r.state === 'active');
    if (entry === undefined) continue;
    entry.state = 'terminated';
    entry.reason = undefined;
    manager.unwatch(entry);
  }
  for (const uri of subscribe) {
    if (present.has(uri.toLowerCase())) continue;
    const entry = manager.addResource(subscription, uri, subscription.resources.length);
    try {
      manager.watch(entry);
    } catch {
      entry.state = 'terminated';
      entry.reason = 'rejected';
    }
  }
  return undefined;
}
