import { configurationBasePath } from '../admin-api-options';

export type ResourceName = 'conference' | 'conference_alias' | 'gateway_routing_rule' | 'ivr_theme' | 'global' | 'system_location';

/** `/api/admin/configuration/v1/conference/12/` */
export function resourceUri(resource: ResourceName, id: number | string): string {
  return `${configurationBasePath}/${resource}/${id}/`;
}

/** The list URI of a resource, with a page's query. */
export function listUri(resource: ResourceName, query: string): string {
  return `${configurationBasePath}/${resource}/${query === '' ? '' : `?${query}`}`;
}

/** What a related field names: an object by id, by name, nothing (null), or something unreadable. */
export type RelatedRef =
  | { readonly kind: 'none' }
  | { readonly kind: 'id'; readonly id: number }
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'invalid'; readonly message: string };

const uriPattern = /^(?:[a-z][a-z0-9+.-]*:\/\/[^/]+)?\/api\/admin\/configuration\/v1\/([a-z_]+)\/([^/?#]+)\/?$/i;

/**
 * Reads a related field as the platform writes it, or as exports carry it: a resource URI
 * (relative or with scheme and host), a nested object (`{id}`, `{resource_uri}`, `{name}`), a
 * number (an id), null, or — where the resource allows it — a plain name.
 */
export function readRelated(value: unknown, resource: ResourceName, options: { readonly allowName?: boolean } = {}): RelatedRef {
  if (value === null || value === undefined || value === '') return { kind: 'none' };
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? { kind: 'id', id: value } : { kind: 'invalid', message: `${value} is not an id` };
  if (typeof value === 'string') {
    const match = uriPattern.exec(value.trim());
    if (match !== null) {
      if (match[1] !== resource) return { kind: 'invalid', message: `'${value}' is a ${match[1]} URI, not a ${resource} one` };
      const id = Number(match[2]);
      if (Number.isSafeInteger(id) && id > 0) return { kind: 'id', id };
      return options.allowName ? { kind: 'name', name: decodeURIComponent(match[2]) } : { kind: 'invalid', message: `'${value}' has no numeric id` };
    }
    if (/^\d+$/.test(value)) return { kind: 'id', id: Number(value) };
    if (options.allowName) return { kind: 'name', name: value };
    return { kind: 'invalid', message: `'${value}' is not a ${resource} URI (${resourceUri(resource, '<id>')})` };
  }
  if (typeof value === 'object' && !Array.isArray(value)) {
    const fields = value as Record<string, unknown>;
    if (fields.id !== undefined) return readRelated(fields.id, resource, options);
    if (fields.resource_uri !== undefined) return readRelated(fields.resource_uri, resource, options);
    if (typeof fields.name === 'string' && options.allowName) return { kind: 'name', name: fields.name };
  }
  return { kind: 'invalid', message: `must be a ${resource} URI, an object with its id, or null` };
}
