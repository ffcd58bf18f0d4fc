import { normaliseAlias } from '@herald/core';
import { detachString, type SipHeaderFields, type SipRequest } from '@herald/sip-stack';
import { contentTypes, type PresenceFormat } from '../documents/presence-format';
import { publishedCategories } from '../documents/categories-document';
import { parseAdhocList, parseBatchSubscribe, type BatchRequest } from './batch-bodies';
import { acceptedTypes, accepts, eventPackage, mediaType, optionTags, parseExpires } from './header-values';

export const batchSubscribeType = 'application/msrtc-adrl-categorylist+xml';
export const adhocListType = 'application/adrl+xml';

export interface ExpiryPolicy {
  /** Used when the request has no Expires. */
  readonly defaultSeconds: number;
  /** Shorter requests get 423 with Min-Expires. */
  readonly minSeconds: number;
  /** Longer requests are shortened to this. */
  readonly maxSeconds: number;
}

/** What to serve a SUBSCRIBE that can be accepted. */
export interface SubscribePlan {
  /** Granted duration; 0 is a fetch (one terminated NOTIFY). */
  readonly expires: number;
  /** Each resource's document. */
  readonly format: PresenceFormat;
  /** Present for a resource list: the answers go out as RLMI multipart documents. */
  readonly batch?: { readonly listUri: string };
  /** The presentity URIs, as the watcher wrote them. */
  readonly resources: readonly string[];
  /** For categories documents: the categories asked for that Herald publishes. */
  readonly categories?: readonly string[];
  /** The first document goes in the 200 (Microsoft's ms-piggyback-first-notify). */
  readonly piggyback: boolean;
}

export type SubscribeDecision =
  | { readonly accept: true; readonly plan: SubscribePlan }
  | { readonly accept: false; readonly status: number; readonly reason: string; readonly headers?: SipHeaderFields };

const reject = (status: number, reason: string, headers?: SipHeaderFields): SubscribeDecision => ({
  accept: false,
  status,
  reason,
  ...(headers === undefined ? {} : { headers }),
});

/**
 * Decides how to answer a SUBSCRIBE, without side effects: the event package, the duration,
 * the request form (Lync's single or batched category subscription, the LCS ad-hoc list, the
 * legacy MSRTC subscription, plain RFC 3856) and the document format it gets.
 */
export function planSubscribe(request: SipRequest, expiry: ExpiryPolicy, maxBatchResources: number): SubscribeDecision {
  const event = eventPackage(request.headers.get('Event'));
  if (event !== 'presence') {
    return reject(489, event === undefined ? 'Bad Event: the Event header is missing' : `Bad Event: '${event}' is not served here`, {
      'Allow-Events': 'presence',
    });
  }

  const requested = parseExpires(request.headers.get('Expires'));
  if (requested === 'malformed') return reject(400, 'Malformed Expires header');
  let expires = requested === 'absent' ? expiry.defaultSeconds : requested;
  if (expires > 0 && expires < expiry.minSeconds) return reject(423, 'Interval Too Brief', { 'Min-Expires': expiry.minSeconds });
  expires = Math.min(expires, expiry.maxSeconds);

  const piggyback = optionTags(request.headers, 'Supported').has('ms-piggyback-first-notify');
  const accept = acceptedTypes(request.headers);
  const bodyType = mediaType(request.headers.get('Content-Type'));

  if (request.body.length > 0) {
    if (bodyType !== batchSubscribeType && bodyType !== adhocListType) {
      return reject(415, 'Unsupported Media Type', { Accept: `${batchSubscribeType}, ${adhocListType}` });
    }
    const parsed = bodyType === batchSubscribeType ? parseBatchSubscribe(request.body.toString('utf8')) : parseAdhocList(request.body.toString('utf8'));
    if (!parsed.ok) return reject(400, `Bad ${bodyType} body: ${parsed.reason}`);
    const batch: BatchRequest = parsed.batch;
    if (batch.subscribe.length === 0) return reject(400, 'The resource list names no resource to subscribe to');
    if (batch.subscribe.length > maxBatchResources) return reject(413, `A resource list may name at most ${maxBatchResources} resources`);

    if (bodyType === adhocListType) {
      if (accept !== undefined && !accepts(accept, 'multipart/related') && !accepts(accept, 'application/rlmi+xml')) {
        return reject(406, 'Not Acceptable: a resource list needs multipart/related with application/rlmi+xml');
      }
      return { accept: true, plan: { expires, format: 'msrtc-pidf', batch: { listUri: listUriOf(batch, request) }, resources: batch.subscribe.map(detachString), piggyback } };
    }

    if (accept === undefined || !accepts(accept, contentTypes.categories)) {
      return reject(406, `Not Acceptable: a category subscription needs ${contentTypes.categories}`);
    }
    const asked = batch.categories === undefined ? undefined : publishedCategories.filter((c) => batch.categories?.includes(c));
    // Most watchers ask for everything: share one array rather than keep one per subscription.
    const categories = asked?.length === publishedCategories.length ? publishedCategories : asked;
    const single = batch.subscribe.length === 1 && samePresentity(batch.subscribe[0], request.to.uri);
    if (!single && !accepts(accept, 'multipart/related') && !accepts(accept, 'application/rlmi+xml')) {
      return reject(406, 'Not Acceptable: a batched subscription needs multipart/related with application/rlmi+xml');
    }
    return {
      accept: true,
      plan: {
        expires,
        format: 'categories',
        ...(single ? {} : { batch: { listUri: listUriOf(batch, request) } }),
        resources: batch.subscribe.map(detachString),
        ...(categories === undefined ? {} : { categories }),
        piggyback,
      },
    };
  }

  const resource = detachString(presentityUri(request));
  // Only an explicit text/xml+msrtc.pidf selects the legacy format; wildcards mean PIDF.
  if (accept !== undefined && accept.has(contentTypes['msrtc-pidf'])) {
    return { accept: true, plan: { expires, format: 'msrtc-pidf', resources: [resource], piggyback } };
  }
  if (accept === undefined || accepts(accept, contentTypes.pidf)) {
    return { accept: true, plan: { expires, format: 'pidf', resources: [resource], piggyback } };
  }
  return reject(406, `Not Acceptable: this server sends ${contentTypes.pidf}, ${contentTypes['msrtc-pidf']} or ${contentTypes.categories}`);
}

/**
 * The presentity of a single subscription: the Request-URI names it (RFC 3856); when that has
 * no user part (a request addressed to the domain), the To URI does.
 */
export function presentityUri(request: SipRequest): string {
  const target = withoutParameters(request.uri);
  return target.includes('@') || !request.to.uri.includes('@') ? target : withoutParameters(request.to.uri);
}

/** A URI without URI parameters or headers: `sip:a@b;transport=tls` → `sip:a@b`. */
export function withoutParameters(uri: string): string {
  const at = uri.indexOf('@');
  let end = uri.length;
  for (const separator of [';', '?']) {
    const index = uri.indexOf(separator, at < 0 ? 0 : at);
    if (index >= 0 && index < end) end = index;
  }
  return uri.slice(0, end);
}

function samePresentity(a: string, b: string): boolean {
  const left = normaliseAlias(a);
  const right = normaliseAlias(b);
  return left.ok && right.ok && left.alias.key === right.alias.key;
}

function listUriOf(batch: BatchRequest, request: SipRequest): string {
  return detachString(batch.listUri !== '' ? batch.listUri : withoutParameters(request.from.uri));
}
