import { type z } from 'zod';
import { type ConfigIssue, type ConfigPath, suggestClosest } from './config-issue';

export type ConfigParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

/**
 * Validates a configuration value with a zod schema and reports problems as operators should
 * read them: the path, what was expected and what was found, and for an unknown field the
 * likely intended one. `basePath` prefixes every path (e.g. `['sip']` for a section).
 * Strict objects (`z.strictObject`) are what make unknown fields errors.
 */
export function parseConfig<S extends z.ZodType>(schema: S, value: unknown, basePath: ConfigPath = []): ConfigParseResult<z.output<S>> {
  const parsed = schema.safeParse(value, { reportInput: true });
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues: ConfigIssue[] = [];
  for (const issue of parsed.error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(schema, path);
      for (const key of issue.keys) {
        const hint = suggestClosest(key, known);
        issues.push({ path: [...basePath, ...path, key], message: `unknown field${hint ? `; did you mean '${hint}'?` : ''}`, severity: 'error' });
      }
      continue;
    }
    issues.push({ path: [...basePath, ...path], message: describeIssue(issue), severity: 'error' });
  }
  return { ok: false, issues };
}

/** The field names an object schema allows at `path`, following lists, defaults and pipes. */
function knownKeys(schema: z.ZodType, path: readonly (string | number)[]): string[] {
  const keys = new Set<string>();
  const visit = (node: z.core.$ZodType | undefined, rest: readonly (string | number)[], depth: number): void => {
    if (node === undefined || depth > 64) return;
    const def = node._zod.def as unknown as Record<string, unknown> & { type: string };
    switch (def.type) {
      case 'object': {
        const shape = def.shape as Record<string, z.core.$ZodType>;
        if (rest.length === 0) Object.keys(shape).forEach((k) => keys.add(k));
        else visit(shape[String(rest[0])], rest.slice(1), depth + 1);
        return;
      }
      case 'array':
        if (rest.length > 0) visit(def.element as z.core.$ZodType, rest.slice(1), depth + 1);
        return;
      case 'record':
        if (rest.length > 0) visit(def.valueType as z.core.$ZodType, rest.slice(1), depth + 1);
        return;
      case 'union':
        (def.options as z.core.$ZodType[]).forEach((option) => visit(option, rest, depth + 1));
        return;
      case 'pipe':
        visit(def.in as z.core.$ZodType, rest, depth + 1);
        visit(def.out as z.core.$ZodType, rest, depth + 1);
        return;
      default:
        if (def.innerType !== undefined) visit(def.innerType as z.core.$ZodType, rest, depth + 1);
    }
  };
  visit(schema, path, 0);
  return [...keys];
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return `is required (${issue.expected})`;
    const hint = issue.expected === 'string' && typeof issue.input === 'number' ? `; quote it ('${issue.input}') so that YAML keeps it as text, digits and all` : '';
    return `must be ${withArticle(issue.expected)}, not ${describeValue(issue.input)}${hint}`;
  }
  if (issue.code === 'invalid_value') {
    return `must be one of ${issue.values.map((v) => `'${String(v)}'`).join(', ')}, not ${describeValue(issue.input)}`;
  }
  return issue.message;
}

function withArticle(expected: string): string {
  return 'aeiou'.includes(expected[0] ?? '') ? `an ${expected}` : `a ${expected}`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text '${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  return `${typeof value} ${String(value)}`;
}
