import { randomBytes } from 'node:crypto';
import { escapeXml } from './xml-text';

/** One resource of a list, as RFC 4662 reports it. */
export interface RlmiResource {
  readonly uri: string;
  /** Stable per resource within the subscription. */
  readonly instanceId: string;
  readonly state: 'active' | 'pending' | 'terminated';
  /** With `terminated`: `noresource`, `timeout`, `deactivated`, `rejected`… */
  readonly reason?: string;
  /** The resource's document, for active resources. */
  readonly part?: { readonly contentType: string; readonly body: string };
}

export interface RlmiOptions {
  /** The list URI: for Microsoft batches, the subscriber's own URI. */
  readonly listUri: string;
  /** Goes up by one with every document sent in the dialog. */
  readonly version: number;
  /** True for the first document and after a refresh; partial updates list only changes. */
  readonly fullState: boolean;
  readonly resources: readonly RlmiResource[];
}

export interface MultipartBody {
  /** The whole Content-Type value, with `type`, `start` and `boundary`. */
  readonly contentType: string;
  readonly body: string;
}

/**
 * A resource-list notification (RFC 4662): `multipart/related` whose root part is the RLMI
 * document and whose other parts are the resources' documents, referenced by Content-ID.
 * Lines end with CRLF, and the boundary is chosen so that it occurs in no part.
 */
export function renderRlmiMultipart(options: RlmiOptions): MultipartBody {
  const token = randomBytes(9).toString('base64url');
  const rootId = `rlmi-${token}@herald`;
  const partIds = options.resources.map((r, i) => (r.part === undefined ? undefined : `r${i}-${token}@herald`));

  const instances = options.resources.map((resource, i) => {
    const attributes = [`id="${escapeXml(resource.instanceId)}"`, `state="${resource.state}"`];
    if (resource.reason !== undefined) attributes.push(`reason="${escapeXml(resource.reason)}"`);
    const cid = partIds[i];
    if (cid !== undefined) attributes.push(`cid="${cid}"`);
    return `<resource uri="${escapeXml(resource.uri)}"><instance ${attributes.join(' ')}/></resource>`;
  });
  const rlmi =
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<list xmlns="urn:ietf:params:xml:ns:rlmi" uri="${escapeXml(options.listUri)}" version="${options.version}" fullState="${options.fullState}">` +
    `${instances.join('')}</list>`;

  const parts = [{ id: rootId, contentType: 'application/rlmi+xml;charset=utf-8', body: rlmi }];
  options.resources.forEach((resource, i) => {
    const cid = partIds[i];
    if (resource.part !== undefined && cid !== undefined) parts.push({ id: cid, contentType: resource.part.contentType, body: resource.part.body });
  });

  let boundary = `herald-${token}`;
  while (parts.some((p) => p.body.includes(boundary))) boundary = `herald-${randomBytes(12).toString('base64url')}`;
  const body =
    parts
      .map((p) => `--${boundary}\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <${p.id}>\r\nContent-Type: ${p.contentType}\r\n\r\n${p.body}\r\n`)
      .join('') + `--${boundary}--\r\n`;
  return {
    contentType: `multipart/related;type="application/rlmi+xml";start="<${rootId}>";boundary="${boundary}"`,
    body,
  };
}
