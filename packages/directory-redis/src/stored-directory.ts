import { createHash } from 'node:crypto';
import { type DirectoryContent, type GatewayRoutingRule, type MeetingService } from '@herald/core';

/** Marks the encoding of `content` in Redis, so a later Herald can read or migrate older data. */
export const storedFormat = 'herald-directory/1';

/** A theme as Redis holds it: its package by SHA-256, never a path (paths are per node). */
export interface StoredTheme {
  readonly id?: number;
  readonly name: string;
  readonly package: string;
}

/** The JSON kept in the directory hash's `content` field. */
export interface StoredDirectory {
  readonly format: typeof storedFormat;
  readonly services: readonly MeetingService[];
  readonly rules: readonly Omit<GatewayRoutingRule, 'origin'>[];
  readonly themes: readonly StoredTheme[];
  readonly defaultTheme?: string;
}

/** SHA-256 in hex: names theme packages (content-addressed) and versions content. */
export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The JSON stored for `content`, given the package digest of each theme (by name). Rule origins
 * are dropped: they say where a rule was read from, which the reader sets.
 */
export function encodeDirectory(content: DirectoryContent, packages: ReadonlyMap<string, string>): string {
  const stored: StoredDirectory = {
    format: storedFormat,
    services: content.services,
    rules: content.rules.map(({ origin: _origin, ...rule }) => rule),
    themes: content.themes.map((theme) => ({
      ...(theme.id === undefined ? {} : { id: theme.id }),
      name: theme.name,
      package: packages.get(theme.name) ?? '',
    })),
    ...(content.defaultTheme === undefined ? {} : { defaultTheme: content.defaultTheme }),
  };
  return JSON.stringify(stored);
}

/**
 * Reads stored JSON back, checking its outline; the content itself is then checked like any
 * write (references and every directory validator) before a node serves it.
 * @throws Error saying what is wrong, when the JSON is not a stored directory.
 */
export function decodeDirectory(json: string): StoredDirectory {
  const value = JSON.parse(json) as Partial<StoredDirectory> | undefined;
  if (typeof value !== 'object' || value === null) throw new Error('the stored directory is not a JSON object');
  if (value.format !== storedFormat) throw new Error(`the stored directory has format '${String(value.format)}'; this Herald reads '${storedFormat}'`);
  for (const key of ['services', 'rules', 'themes'] as const) {
    if (!Array.isArray(value[key])) throw new Error(`the stored directory's '${key}' is not a list`);
  }
  for (const theme of value.themes ?? []) {
    if (typeof theme?.name !== 'string' || !/^[0-9a-f]{64}$/.test(String(theme.package))) {
      throw new Error(`the stored theme '${String(theme?.name)}' names no package by SHA-256`);
    }
  }
  return value as StoredDirectory;
}

/** Directory content from stored JSON, with each theme's package at `pathOf(digest)`. */
export function storedToContent(stored: StoredDirectory, pathOf: (digest: string) => string, origin: string): DirectoryContent {
  return {
    services: stored.services,
    rules: stored.rules.map((rule, index) => ({ ...rule, origin: `${origin}#gateway_routing_rules[${index}]` })),
    themes: stored.themes.map((theme) => ({ ...(theme.id === undefined ? {} : { id: theme.id }), name: theme.name, path: pathOf(theme.package) })),
    ...(stored.defaultTheme === undefined ? {} : { defaultTheme: stored.defaultTheme }),
  };
}
