import { SaxesParser, type SaxesTagNS } from 'saxes';

/** The resources a batch body asks for, per action. */
export interface BatchRequest {
  /** The list URI (the subscriber's own URI in Microsoft batches). */
  readonly listUri: string;
  readonly subscribe: readonly string[];
  readonly unsubscribe: readonly string[];
  /** Category names asked for; undefined when the body lists none. */
  readonly categories?: readonly string[];
}

export type BatchParseResult = { readonly ok: true; readonly batch: BatchRequest } | { readonly ok: false; readonly reason: string };

const batchNs = 'http://schemas.microsoft.com/2006/01/sip/batch-subscribe';
const categoryListNs = 'http://schemas.microsoft.com/2006/09/sip/categorylist';
const adrlNs = 'urn:ietf:params:xml:ns:adrl';

/** Reads one element's attribute value (namespace-less attributes only). */
function attribute(tag: SaxesTagNS, name: string): string | undefined {
  return tag.attributes[name]?.value;
}

/**
 * Streams a small XML body through saxes (strict, namespace-aware, no DTD processing),
 * calling `onOpen` for each element with the element path above it. A streaming parser suits
 * these bodies: only a few attributes are wanted, and it costs a few microseconds on every
 * SUBSCRIBE where building a document tree cost tens.
 */
function scan(body: string, root: { local: string; uri: string }, onOpen: (tag: SaxesTagNS, parents: readonly SaxesTagNS[]) => void): string | undefined {
  if (body.includes('<!DOCTYPE') || body.includes('<!doctype')) return 'documents with a DTD are not accepted';
  const parser = new SaxesParser({ xmlns: true });
  const stack: SaxesTagNS[] = [];
  let failure: string | undefined;
  parser.on('error', (error) => {
    failure ??= `malformed XML: ${error.message.split('\n')[0]}`;
  });
  parser.on('opentag', (tag) => {
    if (stack.length === 0 && (tag.local !== root.local || tag.uri !== root.uri)) {
      failure ??= `the root element is <${tag.name}>${tag.uri === '' ? '' : ` in ${tag.uri}`}, not <${root.local}> in ${root.uri}`;
    }
    if (failure === undefined) onOpen(tag, stack);
    stack.push(tag);
  });
  parser.on('closetag', () => stack.pop());
  try {
    parser.write(body).close();
  } catch (error) {
    failure ??= `malformed XML: ${(error as Error).message.split('\n')[0]}`;
  }
  return failure;
}

/** `application/msrtc-adrl-categorylist+xml`: Lync's category subscription (batchSub). */
export function parseBatchSubscribe(body: string): BatchParseResult {
  let listUri = '';
  const subscribe: string[] = [];
  const unsubscribe: string[] = [];
  let categories: string[] | undefined;
  const failure = scan(body, { local: 'batchSub', uri: batchNs }, (tag, parents) => {
    if (parents.length === 0) listUri = attribute(tag, 'uri') ?? '';
    const action = parents.find((p) => p.local === 'action' && p.uri === batchNs);
    if (tag.local === 'resource' && tag.uri === batchNs && parents.at(-1)?.local === 'adhocList' && action !== undefined) {
      const uri = attribute(tag, 'uri');
      if (uri !== undefined && uri !== '') (attribute(action, 'name') === 'unsubscribe' ? unsubscribe : subscribe).push(uri);
    } else if (tag.local === 'category' && tag.uri === categoryListNs) {
      const name = attribute(tag, 'name');
      if (name !== undefined) (categories ??= []).push(name);
    }
  });
  if (failure !== undefined) return { ok: false, reason: failure };
  return { ok: true, batch: { listUri, subscribe, unsubscribe, ...(categories === undefined ? {} : { categories }) } };
}

/** `application/adrl+xml`: the LCS 2005 ad-hoc resource list. */
export function parseAdhocList(body: string): BatchParseResult {
  let listUri = '';
  const subscribe: string[] = [];
  const unsubscribe: string[] = [];
  const failure = scan(body, { local: 'adhoclist', uri: adrlNs }, (tag, parents) => {
    if (parents.length === 0) listUri = attribute(tag, 'uri') ?? '';
    const operation = parents.at(-1)?.local;
    if (tag.local === 'resource' && (operation === 'create' || operation === 'delete')) {
      const uri = attribute(tag, 'uri');
      if (uri !== undefined && uri !== '') (operation === 'delete' ? unsubscribe : subscribe).push(uri);
    }
  });
  if (failure !== undefined) return { ok: false, reason: failure };
  return { ok: true, batch: { listUri, subscribe, unsubscribe } };
}
