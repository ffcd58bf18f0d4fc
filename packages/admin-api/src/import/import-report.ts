import { type ConfigIssue, type DirectoryContent, directoryContentToDocument, formatConfigPath } from '@herald/core';

type Fields = Record<string, unknown>;

/**
 * The changes an import makes, object by object: `+ conference 'X' (aliases: a, b)`,
 * `~ gateway_routing_rule 'R': priority, match_string`, and the default theme. Objects the
 * import leaves as they were are counted, not listed.
 */
export function describeChanges(before: DirectoryContent, after: DirectoryContent): { readonly lines: readonly string[]; readonly unchanged: number } {
  const lines: string[] = [];
  let unchanged = 0;
  const documents = [before, after].map((c) => directoryContentToDocument(c, { form: 'full' }));
  const sections = [
    ['themes', 'ivr_theme'],
    ['services', 'conference'],
    ['gateway_routing_rules', 'gateway_routing_rule'],
  ] as const;
  for (const [section, label] of sections) {
    const old = new Map(((documents[0][section] ?? []) as Fields[]).map((o) => [String(o.name), o]));
    for (const object of (documents[1][section] ?? []) as Fields[]) {
      const previous = old.get(String(object.name));
      const aliases = section === 'services' ? ` (aliases: ${(object.aliases as Fields[]).map((a) => String(a.alias)).join(', ') || 'none'})` : '';
      if (previous === undefined) lines.push(`+ ${label} '${String(object.name)}'${aliases}`);
      else {
        const changed = Object.keys({ ...previous, ...object }).filter((key) => key !== 'path' && JSON.stringify(previous[key]) !== JSON.stringify(object[key]));
        if (section === 'themes' && previous.path !== object.path) changed.push('package');
        if (changed.length === 0) unchanged++;
        else lines.push(`~ ${label} '${String(object.name)}': ${changed.join(', ')}`);
      }
    }
  }
  if (before.defaultTheme !== after.defaultTheme) lines.push(`~ global default_theme: ${quote(before.defaultTheme)} → ${quote(after.defaultTheme)}`);
  return { lines, unchanged };
}

/** `conference 'X' (conference.json: object id 3): aliases[0].alias: …`: an issue named by where its object came from. */
export function describeIssue(issue: ConfigIssue, content: DirectoryContent, sources: ReadonlyMap<string, string>): string {
  const [section, index] = issue.path;
  const named =
    typeof index !== 'number'
      ? undefined
      : section === 'services'
        ? ['conference', 'service', content.services[index]?.name]
        : section === 'gateway_routing_rules'
          ? ['gateway_routing_rule', 'rule', content.rules[index]?.name]
          : section === 'themes'
            ? ['ivr_theme', 'theme', content.themes[index]?.name]
            : undefined;
  if (named === undefined || named[2] === undefined) return `${formatConfigPath(issue.path)}: ${issue.message}`;
  const source = sources.get(`${named[1]}:${named[2]}`) ?? 'already in the directory';
  return `${named[0]} '${named[2]}' (${source}): ${formatConfigPath(issue.path.slice(2))}: ${issue.message}`;
}

function quote(value: string | undefined): string {
  return value === undefined ? 'none' : `'${value}'`;
}
