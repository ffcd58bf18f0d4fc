import { maxAliasInputLength } from '@herald/core';
import { subscriptionDurationRange } from '../applications/presence-subscription';
import { type UcwaLimits, ucwaTimeoutRange } from '../ucwa-options';

/**
 * JSON schemas of every route's parameters, query strings and bodies, checked by Fastify
 * (Ajv) before a handler runs. A failure becomes a 400 naming the field (see
 * `describeValidation`). Unknown body fields are ignored, as UCWA clients send more than Herald
 * reads; UCWA's PascalCase field names are accepted too (see the routes' `preValidation`).
 */

const appId = { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } as const;
const uri = { type: 'string', minLength: 1, maxLength: maxAliasInputLength } as const;
const subscriptionId = { type: 'string', pattern: '^[0-9]{1,10}$' } as const;
const duration = { type: 'integer', minimum: subscriptionDurationRange.min, maximum: subscriptionDurationRange.max } as const;

export const appParams = { type: 'object', required: ['appId'], properties: { appId } } as const;
export const contactParams = { type: 'object', required: ['appId', 'uri'], properties: { appId, uri } } as const;
export const subscriptionParams = { type: 'object', required: ['appId', 'subscriptionId'], properties: { appId, subscriptionId } } as const;
export const membershipParams = { type: 'object', required: ['appId', 'subscriptionId', 'uri'], properties: { appId, subscriptionId, uri } } as const;

export const createApplicationBody = {
  type: 'object',
  required: ['userAgent', 'endpointId'],
  properties: {
    userAgent: { type: 'string', minLength: 1, maxLength: 256 },
    endpointId: { type: 'string', minLength: 1, maxLength: 128 },
    culture: { type: 'string', maxLength: 35, pattern: '^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$', default: 'en-US' },
  },
} as const;

export function subscriptionSchemas(limits: UcwaLimits) {
  const uris = { type: 'array', minItems: 1, maxItems: limits.maxMembersPerSubscription, items: uri } as const;
  return {
    create: { type: 'object', required: ['uris'], properties: { duration: { ...duration, default: 15 }, uris } } as const,
    extend: { type: 'object', properties: { duration } } as const,
    addMembers: { type: 'object', required: ['uris'], properties: { uris } } as const,
  };
}

export function eventsQuery(limits: UcwaLimits) {
  return {
    type: 'object',
    properties: {
      ack: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
      timeout: { type: 'integer', minimum: ucwaTimeoutRange.min, maximum: ucwaTimeoutRange.max, default: limits.pendingGetTimeoutS.default },
      // Aggregation intervals and priority: accepted as UCWA defines them; Herald answers at once.
      low: { type: 'integer', minimum: 5, maximum: 1800 },
      medium: { type: 'integer', minimum: 5, maximum: 1800 },
      priority: { type: 'string', maxLength: 32 },
    },
  } as const;
}

export const photoQuery = {
  type: 'object',
  properties: { size: { type: 'string', pattern: '^HR[0-9]{1,4}x[0-9]{1,4}$' } },
} as const;

export const tokenBody = {
  type: 'object',
  required: ['grant_type'],
  properties: {
    grant_type: { type: 'string', maxLength: 100 },
    client_id: { type: 'string', maxLength: 100 },
    client_secret: { type: 'string', maxLength: 1024 },
    scope: { type: 'string', maxLength: 1024 },
  },
} as const;

/** Copies UCWA's PascalCase body fields (`UserAgent`) to the camelCase names the schemas use. */
export function camelCaseFields(body: unknown): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return;
  const record = body as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const camel = key.charAt(0).toLowerCase() + key.slice(1);
    if (camel !== key && !(camel in record)) record[camel] = record[key];
  }
}

/**
 * Response schemas of the hot GET routes: Fastify compiles them into serializers that are
 * several times faster than `JSON.stringify` (and write nothing the schema does not name).
 */
const link = { type: 'object', required: ['href'], properties: { href: { type: 'string' } } } as const;
const text = { type: 'string' } as const;

export const contactResponse = {
  200: {
    type: 'object',
    properties: {
      rel: text,
      uri: text,
      name: text,
      title: text,
      type: text,
      sourceNetwork: text,
      _links: { type: 'object', properties: { self: link, contactPresence: link, contactNote: link, contactPhoto: link } },
    },
  },
} as const;

export const presenceResponse = {
  200: {
    type: 'object',
    properties: { rel: text, availability: text, activity: text, deviceType: text, _links: { type: 'object', properties: { self: link } } },
  },
} as const;

export const noteResponse = {
  200: { type: 'object', properties: { rel: text, message: text, type: text, _links: { type: 'object', properties: { self: link } } } },
} as const;
