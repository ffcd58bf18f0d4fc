import { XMLParser, XMLValidator } from 'fast-xml-parser';

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

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  // Only the predefined and numeric entities are expanded; documents with a DTD are refused
  // before parsing, so no entity can expand into anything large.
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => ['action', 'resource', 'category', 'create', 'delete'].includes(name),
});

type Node = Record<string, unknown>;

function parse(body: string, root: string): { ok: true; node: Node } | { ok: false; reason: string } {
  if (/<!DOCTYPE/i.test(body)) return { ok: false, reason: 'documents with a DTD are not accepted' };
  const valid = XMLValidator.validate(body);
  if (valid !== true) return { ok: false, reason: `malformed XML at line ${valid.err.line}: ${valid.err.msg}` };
  const document = parser.parse(body) as Node;
  const node = document[root];
  if (node === undefined || typeof node !== 'object') return { ok: false, reason: `the root element is not <${root}>` };
  return { ok: true, node: node as Node };
}

function list(value: unknown): Node[] {
  return Array.isArray(value) ? (value.filter((v) => v !== null && typeof v === 'object') as Node[]) : [];
}

function resourceUris(container: unknown): string[] {
  return list((container as Node | undefined)?.resource)
    .map((r) => r['@uri'])
    .filter((uri): uri is string => typeof uri === 'string' && uri.length > 0);
}

/** `application/msrtc-adrl-categorylist+xml`: Lync's category subscription (batchSub). */
export function parseBatchSubscribe(body: string): BatchParseResult {
  const parsed = parse(body, 'batchSub');
  if (!parsed.ok) return parsed;
  const subscribe: string[] = [];
  const unsubscribe: string[] = [];
  let categories: string[] | undefined;
  for (const action of list(parsed.node.action)) {
    const uris = resourceUris(action.adhocList);
    if (action['@name'] === 'unsubscribe') unsubscribe.push(...uris);
    else subscribe.push(...uris);
    const names = list((action.categoryList as Node | undefined)?.category)
      .map((c) => c['@name'])
      .filter((n): n is string => typeof n === 'string');
    if (names.length > 0) categories = [...(categories ?? []), ...names];
  }
  const listUri = typeof parsed.node['@uri'] === 'string' ? parsed.node['@uri'] : '';
  return { ok: true, batch: { listUri, subscribe, unsubscribe, ...(categories === undefined ? {} : { categories }) } };
}

/** `application/adrl+xml`: the LCS 2005 ad-hoc resource list. */
export function parseAdhocList(body: string): BatchParseResult {
  const parsed = parse(body, 'adhoclist');
  if (!parsed.ok) return parsed;
  const subscribe = list(parsed.node.create).flatMap(resourceUris);
  const unsubscribe = list(parsed.node.delete).flatMap(resourceUris);
  const listUri = typeof parsed.node['@uri'] === 'string' ? parsed.node['@uri'] : '';
  return { ok: true, batch: { listUri, subscribe, unsubscribe } };
}
