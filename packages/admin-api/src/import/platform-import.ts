import { ApiError, FieldErrorCollector } from '../resources/api-error';
import { conferenceDefaults, readConference } from '../resources/conference-resource';
import { type IdentifiedAlias, type IdentifiedContent, type IdentifiedService, type IdentifiedTheme } from '../resources/identified-content';
import { readRelated } from '../resources/related';
import { ruleDefaults, readRule } from '../resources/rule-resource';
import { readThemeRef } from '../resources/theme-refs';
import { type CsvRow, type ImportFile, type ImportProblem, type PlatformRecord, readExportFiles } from './platform-records';
import { mergeImport, type MergeResult } from './merge-import';

/** An empty ZIP (just its end record): the package of a theme the export has no ZIP for. */
export const emptyThemePackage = new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]);

export interface ImportConversion {
  /** False when any object, row or file was refused; then nothing may be written. */
  readonly ok: boolean;
  readonly problems: readonly ImportProblem[];
  readonly warnings: readonly ImportProblem[];
  /** The directory after the import: the current one with the imported objects merged in by name. */
  readonly content: IdentifiedContent;
  readonly themePackages: ReadonlyMap<string, Uint8Array>;
  /** Services the platform has that publish no presence, by `service_type`. */
  readonly skipped: Readonly<Record<string, number>>;
  /** What was imported, for the report. */
  readonly imported: { readonly services: number; readonly aliases: number; readonly rules: number; readonly themes: number };
  /** Where each imported object came from, by `kind:name`, for reporting validation issues. */
  readonly sources: ReadonlyMap<string, string>;
  readonly merge: MergeResult['summary'];
}

/**
 * Converts a platform export (management-API JSON, bulk-import CSV, theme ZIPs) into directory
 * content merged over `current`. Pure: files in, content and a report out. Only `conference`
 * (VMR) and `lecture` (Virtual Auditorium) services are taken; the others are counted.
 */
export function convertPlatformExport(files: readonly ImportFile[], current: IdentifiedContent): ImportConversion {
  const { records, rows, packages, problems } = readExportFiles(files);
  const warnings: ImportProblem[] = [];
  const sources = new Map<string, string>();
  const of = (kind: PlatformRecord['kind']) => records.filter((r) => r.kind === kind);

  // Themes first: everything else refers to them, by the platform's ids.
  const themes: IdentifiedTheme[] = [];
  const themePackages = new Map<string, Uint8Array>();
  for (const record of of('ivr_theme')) {
    const id = typeof record.fields.id === 'number' ? record.fields.id : undefined;
    const name = record.fields.name;
    if (id === undefined || typeof name !== 'string' || name === '' || name.length > 250) {
      problems.push({ where: record.where, message: 'an ivr_theme needs its numeric id and a name of 1 to 250 characters' });
      continue;
    }
    const zip = packages.get(String(id)) ?? packages.get(name);
    if (zip === undefined) warnings.push({ where: record.where, message: `no package (${id}.zip or ${name}.zip) in the export: theme '${name}' gets an empty one, so its services show the default theme's avatar` });
    themes.push({ id, name, path: 'imported' });
    themePackages.set(name, zip?.bytes ?? emptyThemePackage);
    sources.set(`theme:${name}`, record.where);
  }
  // Theme references resolve against the export's themes (ids and names), then the directory's (names).
  const themeScope: IdentifiedContent = { services: [], rules: [], themes: [...themes, ...current.themes.filter((t) => !themes.some((i) => i.name === t.name || i.id === t.id))] };

  const skipped: Record<string, number> = {};
  const services: IdentifiedService[] = [];
  const skippedIds = new Set<number>();
  for (const record of of('conference')) {
    const type = typeof record.fields.service_type === 'string' ? record.fields.service_type : 'conference';
    if (type !== 'conference' && type !== 'lecture') {
      skipped[type] = (skipped[type] ?? 0) + 1;
      if (typeof record.fields.id === 'number') skippedIds.add(record.fields.id);
      continue;
    }
    const id = typeof record.fields.id === 'number' && record.fields.id > 0 ? record.fields.id : 0;
    const service = fieldProblems(record.where, problems, () => readConference({ ...conferenceDefaults, ...record.fields }, themeScope, id));
    if (service !== undefined) {
      services.push(service);
      sources.set(`service:${service.name}`, record.where);
    }
  }
  addAliases(of('conference_alias'), services, skippedIds, skipped, problems);
  services.push(...servicesFromCsv(rows, themeScope, services, sources, problems));

  const locations = new Map(of('system_location').flatMap((r) => (typeof r.fields.id === 'number' && typeof r.fields.name === 'string' ? [[r.fields.id, r.fields.name] as const] : [])));
  const rules = of('gateway_routing_rule').flatMap((record) => {
    const fields = { ...ruleDefaults, ...record.fields, match_source_location: locationName(record.fields.match_source_location, locations) };
    const rule = fieldProblems(record.where, problems, () => readRule(fields, themeScope, typeof record.fields.id === 'number' ? record.fields.id : 0));
    if (rule !== undefined) sources.set(`rule:${rule.name}`, record.where);
    return rule === undefined ? [] : [rule];
  });

  let defaultTheme: string | undefined;
  let globalGiven = false;
  for (const record of of('global')) {
    if (!('default_theme' in record.fields)) continue;
    const errors = new FieldErrorCollector();
    defaultTheme = readThemeRef(record.fields.default_theme, themeScope, 'default_theme', errors);
    globalGiven = true;
    for (const [field, messages] of Object.entries(errors.errors)) for (const message of messages) problems.push({ where: record.where, message: `${field}: ${message}` });
  }

  const imported: IdentifiedContent = { services, rules, themes, ...(defaultTheme === undefined ? {} : { defaultTheme }) };
  const merged = mergeImport(current, imported, globalGiven ? 'set' : 'keep');
  warnings.push(...merged.warnings);
  return {
    ok: problems.length === 0,
    problems,
    warnings,
    content: merged.content,
    themePackages,
    skipped,
    imported: { services: services.length, aliases: services.reduce((n, s) => n + s.aliases.length, 0), rules: rules.length, themes: themes.length },
    sources,
    merge: merged.summary,
  };
}

/** Runs a reader and turns the API's field errors into problems at `where`. */
function fieldProblems<T>(where: string, problems: ImportProblem[], read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    for (const fields of Object.values(error.body)) {
      if (typeof fields !== 'object' || fields === null) continue;
      for (const [field, messages] of Object.entries(fields as Record<string, string[]>)) for (const message of messages) problems.push({ where, message: `${field}: ${message}` });
    }
    return undefined;
  }
}

/** `conference_alias` objects join their conference (nested aliases may list them already). */
function addAliases(records: readonly PlatformRecord[], services: IdentifiedService[], skippedIds: ReadonlySet<number>, skipped: Record<string, number>, problems: ImportProblem[]): void {
  for (const record of records) {
    const ref = readRelated(record.fields.conference, 'conference');
    const alias = record.fields.alias;
    const description = typeof record.fields.description === 'string' ? record.fields.description : '';
    if (ref.kind !== 'id') {
      problems.push({ where: record.where, message: `conference: ${ref.kind === 'invalid' ? ref.message : 'names no conference'}` });
      continue;
    }
    if (skippedIds.has(ref.id)) {
      skipped['aliases of skipped services'] = (skipped['aliases of skipped services'] ?? 0) + 1;
      continue;
    }
    const index = services.findIndex((s) => s.id === ref.id);
    if (index === -1) {
      problems.push({ where: record.where, message: `conference: the export has no conference with id ${ref.id}` });
      continue;
    }
    if (typeof alias !== 'string' || alias === '' || alias.length > 250 || description.length > 250) {
      problems.push({ where: record.where, message: 'alias: needs alias text of 1 to 250 characters (and a description of at most 250)' });
      continue;
    }
    const id = typeof record.fields.id === 'number' ? record.fields.id : 0;
    const service = services[index];
    const same = (a: IdentifiedAlias) => (id !== 0 && a.id === id) || a.alias.toLowerCase() === alias.toLowerCase();
    const entry: IdentifiedAlias = { id, alias, description };
    services[index] = { ...service, aliases: service.aliases.some(same) ? service.aliases.map((a) => (same(a) ? { ...entry, id: id || a.id } : a)) : [...service.aliases, entry] };
  }
}

/** Bulk-import rows: one alias per row; rows with the same name make one service. */
function servicesFromCsv(rows: readonly CsvRow[], themes: IdentifiedContent, fromJson: readonly IdentifiedService[], sources: Map<string, string>, problems: ImportProblem[]): IdentifiedService[] {
  const byName = new Map<string, IdentifiedService>();
  for (const row of rows) {
    const { fields, where } = row;
    const name = fields.name ?? '';
    if (name === '' || name.length > 250) {
      problems.push({ where, message: 'name: every row needs the service name (1 to 250 characters)' });
      continue;
    }
    if (fromJson.some((s) => s.name === name)) {
      problems.push({ where, message: `name: '${name}' is also a conference in the JSON export; give each service once` });
      continue;
    }
    let service = byName.get(name);
    if (service === undefined) {
      const theme = fields.ivr_theme_name ? themes.themes.find((t) => t.name === fields.ivr_theme_name) : undefined;
      if (fields.ivr_theme_name && theme === undefined) problems.push({ where, message: `ivr_theme_name: there is no theme named '${fields.ivr_theme_name}' in the export or the directory` });
      const description = fields.description ?? '';
      const tag = fields.tag ?? '';
      if (description.length > 250 || tag.length > 250) problems.push({ where, message: 'description and tag may have at most 250 characters' });
      service = { id: 0, kind: row.serviceType === 'lecture' ? 'virtual-auditorium' : 'vmr', name, description, aliases: [], tag, enabled: true, ...(theme === undefined ? {} : { theme: theme.name }) };
      sources.set(`service:${name}`, where);
    }
    const alias = fields.alias_alias ?? '';
    if (alias.length > 250 || (fields.alias_description ?? '').length > 250) problems.push({ where, message: 'alias_alias and alias_description may have at most 250 characters' });
    else if (alias !== '') service = { ...service, aliases: [...service.aliases, { id: 0, alias, description: fields.alias_description ?? '' }] };
    byName.set(name, service);
  }
  return [...byName.values()];
}

/** A rule's location: its name, mapped from the platform's id when the export has the locations. */
function locationName(value: unknown, locations: ReadonlyMap<number, string>): unknown {
  const ref = readRelated(value, 'system_location', { allowName: true });
  return ref.kind === 'id' && locations.has(ref.id) ? locations.get(ref.id) : value;
}
