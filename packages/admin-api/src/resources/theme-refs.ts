/* eslint-disable no-restricted-syntax -- these objects are the platform's JSON, which says null for "no related object" and "no other page" */
import { type FieldErrorCollector } from './api-error';
import { type IdentifiedContent, type IdentifiedTheme } from './identified-content';
import { readRelated, resourceUri } from './related';

/** The theme a reference in the content names (by name or id), if any. */
export function themeFor(content: IdentifiedContent, ref: string | undefined): IdentifiedTheme | undefined {
  if (ref === undefined) return undefined;
  return content.themes.find((t) => t.name === ref) ?? content.themes.find((t) => String(t.id) === ref);
}

/** A theme as a nested object, the way the platform embeds it in a conference. */
export function nestedTheme(theme: IdentifiedTheme | undefined): Record<string, unknown> | null {
  if (theme === undefined) return null;
  return { id: theme.id, name: theme.name, uuid: themeUuid(theme), resource_uri: resourceUri('ivr_theme', theme.id) };
}

/**
 * A stable UUID for a theme, which Herald does not store: derived from its id, so it is the
 * same on every node and after restarts.
 */
export function themeUuid(theme: IdentifiedTheme): string {
  const hex = theme.id.toString(16).padStart(12, '0').slice(-12);
  return `00000000-0000-4000-8000-${hex}`;
}

/**
 * Reads a request's `ivr_theme` (or `default_theme`) into the name the directory stores, or
 * undefined for none. References are stored by name so the file stays readable; renaming a
 * theme through the API renames the references with it.
 */
export function readThemeRef(value: unknown, content: IdentifiedContent, field: string, errors: FieldErrorCollector): string | undefined {
  const ref = readRelated(value, 'ivr_theme', { allowName: true });
  switch (ref.kind) {
    case 'none':
      return undefined;
    case 'invalid':
      errors.add(field, ref.message);
      return undefined;
    case 'id': {
      const theme = content.themes.find((t) => t.id === ref.id);
      if (theme === undefined) errors.add(field, `Could not find the ivr_theme ${resourceUri('ivr_theme', ref.id)}.`);
      return theme?.name;
    }
    case 'name': {
      const theme = content.themes.find((t) => t.name === ref.name);
      if (theme === undefined) errors.add(field, `There is no ivr_theme named '${ref.name}'.`);
      return theme?.name;
    }
  }
}
