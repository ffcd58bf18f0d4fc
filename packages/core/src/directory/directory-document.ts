import { isAbsolute, resolve as resolvePath } from 'node:path';
import { z } from 'zod';
import { type ConfigIssue, suggestClosest } from '../config/config-issue';
import { parseConfig } from '../config/config-schema';
import { normaliseAlias, maxAliasLength } from '../domain/alias';
import { type GatewayRoutingRule } from '../domain/gateway-routing-rule';
import { type MeetingService } from '../domain/meeting-service';
import { findTheme, type ThemeDefinition } from '../domain/theme';
import { type DirectoryContent } from './directory-snapshot';

/**
 * The directory as operators write it in YAML (and as the management API and importers produce
 * it): field names follow the conferencing platform's configuration API, so rules and themes
 * read the same in both places.
 */

const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);
const nullable = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);
const themeRef = nullable(z.union([z.string().min(1), z.number().int()]).transform(String));

const aliasSchema = z.preprocess(
  (value) => (typeof value === 'string' || typeof value === 'number' ? { alias: value } : value),
  z.strictObject({
    id: z.number().int().positive().optional(),
    alias: z.string().min(1, 'must not be empty').max(maxAliasLength, `must be at most ${maxAliasLength} characters`),
    description: text(250).default(''),
  }),
);

const themeSchema = z.strictObject({
  id: z.number().int().positive().optional(),
  name: text(250).min(1, 'must not be empty'),
  path: z.string().min(1, 'must not be empty'),
});

const serviceSchema = z.strictObject({
  id: z.number().int().positive().optional(),
  name: text(250).min(1, 'must not be empty'),
  kind: z.enum(['vmr', 'virtual-auditorium']).default('vmr'),
  description: text(250).default(''),
  aliases: z.array(aliasSchema).default([]),
  ivr_theme: themeRef,
  tag: text(250).default(''),
  enable: z.boolean().default(true),
});

const ruleSchema = z.strictObject({
  id: z.number().int().positive().optional(),
  name: text(250).min(1, 'must not be empty'),
  description: text(250).default(''),
  priority: z.number().int('must be a whole number').min(1, 'must be between 1 and 200').max(200, 'must be between 1 and 200'),
  enable: z.boolean().default(true),
  match_incoming_calls: z.boolean().default(true),
  match_incoming_sip: z.boolean().default(true),
  match_incoming_h323: z.boolean().default(true),
  match_incoming_mssip: z.boolean().default(true),
  match_incoming_webrtc: z.boolean().default(true),
  match_incoming_teams: z.boolean().default(false),
  match_incoming_only_if_registered: z.boolean().default(false),
  match_source_location: nullable(z.string().min(1)),
  match_string: text(250).min(1, 'must not be empty'),
  match_string_full: z.boolean().default(false),
  replace_string: text(250).default(''),
  ivr_theme: themeRef,
  tag: text(250).default(''),
});

const documentSchema = z.object({
  default_theme: themeRef,
  themes: nullable(z.array(themeSchema)),
  services: nullable(z.array(serviceSchema)),
  gateway_routing_rules: nullable(z.array(ruleSchema)),
});

/** The top-level keys this document owns inside a larger configuration file. */
export const directoryDocumentKeys: readonly string[] = Object.keys(documentSchema.shape);

export interface DirectoryDocumentOptions {
  /** Names the document in rule origins, e.g. `config/example.yaml`. */
  readonly origin: string;
  /** Relative theme paths are resolved against this directory. */
  readonly baseDir: string;
}

export type DirectoryDocumentResult =
  | { readonly ok: true; readonly content: DirectoryContent; readonly warnings: readonly ConfigIssue[] }
  | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

/**
 * Validates a parsed document (from YAML or JSON) and turns it into directory content. Reports
 * every problem, each with its path: wrong types, unknown fields (with the likely intended
 * name), out-of-range values, duplicate names and aliases, and theme references that name no
 * theme. Other top-level keys are ignored: they belong to other sections of the file.
 */
export function parseDirectoryDocument(document: unknown, options: DirectoryDocumentOptions): DirectoryDocumentResult {
  const parsed = parseConfig(documentSchema, document ?? {});
  if (!parsed.ok) return parsed;
  const doc = parsed.value;

  const themes: ThemeDefinition[] = (doc.themes ?? []).map((t) => ({
    ...(t.id === undefined ? {} : { id: t.id }),
    name: t.name,
    path: isAbsolute(t.path) ? t.path : resolvePath(options.baseDir, t.path),
  }));
  const services: MeetingService[] = (doc.services ?? []).map((s) => ({
    ...(s.id === undefined ? {} : { id: s.id }),
    kind: s.kind,
    name: s.name,
    description: s.description,
    aliases: s.aliases.map((a) => ({ ...(a.id === undefined ? {} : { id: a.id }), alias: a.alias, description: a.description })),
    ...(s.ivr_theme === undefined ? {} : { theme: s.ivr_theme }),
    tag: s.tag,
    enabled: s.enable,
  }));
  const rules: GatewayRoutingRule[] = (doc.gateway_routing_rules ?? []).map((r, index) => ({
    ...(r.id === undefined ? {} : { id: r.id }),
    name: r.name,
    description: r.description,
    priority: r.priority,
    enabled: r.enable,
    matchIncomingCalls: r.match_incoming_calls,
    incomingProtocols: {
      sip: r.match_incoming_sip,
      h323: r.match_incoming_h323,
      mssip: r.match_incoming_mssip,
      webrtc: r.match_incoming_webrtc,
      teams: r.match_incoming_teams,
    },
    matchIncomingOnlyIfRegistered: r.match_incoming_only_if_registered,
    ...(r.match_source_location === undefined ? {} : { sourceLocation: r.match_source_location }),
    matchString: r.match_string,
    matchStringFull: r.match_string_full,
    replaceString: r.replace_string,
    ...(r.ivr_theme === undefined ? {} : { theme: r.ivr_theme }),
    tag: r.tag,
    origin: `${options.origin}#gateway_routing_rules[${index}]`,
  }));
  const content: DirectoryContent = {
    services,
    rules,
    themes,
    ...(doc.default_theme === undefined ? {} : { defaultTheme: doc.default_theme }),
  };

  const issues = checkReferences(content);
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) return { ok: false, issues };
  return { ok: true, content, warnings: issues };
}

/** Cross-field checks: uniqueness, alias syntax and theme references. */
export function checkReferences(content: DirectoryContent): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const error = (path: (string | number)[], message: string) => issues.push({ path, message, severity: 'error' });

  duplicates(content.themes.map((t) => t.name), (i, first) => error(['themes', i, 'name'], `duplicates the name of themes[${first}]`));
  duplicates(
    content.themes.map((t) => (t.id === undefined ? undefined : String(t.id))),
    (i, first) => error(['themes', i, 'id'], `duplicates the id of themes[${first}]`),
  );
  const themeNames = content.themes.map((t) => t.name);
  const checkTheme = (path: (string | number)[], ref: string | undefined) => {
    if (ref === undefined || findTheme(content.themes, ref) !== undefined) return;
    const hint = suggestClosest(ref, themeNames);
    error(path, `names no theme '${ref}'${hint ? `; did you mean '${hint}'?` : themeNames.length === 0 ? '; no themes are defined' : ''}`);
  };
  checkTheme(['default_theme'], content.defaultTheme);

  duplicates(content.services.map((s) => s.name), (i, first) => error(['services', i, 'name'], `duplicates the name of services[${first}]`));
  const owners = new Map<string, { service: number; alias: number }>();
  content.services.forEach((service, s) => {
    checkTheme(['services', s, 'ivr_theme'], service.theme);
    service.aliases.forEach((alias, a) => {
      const parsed = normaliseAlias(alias.alias);
      if (!parsed.ok) {
        error(['services', s, 'aliases', a, 'alias'], `'${alias.alias}' is not a usable alias: ${parsed.reason}`);
        return;
      }
      const owner = owners.get(parsed.alias.key);
      if (owner !== undefined) {
        const where = owner.service === s ? `aliases[${owner.alias}] of the same service` : `services[${owner.service}] ('${content.services[owner.service].name}')`;
        error(['services', s, 'aliases', a, 'alias'], `'${alias.alias}' is already an alias of ${where}; an alias can lead to one service only`);
        return;
      }
      owners.set(parsed.alias.key, { service: s, alias: a });
    });
  });

  duplicates(
    content.services.flatMap((s) => s.aliases.map((a) => (a.id === undefined ? undefined : String(a.id)))),
    (i) => error(['services', ...aliasPosition(content, i), 'id'], 'duplicates the id of another alias; alias ids must be unique'),
  );
  duplicates(content.rules.map((r) => r.name), (i, first) => error(['gateway_routing_rules', i, 'name'], `duplicates the name of gateway_routing_rules[${first}]`));
  content.rules.forEach((rule, r) => checkTheme(['gateway_routing_rules', r, 'ivr_theme'], rule.theme));
  return issues;
}

/** `[service index, 'aliases', alias index]` of the n-th alias over all services. */
function aliasPosition(content: DirectoryContent, n: number): (string | number)[] {
  let left = n;
  for (let s = 0; s < content.services.length; s++) {
    const count = content.services[s].aliases.length;
    if (left < count) return [s, 'aliases', left];
    left -= count;
  }
  return [];
}

function duplicates(values: readonly (string | undefined)[], report: (index: number, firstIndex: number) => void): void {
  const seen = new Map<string, number>();
  values.forEach((value, index) => {
    if (value === undefined) return;
    const first = seen.get(value);
    if (first === undefined) seen.set(value, index);
    else report(index, first);
  });
}
