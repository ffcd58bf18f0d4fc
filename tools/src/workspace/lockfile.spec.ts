import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * `npm ci` refuses a lockfile in which a package's optional dependency has no entry. npm leaves
 * such entries out when the registry has no build of a platform package for that version (seen
 * with @swc/core 1.16 and unrs-resolver 1.13 here), and the lockfile then fails on a clean
 * machine although `npm install` worked. Pin or override such packages to versions whose
 * platform builds are all published.
 */
interface LockEntry {
  readonly version?: string;
  readonly optionalDependencies?: Record<string, string>;
}

const repo = resolve(__dirname, '../../..');
const packages = (JSON.parse(readFileSync(resolve(repo, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> }).packages;

/** Where Node would find `dependency` when required from the package installed at `path`. */
function installedFrom(path: string, dependency: string): string | undefined {
  let base = path;
  for (;;) {
    const candidate = `${base === '' ? '' : `${base}/`}node_modules/${dependency}`;
    if (packages[candidate] !== undefined) return candidate;
    if (base === '') return undefined;
    const parent = base.lastIndexOf('/node_modules/');
    base = parent < 0 ? '' : base.slice(0, parent);
  }
}

describe('package-lock.json', () => {
  it('records every optional dependency, so that npm ci accepts it on a clean machine', () => {
    const missing = Object.entries(packages).flatMap(([path, entry]) =>
      Object.keys(entry.optionalDependencies ?? {})
        .filter((dependency) => installedFrom(path, dependency) === undefined)
        .map((dependency) => `${path}@${entry.version ?? '?'} → ${dependency}`),
    );
    expect(missing).toEqual([]);
  });
});
