/* eslint-disable no-restricted-syntax -- these objects are the platform's JSON, which says null for "no related object" and "no other page" */
import { ApiError, FieldErrorCollector } from './api-error';
import { FieldReader } from './field-reader';
import { type IdentifiedContent, type IdentifiedTheme, nextId } from './identified-content';
import { resourceUri } from './related';
import { type JsonObject, type ResourceKind, type Upload, type WriteOutcome } from './resource-kind';
import { nestedTheme, readThemeRef, themeFor, themeUuid } from './theme-refs';

function themeJson(theme: IdentifiedTheme, content: IdentifiedContent): JsonObject {
  const uses = (ref: string | undefined) => themeFor(content, ref)?.id === theme.id;
  return {
    conference: content.services.filter((s) => uses(s.theme)).map((s) => resourceUri('conference', s.id)),
    gateway_routing_rule: content.rules.filter((r) => uses(r.theme)).map((r) => resourceUri('gateway_routing_rule', r.id)),
    id: theme.id,
    name: theme.name,
    resource_uri: resourceUri('ivr_theme', theme.id),
    uuid: themeUuid(theme),
  };
}

/** The ZIP's local-file-header signature: anything else is not a theme package. */
function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05) && (bytes[3] === 0x04 || bytes[3] === 0x06);
}

function readThemeName(fields: JsonObject, errors: FieldErrorCollector): string {
  return new FieldReader(fields, errors).text('name', { max: 250, required: true });
}

function checkPackage(upload: Upload | undefined, required: boolean, errors: FieldErrorCollector): Uint8Array | undefined {
  const bytes = upload?.package;
  if (bytes === undefined) {
    if (required) errors.add('package', 'This field is required: upload the theme ZIP as the multipart field "package".');
    return undefined;
  }
  if (!isZip(bytes)) errors.add('package', 'The file is not a ZIP archive; a theme package is a ZIP of the files that replace the base theme\'s.');
  return bytes;
}

/** References to a theme follow it when it is renamed, since the directory stores them by name. */
function renameReferences(content: IdentifiedContent, theme: IdentifiedTheme, to: string): IdentifiedContent {
  const follow = (ref: string | undefined) => (ref !== undefined && themeFor(content, ref)?.id === theme.id ? to : ref);
  const set = <T extends { readonly theme?: string }>(item: T): T => {
    const ref = follow(item.theme);
    return ref === item.theme ? item : { ...item, theme: ref };
  };
  const defaultTheme = follow(content.defaultTheme);
  return {
    ...content,
    services: content.services.map(set),
    rules: content.rules.map(set),
    ...(defaultTheme === undefined ? {} : { defaultTheme }),
  };
}

export const ivrThemeResource: ResourceKind = {
  name: 'ivr_theme',
  filters: ['name'],
  list: (content) => content.themes.map((t) => themeJson(t, content)),
  one: (content, id) => {
    const theme = content.themes.find((t) => t.id === id);
    return theme === undefined ? undefined : themeJson(theme, content);
  },
  create(content, body, upload): WriteOutcome {
    const errors = new FieldErrorCollector();
    const name = readThemeName({ ...body, ...upload?.fields }, errors);
    const bytes = checkPackage(upload, true, errors);
    if (content.themes.some((t) => t.name === name)) errors.add('name', 'Ivr theme with this Name already exists.');
    errors.throwIfAny('ivr_theme');
    const id = nextId(content.themes.map((t) => t.id));
    return {
      id,
      content: { ...content, themes: [...content.themes, { id, name, path: 'uploaded' }] },
      themePackages: new Map([[name, bytes as Uint8Array]]),
    };
  },
  update(content, id, body, partial, upload): WriteOutcome {
    const current = content.themes.find((t) => t.id === id);
    if (current === undefined) throw ApiError.notFound('ivr_theme', String(id));
    const errors = new FieldErrorCollector();
    const name = readThemeName({ ...(partial ? { name: current.name } : {}), ...body, ...upload?.fields }, errors);
    const bytes = checkPackage(upload, !partial, errors);
    if (content.themes.some((t) => t.name === name && t.id !== id)) errors.add('name', 'Ivr theme with this Name already exists.');
    errors.throwIfAny('ivr_theme');
    const renamed = name === current.name ? content : renameReferences(content, current, name);
    return {
      id,
      content: { ...renamed, themes: renamed.themes.map((t) => (t.id === id ? { ...t, name } : t)) },
      ...(bytes === undefined ? {} : { themePackages: new Map([[name, bytes]]) }),
    };
  },
  remove(content, id): WriteOutcome {
    const theme = content.themes.find((t) => t.id === id);
    if (theme === undefined) throw ApiError.notFound('ivr_theme', String(id));
    const users = themeJson(theme, content);
    const inUse = [...(users.conference as string[]), ...(users.gateway_routing_rule as string[]), ...(themeFor(content, content.defaultTheme)?.id === id ? [resourceUri('global', 1)] : [])];
    if (inUse.length > 0) {
      throw ApiError.fields('ivr_theme', { __all__: [`The theme '${theme.name}' is still used by ${inUse.join(', ')}; point them at another theme (or none) first.`] });
    }
    return { id, content: { ...content, themes: content.themes.filter((t) => t.id !== id) } };
  },
};

/** The one global settings object; Herald keeps only `default_theme`. */
export const globalId = 1;

function globalJson(content: IdentifiedContent): JsonObject {
  return { default_theme: nestedTheme(themeFor(content, content.defaultTheme)), id: globalId, resource_uri: resourceUri('global', globalId) };
}

export const globalResource: ResourceKind = {
  name: 'global',
  filters: [],
  list: (content) => [globalJson(content)],
  one: (content, id) => (id === globalId ? globalJson(content) : undefined),
  update(content, id, body, partial): WriteOutcome {
    if (id !== globalId) throw ApiError.notFound('global', String(id));
    const errors = new FieldErrorCollector();
    const value = 'default_theme' in body ? body.default_theme : partial ? content.defaultTheme : null;
    const defaultTheme = readThemeRef(value, content, 'default_theme', errors);
    errors.throwIfAny('global');
    const { defaultTheme: _previous, ...rest } = content;
    return { id, content: { ...rest, ...(defaultTheme === undefined ? {} : { defaultTheme }) } };
  },
};
