import { type DirectoryContent, type GatewayRoutingRule, type MeetingService, type ServiceAlias, type ThemeDefinition } from '@herald/core';

export type IdentifiedAlias = ServiceAlias & { readonly id: number };
export type IdentifiedService = Omit<MeetingService, 'aliases'> & { readonly id: number; readonly aliases: readonly IdentifiedAlias[] };
export type IdentifiedRule = GatewayRoutingRule & { readonly id: number };
export type IdentifiedTheme = ThemeDefinition & { readonly id: number };

/** Directory content in which every service, alias, rule and theme has its numeric id. */
export interface IdentifiedContent extends DirectoryContent {
  readonly services: readonly IdentifiedService[];
  readonly rules: readonly IdentifiedRule[];
  readonly themes: readonly IdentifiedTheme[];
}

/**
 * Gives every object without an id one, as the platform numbers its objects: after the highest
 * id of its kind, in document order (aliases are numbered across all services). The same content
 * always gets the same ids, so a file written by hand shows stable ids until the first API write
 * stores them with the rest.
 */
export function withIds(content: DirectoryContent): IdentifiedContent {
  const next = (ids: readonly (number | undefined)[]) => {
    let last = Math.max(0, ...ids.filter((id): id is number => id !== undefined));
    return () => ++last;
  };
  const nextService = next(content.services.map((s) => s.id));
  const nextAlias = next(content.services.flatMap((s) => s.aliases.map((a) => a.id)));
  const nextRule = next(content.rules.map((r) => r.id));
  const nextTheme = next(content.themes.map((t) => t.id));
  return {
    ...content,
    services: content.services.map((s) => ({
      ...s,
      id: s.id ?? nextService(),
      aliases: s.aliases.map((a) => ({ ...a, id: a.id ?? nextAlias() })),
    })),
    rules: content.rules.map((r) => ({ ...r, id: r.id ?? nextRule() })),
    themes: content.themes.map((t) => ({ ...t, id: t.id ?? nextTheme() })),
  };
}

/** The id a new object of a kind gets. */
export function nextId(ids: Iterable<number>): number {
  let max = 0;
  for (const id of ids) if (id > max) max = id;
  return max + 1;
}

export function allAliasIds(content: IdentifiedContent): number[] {
  return content.services.flatMap((s) => s.aliases.map((a) => a.id));
}
