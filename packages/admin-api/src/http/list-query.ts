/* eslint-disable no-restricted-syntax -- these objects are the platform's JSON, which says null for "no related object" and "no other page" */
import { ApiError } from '../resources/api-error';
import { listUri } from '../resources/related';
import { type JsonObject, type ResourceKind } from '../resources/resource-kind';

/** The platform's page size when a list request names none. */
export const defaultPageSize = 20;

/** Parameters every list accepts besides the resource's filters. */
const paging = new Set(['limit', 'offset', 'format']);

export interface ListPage {
  readonly meta: { readonly limit: number; readonly next: string | null; readonly offset: number; readonly previous: string | null; readonly total_count: number };
  readonly objects: readonly JsonObject[];
}

/**
 * One page of a list as the platform answers it: `{meta: {limit, next, offset, previous,
 * total_count}, objects}`, filtered by exact values of the resource's filter fields. `limit=0`
 * asks for as many as the API gives at once.
 */
export function listPage(resource: ResourceKind, objects: readonly JsonObject[], query: Readonly<Record<string, unknown>>, maxPageSize: number): ListPage {
  const filters: [string, string][] = [];
  for (const [key, value] of Object.entries(query)) {
    if (paging.has(key)) continue;
    if (!resource.filters.includes(key)) {
      const allowed = resource.filters.length === 0 ? 'none' : resource.filters.join(', ');
      throw ApiError.message(400, `The '${key}' field does not allow filtering; ${resource.name} can be filtered by: ${allowed}.`);
    }
    filters.push([key, String(Array.isArray(value) ? value[0] : value)]);
  }
  if (query.format !== undefined && query.format !== 'json') throw ApiError.message(400, `format=${String(query.format)} is not offered; use json.`);
  const limit = whole(query.limit, 'limit', defaultPageSize);
  const offset = whole(query.offset, 'offset', 0);
  const size = limit === 0 ? maxPageSize : Math.min(limit, maxPageSize);

  const matching = objects.filter((o) => filters.every(([key, value]) => matches(o[key], value)));
  const page = matching.slice(offset, offset + size);
  const link = (at: number) => {
    const params = new URLSearchParams([...filters, ['limit', String(size)], ['offset', String(at)]]);
    return listUri(resource.name, params.toString());
  };
  return {
    meta: {
      limit: size,
      next: offset + size < matching.length ? link(offset + size) : null,
      offset,
      previous: offset > 0 ? link(Math.max(0, offset - size)) : null,
      total_count: matching.length,
    },
    objects: page,
  };
}

function whole(value: unknown, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const text = String(Array.isArray(value) ? value[0] : value);
  if (!/^\d{1,9}$/.test(text)) throw ApiError.message(400, `${name} must be a whole number of at least 0, not '${text.slice(0, 20)}'.`);
  return Number(text);
}

/** A field equals a filter value: text as is; a related field by its URI; booleans as true/false. */
function matches(field: unknown, value: string): boolean {
  if (typeof field === 'string' || typeof field === 'number') return String(field) === value;
  if (typeof field === 'boolean') return String(field) === value.toLowerCase();
  if (field === null) return value === '' || value === 'null';
  return false;
}
