import { parse as parseCsv } from 'csv-parse/sync';
import { type JsonObject } from '../resources/resource-kind';

/** One file of an export, as read from disk (the conversion itself does no I/O). */
export interface ImportFile {
  /** The path as the user named it, for reports. */
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** A problem with one object, row or file of the export. */
export interface ImportProblem {
  /** `conference.json: object id 12`, `rooms.csv:7`, `themes/acme.zip`. */
  readonly where: string;
  readonly message: string;
}

export type PlatformKind = 'conference' | 'conference_alias' | 'gateway_routing_rule' | 'ivr_theme' | 'global' | 'system_location';

/** An object of the management API's JSON, with where it came from. */
export interface PlatformRecord {
  readonly kind: PlatformKind;
  readonly fields: JsonObject;
  readonly where: string;
}

/** One row of the bulk-import CSV: one alias of one service. */
export interface CsvRow {
  readonly serviceType: 'conference' | 'lecture';
  readonly fields: Readonly<Record<string, string>>;
  readonly where: string;
}

export interface ExportRecords {
  readonly records: PlatformRecord[];
  readonly rows: CsvRow[];
  /** Theme packages by the file's base name (a theme's id or name). */
  readonly packages: Map<string, { readonly bytes: Uint8Array; readonly where: string }>;
  readonly problems: ImportProblem[];
}

const kinds: readonly PlatformKind[] = ['conference_alias', 'conference', 'gateway_routing_rule', 'ivr_theme', 'global', 'system_location'];

/** The bulk-import CSV's columns (platform v14), in the order a file without a header has them. */
export const csvColumns = [
  'name',
  'description',
  'pin',
  'allow_guests',
  'guest_pin',
  'alias_alias',
  'alias_description',
  'tag',
  'max_callrate_in',
  'max_callrate_out',
  'call_type',
  'host_view',
  'enable_overlay_text',
  'ivr_theme_name',
  'participant_limit',
  'primary_owner_email_address',
] as const;

/** Most objects or rows read from one file, so a runaway export cannot exhaust memory. */
const maxRecordsPerFile = 200_000;

/**
 * Sorts the files of an export into API objects (JSON list pages, bare arrays or single
 * objects), bulk-import CSV rows and theme packages (ZIPs named by theme id or name).
 */
export function readExportFiles(files: readonly ImportFile[]): ExportRecords {
  const out: ExportRecords = { records: [], rows: [], packages: new Map(), problems: [] };
  for (const file of files) {
    const lower = file.path.toLowerCase();
    if (lower.endsWith('.zip')) {
      const key = baseName(file.path).replace(/\.zip$/i, '');
      out.packages.set(key, { bytes: file.bytes, where: file.path });
    } else if (lower.endsWith('.json')) readJsonFile(file, out);
    else if (lower.endsWith('.csv')) readCsvFile(file, out);
    else out.problems.push({ where: file.path, message: 'is not part of an export Herald reads (.json from the management API, .csv bulk import, .zip theme package); give only those' });
  }
  return out;
}

function readJsonFile(file: ImportFile, out: ExportRecords): void {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(file.bytes).toString('utf8'));
  } catch (error) {
    out.problems.push({ where: file.path, message: `is not valid JSON: ${(error as Error).message}` });
    return;
  }
  const objects = Array.isArray(value) ? value : isObject(value) && Array.isArray(value.objects) ? value.objects : isObject(value) ? [value] : undefined;
  if (objects === undefined) {
    out.problems.push({ where: file.path, message: 'must hold a list page ({"meta": …, "objects": [...]}), a list of objects, or one object' });
    return;
  }
  if (objects.length > maxRecordsPerFile) {
    out.problems.push({ where: file.path, message: `holds ${objects.length} objects; at most ${maxRecordsPerFile} are read from one file` });
    return;
  }
  const fromName = kinds.find((k) => baseName(file.path).toLowerCase().replace(/\.json$/, '').replace(/s$/, '') === k);
  objects.forEach((object: unknown, index: number) => {
    const where = `${file.path}: object ${isObject(object) && object.id !== undefined ? `id ${String(object.id)}` : `#${index + 1}`}`;
    if (!isObject(object)) {
      out.problems.push({ where, message: 'is not a JSON object' });
      return;
    }
    const kind = kindOf(object) ?? fromName;
    if (kind === undefined) {
      out.problems.push({ where, message: 'cannot tell which resource this is: name the file after it (conference.json, gateway_routing_rule.json, …) or keep the objects\' resource_uri' });
      return;
    }
    out.records.push({ kind, fields: object, where });
  });
}

/** The resource an object belongs to: from its `resource_uri`, else from its fields. */
function kindOf(object: JsonObject): PlatformKind | undefined {
  if (typeof object.resource_uri === 'string') {
    const match = /\/configuration\/v1\/([a-z_]+)\//.exec(object.resource_uri);
    const kind = kinds.find((k) => k === match?.[1]);
    if (kind !== undefined) return kind;
  }
  if ('match_string' in object && 'priority' in object) return 'gateway_routing_rule';
  if ('alias' in object && 'conference' in object) return 'conference_alias';
  if ('service_type' in object || 'aliases' in object) return 'conference';
  if ('default_theme' in object) return 'global';
  return undefined;
}

function readCsvFile(file: ImportFile, out: ExportRecords): void {
  // A Virtual Auditorium export is told by its name; the rows read alike.
  const serviceType = /auditorium|lecture/i.test(baseName(file.path)) ? 'lecture' : 'conference';
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parseCsv(Buffer.from(file.bytes), { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true, max_record_size: 64 * 1024, info: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    out.problems.push({ where: line === undefined ? file.path : `${file.path}:${line}`, message: `is not valid CSV: ${(error as Error).message}` });
    return;
  }
  const rows = parsed.map((p) => p.record);
  if (rows.length > maxRecordsPerFile) {
    out.problems.push({ where: file.path, message: `holds ${rows.length} rows; at most ${maxRecordsPerFile} are read from one file` });
    return;
  }
  // A header is optional; when present its names say where each column is.
  const hasHeader = rows.length > 0 && rows[0].includes('name') && rows[0].some((c) => c === 'alias_alias' || c === 'description');
  const columns = hasHeader ? rows[0] : [...csvColumns];
  if (hasHeader) {
    const unknown = columns.filter((c) => c !== '' && !(csvColumns as readonly string[]).includes(c) && !c.startsWith('guest_') && c !== 'mute_guests' && c !== 'guests_can_present');
    if (unknown.length > 0) out.problems.push({ where: `${file.path}:1`, message: `has columns the bulk import does not have: ${unknown.join(', ')}` });
  }
  rows.slice(hasHeader ? 1 : 0).forEach((row, index) => {
    const fields: Record<string, string> = {};
    columns.forEach((column, i) => {
      if (row[i] !== undefined) fields[column] = row[i];
    });
    out.rows.push({ serviceType, fields, where: `${file.path}:${parsed[index + (hasHeader ? 1 : 0)].info.lines}` });
  });
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
