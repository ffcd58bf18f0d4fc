/** A path into a configuration document: keys and array indices. */
export type ConfigPath = readonly (string | number)[];

/** One problem in a configuration document. */
export interface ConfigIssue {
  /** Where in the document, e.g. `['services', 0, 'aliases', 1, 'alias']`. */
  readonly path: ConfigPath;
  /** What is wrong and, where it helps, what would be right. */
  readonly message: string;
  /** Errors reject the document; warnings are reported and the document is used. */
  readonly severity: 'error' | 'warning';
}

/** `['services', 0, 'aliases', 1]` → `services[0].aliases[1]`. */
export function formatConfigPath(path: ConfigPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out.length === 0 ? part : `.${part}`;
  }
  return out.length === 0 ? '(document)' : out;
}

/** A document that failed validation; `issues` holds every error found, not just the first. */
export class ConfigError extends Error {
  constructor(
    /** The file or source, e.g. `config/example.yaml`. */
    readonly source: string,
    readonly issues: readonly (ConfigIssue & { readonly location?: string })[],
  ) {
    super(
      `${source}: ${issues.length} problem${issues.length === 1 ? '' : 's'}\n` +
        issues.map((i) => `  ${i.location ?? source} ${formatConfigPath(i.path)}: ${i.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** The closest of `candidates` to `word`, if it is close enough to be a likely typo. */
export function suggestClosest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}
