/* eslint-disable no-restricted-syntax -- these objects are the platform's JSON, which says null for "no related object" and "no other page" */
import { type MeetingServiceKind } from '@herald/core';
import { ApiError, FieldErrorCollector } from './api-error';
import { FieldReader } from './field-reader';
import { allAliasIds, type IdentifiedAlias, type IdentifiedContent, type IdentifiedService, nextId } from './identified-content';
import { readRelated, resourceUri } from './related';
import { type JsonObject, type ResourceKind, type WriteOutcome } from './resource-kind';
import { nestedTheme, readThemeRef, themeFor } from './theme-refs';

/** The platform's `service_type` of each kind of service Herald publishes. */
export const serviceTypes: Readonly<Record<MeetingServiceKind, string>> = { vmr: 'conference', 'virtual-auditorium': 'lecture' };
const kindForType = new Map(Object.entries(serviceTypes).map(([kind, type]) => [type, kind as MeetingServiceKind]));

export const conferenceDefaults: JsonObject = { description: '', service_type: 'conference', tag: '', enable: true, ivr_theme: null, aliases: [] };

export function aliasJson(alias: IdentifiedAlias, service: IdentifiedService): JsonObject {
  return { alias: alias.alias, conference: resourceUri('conference', service.id), description: alias.description, id: alias.id, resource_uri: resourceUri('conference_alias', alias.id) };
}

function conferenceJson(service: IdentifiedService, content: IdentifiedContent): JsonObject {
  return {
    aliases: service.aliases.map((a) => aliasJson(a, service)),
    description: service.description,
    // Herald's own field: a disabled service publishes no presence.
    enable: service.enabled,
    id: service.id,
    ivr_theme: nestedTheme(themeFor(content, service.theme)),
    name: service.name,
    resource_uri: resourceUri('conference', service.id),
    service_type: serviceTypes[service.kind],
    tag: service.tag,
  };
}

/**
 * Reads a conference's fields. Aliases may be objects (`{alias, description}`, with an `id` or
 * `resource_uri` to keep an existing alias), alias URIs (an existing alias, moved here) or plain
 * alias strings.
 */
export function readConference(fields: JsonObject, content: IdentifiedContent, id: number): IdentifiedService {
  const errors = new FieldErrorCollector();
  const read = new FieldReader(fields, errors);
  const name = read.text('name', { max: 250, required: true });
  const description = read.text('description', { max: 250 });
  const serviceType = read.choice('service_type', ['conference', 'lecture'], 'Herald publishes presence for Virtual Meeting Rooms (conference) and Virtual Auditoriums (lecture) only.');
  const tag = read.text('tag', { max: 250 });
  const enabled = read.bool('enable');
  const theme = readThemeRef(fields.ivr_theme, content, 'ivr_theme', errors);
  const aliases = readAliases(fields.aliases, content, errors);
  errors.throwIfAny('conference');
  const kind = kindForType.get(serviceType) ?? 'vmr';
  return { id, kind, name, description, aliases, tag, enabled, ...(theme === undefined ? {} : { theme }) };
}

function readAliases(value: unknown, content: IdentifiedContent, errors: FieldErrorCollector): IdentifiedAlias[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    errors.add('aliases', 'Must be a list of aliases.');
    return [];
  }
  const existing = new Map(content.services.flatMap((s) => s.aliases.map((a) => [a.id, a] as const)));
  let fresh = nextId(allAliasIds(content)) - 1;
  const aliases: IdentifiedAlias[] = [];
  for (const item of value as unknown[]) {
    if (typeof item === 'string' && !item.startsWith('/') && !item.includes('://')) {
      aliases.push({ id: ++fresh, alias: item, description: '' });
      continue;
    }
    const fields = typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as JsonObject) : {};
    const ref = typeof item === 'string' ? readRelated(item, 'conference_alias') : fields.id !== undefined || fields.resource_uri !== undefined ? readRelated(item, 'conference_alias') : undefined;
    if (ref?.kind === 'invalid') {
      errors.add('aliases', ref.message);
      continue;
    }
    const known = ref?.kind === 'id' ? existing.get(ref.id) : undefined;
    if (ref?.kind === 'id' && known === undefined && typeof item === 'string') {
      errors.add('aliases', `Could not find the conference_alias ${item}.`);
      continue;
    }
    const alias = fields.alias ?? known?.alias;
    const description = fields.description ?? known?.description ?? '';
    if (typeof alias !== 'string' || alias === '') errors.add('aliases', 'Each alias needs its alias text.');
    else if (alias.length > 250) errors.add('aliases', `Ensure '${alias.slice(0, 40)}…' has at most 250 characters (it has ${alias.length}).`);
    else if (typeof description !== 'string' || description.length > 250) errors.add('aliases', `The description of '${alias}' must be text of at most 250 characters.`);
    else aliases.push({ id: known?.id ?? (ref?.kind === 'id' ? ref.id : ++fresh), alias, description });
  }
  return aliases;
}

/** A service with the aliases taken by `claimed` removed: an alias moved to another service leaves its old one. */
function without(services: readonly IdentifiedService[], claimed: readonly IdentifiedAlias[], except: number): IdentifiedService[] {
  const ids = new Set(claimed.map((a) => a.id));
  return services.map((s) => (s.id === except || !s.aliases.some((a) => ids.has(a.id)) ? s : { ...s, aliases: s.aliases.filter((a) => !ids.has(a.id)) }));
}

export const conferenceResource: ResourceKind = {
  name: 'conference',
  filters: ['name', 'service_type', 'tag'],
  list: (content) => content.services.map((s) => conferenceJson(s, content)),
  one: (content, id) => {
    const service = content.services.find((s) => s.id === id);
    return service === undefined ? undefined : conferenceJson(service, content);
  },
  create(content, body): WriteOutcome {
    const id = nextId(content.services.map((s) => s.id));
    const service = readConference({ ...conferenceDefaults, ...body }, content, id);
    return { id, content: { ...content, services: [...without(content.services, service.aliases, id), service] } };
  },
  update(content, id, body, partial): WriteOutcome {
    const current = content.services.find((s) => s.id === id);
    if (current === undefined) throw ApiError.notFound('conference', String(id));
    const base = partial ? conferenceJson(current, content) : conferenceDefaults;
    const service = readConference({ ...base, ...body }, content, id);
    return { id, content: { ...content, services: without(content.services, service.aliases, id).map((s) => (s.id === id ? service : s)) } };
  },
  remove(content, id): WriteOutcome {
    if (!content.services.some((s) => s.id === id)) throw ApiError.notFound('conference', String(id));
    return { id, content: { ...content, services: content.services.filter((s) => s.id !== id) } };
  },
};

function findAlias(content: IdentifiedContent, id: number): { alias: IdentifiedAlias; service: IdentifiedService } | undefined {
  for (const service of content.services) {
    const alias = service.aliases.find((a) => a.id === id);
    if (alias !== undefined) return { alias, service };
  }
  return undefined;
}

function readAlias(fields: JsonObject, content: IdentifiedContent, id: number): { alias: IdentifiedAlias; serviceId: number } {
  const errors = new FieldErrorCollector();
  const read = new FieldReader(fields, errors);
  const alias = read.text('alias', { max: 250, required: true });
  const description = read.text('description', { max: 250 });
  const ref = readRelated(fields.conference, 'conference');
  let serviceId = 0;
  if (ref.kind === 'none') errors.add('conference', 'This field is required.');
  else if (ref.kind === 'invalid') errors.add('conference', ref.message);
  else if (ref.kind === 'id' && !content.services.some((s) => s.id === ref.id)) errors.add('conference', `Could not find the conference ${resourceUri('conference', ref.id)}.`);
  else if (ref.kind === 'id') serviceId = ref.id;
  errors.throwIfAny('conference_alias');
  return { alias: { id, alias, description }, serviceId };
}

/** Puts an alias on a service (moving it from another, if it was elsewhere). */
function placeAlias(content: IdentifiedContent, alias: IdentifiedAlias, serviceId: number): IdentifiedContent {
  return {
    ...content,
    services: content.services.map((s) => {
      const others = s.aliases.filter((a) => a.id !== alias.id);
      if (s.id !== serviceId) return others.length === s.aliases.length ? s : { ...s, aliases: others };
      const at = s.aliases.findIndex((a) => a.id === alias.id);
      return { ...s, aliases: at === -1 ? [...others, alias] : s.aliases.map((a) => (a.id === alias.id ? alias : a)) };
    }),
  };
}

export const conferenceAliasResource: ResourceKind = {
  name: 'conference_alias',
  filters: ['alias', 'conference'],
  list: (content) => content.services.flatMap((s) => s.aliases.map((a) => aliasJson(a, s))),
  one: (content, id) => {
    const found = findAlias(content, id);
    return found === undefined ? undefined : aliasJson(found.alias, found.service);
  },
  create(content, body): WriteOutcome {
    const id = nextId(allAliasIds(content));
    const { alias, serviceId } = readAlias({ description: '', ...body }, content, id);
    return { id, content: placeAlias(content, alias, serviceId) };
  },
  update(content, id, body, partial): WriteOutcome {
    const found = findAlias(content, id);
    if (found === undefined) throw ApiError.notFound('conference_alias', String(id));
    const base = partial ? aliasJson(found.alias, found.service) : { description: '' };
    const { alias, serviceId } = readAlias({ ...base, ...body }, content, id);
    return { id, content: placeAlias(content, alias, serviceId) };
  },
  remove(content, id): WriteOutcome {
    if (findAlias(content, id) === undefined) throw ApiError.notFound('conference_alias', String(id));
    return { id, content: { ...content, services: content.services.map((s) => (s.aliases.some((a) => a.id === id) ? { ...s, aliases: s.aliases.filter((a) => a.id !== id) } : s)) } };
  },
};
