import { type IdentifiedContent, nextId } from '../resources/identified-content';
import { type ImportProblem } from './platform-records';

export interface MergeResult {
  readonly content: IdentifiedContent;
  readonly warnings: readonly ImportProblem[];
  readonly summary: { readonly added: readonly string[]; readonly replaced: readonly string[] };
}

interface Named {
  readonly id: number;
  readonly name: string;
}

/**
 * Merges imported objects into the directory by name: an imported service, rule or theme
 * replaces the one of the same name, others are added; what the export does not mention stays.
 * The platform's ids are kept unless the directory already uses one for something else, in
 * which case the object gets a new id (and a warning says so). Objects without an id (CSV rows)
 * get new ones.
 */
/** Imported objects carry id 0 where the export gave none. */
export function mergeImport(current: IdentifiedContent, imported: IdentifiedContent, defaultTheme: 'keep' | 'set'): MergeResult {
  const warnings: ImportProblem[] = [];
  const added: string[] = [];
  const replaced: string[] = [];
  const merge = <T extends Named>(kind: string, existing: readonly T[], incoming: readonly T[]): T[] => {
    const result: T[] = [...existing];
    const replacedNames = new Set(incoming.map((i) => i.name));
    const kept = existing.filter((e) => !replacedNames.has(e.name));
    const taken = new Set(kept.map((e) => e.id));
    let fresh = nextId([...existing.map((e) => e.id), ...incoming.map((i) => i.id)]);
    for (const item of incoming) {
      // An object without a platform id (a CSV row) keeps the id it already has here.
      let id = item.id === 0 ? (existing.find((e) => e.name === item.name)?.id ?? 0) : item.id;
      if (id !== 0 && taken.has(id)) {
        const holder = kept.find((e) => e.id === id);
        warnings.push({ where: `${kind} '${item.name}'`, message: `its id ${id} belongs to '${holder?.name ?? '?'}' in the directory; it gets id ${fresh}` });
        id = 0;
      }
      if (id === 0) id = fresh++;
      taken.add(id);
      const next: T = { ...item, id };
      const at = result.findIndex((e) => e.name === item.name);
      if (at === -1) {
        result.push(next);
        added.push(`${kind} '${item.name}'`);
      } else {
        result[at] = next;
        replaced.push(`${kind} '${item.name}'`);
      }
    }
    return result;
  };

  const themes = merge('ivr_theme', current.themes, imported.themes);
  const services = merge('conference', current.services, imported.services);
  // Alias ids are one sequence across services.
  const keptAliasIds = new Set(services.filter((s) => !imported.services.some((i) => i.name === s.name)).flatMap((s) => s.aliases.map((a) => a.id)));
  let freshAlias = nextId(services.flatMap((s) => s.aliases.map((a) => a.id)));
  const withAliasIds = services.map((s) => {
    if (!imported.services.some((i) => i.name === s.name)) return s;
    return {
      ...s,
      aliases: s.aliases.map((a) => {
        const known = a.id === 0 ? current.services.find((c) => c.name === s.name)?.aliases.find((c) => c.alias.toLowerCase() === a.alias.toLowerCase())?.id : undefined;
        const wanted = known ?? a.id;
        const id = wanted !== 0 && !keptAliasIds.has(wanted) ? wanted : freshAlias++;
        keptAliasIds.add(id);
        return { ...a, id };
      }),
    };
  });
  const rules = merge('gateway_routing_rule', current.rules.map(({ origin: _origin, ...rule }) => rule), imported.rules);
  const chosenDefault = defaultTheme === 'set' ? imported.defaultTheme : current.defaultTheme;
  return {
    content: { services: withAliasIds, rules, themes, ...(chosenDefault === undefined ? {} : { defaultTheme: chosenDefault }) },
    warnings,
    summary: { added, replaced },
  };
}
