import { type DirectorySnapshot } from './directory-snapshot';

/** What changed between two snapshots, in the terms that decide which views may change. */
export interface DirectoryDiff {
  /** Alias keys whose service was added, removed, or changed in a way watchers can see. */
  readonly changedAliases: ReadonlySet<string>;
  /** The routing rules differ in any field. */
  readonly rulesChanged: boolean;
  /** The theme definitions or the default theme differ: any avatar may change. */
  readonly themesChanged: boolean;
}

export function diffDirectories(previous: DirectorySnapshot, current: DirectorySnapshot): DirectoryDiff {
  const before = serviceDigests(previous);
  const after = serviceDigests(current);
  const changedAliases = new Set<string>();
  for (const [key, digest] of before) if (after.get(key) !== digest) changedAliases.add(key);
  for (const key of after.keys()) if (!before.has(key)) changedAliases.add(key);
  return {
    changedAliases,
    rulesChanged: JSON.stringify(previous.rules) !== JSON.stringify(current.rules),
    themesChanged: JSON.stringify([previous.themes, previous.defaultTheme]) !== JSON.stringify([current.themes, current.defaultTheme]),
  };
}

function serviceDigests(snapshot: DirectorySnapshot): Map<string, string> {
  const digests = new Map<string, string>();
  const byService = new Map<object, string>();
  for (const key of snapshot.aliasKeys()) {
    const hit = snapshot.findServiceByAlias(key);
    if (hit === undefined) continue;
    const { service } = hit;
    let digest = byService.get(service);
    if (digest === undefined) {
      digest = JSON.stringify([service.kind, service.name, service.description, service.theme ?? '', service.enabled]);
      byService.set(service, digest);
    }
    digests.set(key, digest);
  }
  return digests;
}
