import { SaxesElementReader } from './saxes-element-reader';
import { scanSmallXml } from './small-xml-scanner';
import { attributeValue, rootMismatch, type ExpectedRoot, type XmlElement, type XmlElementsResult } from './xml-element';

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

/** Reads a body's elements, refusing it when it is malformed or its root is not `root`. */
export type ElementReader = (body: string, root: ExpectedRoot) => XmlElementsResult;

const batchNs = 'http://schemas.microsoft.com/2006/01/sip/batch-subscribe';
const categoryListNs = 'http://schemas.microsoft.com/2006/09/sip/categorylist';
const adrlNs = 'urn:ietf:params:xml:ns:adrl';
const batchRoot: ExpectedRoot = { local: 'batchSub', uri: batchNs };
const adhocRoot: ExpectedRoot = { local: 'adhoclist', uri: adrlNs };

const saxesReader = new SaxesElementReader();

/**
 * Reads a batch body on every SUBSCRIBE that carries one: the hand-written scanner takes the
 * plain bodies clients send (a microsecond or two), and saxes everything it declines, so a
 * malformed body is always refused by saxes, with its message (see small-xml-scanner.ts).
 */
export function readElements(body: string, root: ExpectedRoot): XmlElementsResult {
  const elements = scanSmallXml(body);
  if (elements === undefined) return saxesReader.read(body, root);
  // The scanner accepts only bodies saxes reads without error, so the root is the only thing left to refuse.
  const mismatch = rootMismatch(elements[0] as XmlElement, root);
  return mismatch === undefined ? { ok: true, elements } : { ok: false, reason: mismatch };
}

/**
 * `application/msrtc-adrl-categorylist+xml`: Lync's category subscription (batchSub).
 * `read` is for tests that compare the scanner with saxes; callers leave it out.
 */
export function parseBatchSubscribe(body: string, read: ElementReader = readElements): BatchParseResult {
  const result = read(body, batchRoot);
  if (!result.ok) return result;
  let listUri = '';
  const subscribe: string[] = [];
  const unsubscribe: string[] = [];
  let categories: string[] | undefined;
  for (const element of result.elements) {
    const parent = element.parent;
    if (parent === undefined) listUri = attributeValue(element, 'uri') ?? '';
    if (element.local === 'resource' && element.uri === batchNs && parent?.local === 'adhocList') {
      const action = outermostAction(parent);
      const uri = attributeValue(element, 'uri');
      if (action !== undefined && uri !== undefined && uri !== '') (attributeValue(action, 'name') === 'unsubscribe' ? unsubscribe : subscribe).push(uri);
    } else if (element.local === 'category' && element.uri === categoryListNs) {
      const name = attributeValue(element, 'name');
      if (name !== undefined) (categories ??= []).push(name);
    }
  }
  return { ok: true, batch: { listUri, subscribe, unsubscribe, ...(categories === undefined ? {} : { categories }) } };
}

/**
 * The outermost batch `<action>` among `element` and its ancestors. Both readers refuse bodies
 * nested more than `maxElementDepth` deep, so the walk is short even in a hostile body.
 */
function outermostAction(element: XmlElement): XmlElement | undefined {
  let action: XmlElement | undefined;
  for (let e: XmlElement | undefined = element; e !== undefined; e = e.parent) if (e.local === 'action' && e.uri === batchNs) action = e;
  return action;
}

/**
 * `application/adrl+xml`: the LCS 2005 ad-hoc resource list.
 * `read` is for tests that compare the scanner with saxes; callers leave it out.
 */
export function parseAdhocList(body: string, read: ElementReader = readElements): BatchParseResult {
  const result = read(body, adhocRoot);
  if (!result.ok) return result;
  let listUri = '';
  const subscribe: string[] = [];
  const unsubscribe: string[] = [];
  for (const element of result.elements) {
    if (element.parent === undefined) listUri = attributeValue(element, 'uri') ?? '';
    const operation = element.parent?.local;
    if (element.local === 'resource' && (operation === 'create' || operation === 'delete')) {
      const uri = attributeValue(element, 'uri');
      if (uri !== undefined && uri !== '') (operation === 'delete' ? unsubscribe : subscribe).push(uri);
    }
  }
  return { ok: true, batch: { listUri, subscribe, unsubscribe } };
}
