import { type Document, isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';

type Fields = Record<string, unknown>;

/** The directory sections of a configuration file, in the order a new file lists them. */
const sections = ['default_theme', 'themes', 'services', 'gateway_routing_rules'] as const;

/**
 * Rewrites the directory sections of a parsed YAML file in place so that they hold `full`
 * (every field) while touching as little as possible: items are matched to what the file has by
 * id, name or alias, unchanged values keep their node (and so their comments, quoting and
 * layout), fields the operator wrote at their default stay, and new items and fields are
 * written in `minimal` form. The other sections of the file are not touched.
 */
export function rewriteDirectorySections(document: Document, full: Fields, minimal: Fields): void {
  if (!isMap(document.contents)) {
    document.contents = document.createNode(minimal) as unknown as typeof document.contents;
    return;
  }
  const root = document.contents as YAMLMap;
  for (const section of sections) {
    const pair = findPair(root, section);
    const target = full[section];
    if (pair === undefined) {
      if (minimal[section] !== undefined) root.add(document.createPair(section, minimal[section]));
      continue;
    }
    if (target === undefined) {
      root.delete(section);
      continue;
    }
    pair.value = reconcile(document, pair.value as Node | null, target, minimal[section], [section]);
  }
}

/** The node that represents `target`: `existing` updated when it fits, a new node otherwise. */
function reconcile(document: Document, existing: Node | null, target: unknown, minimal: unknown, path: readonly string[]): Node {
  const wanted = minimal === undefined ? target : minimal;
  if (Array.isArray(target) && isSeq(existing)) {
    reconcileSeq(document, existing, target, (minimal as unknown[] | undefined) ?? target, path);
    return existing;
  }
  if (isPlainObject(target) && isMap(existing)) {
    reconcileMap(document, existing, target, isPlainObject(minimal) ? minimal : target, path);
    return existing;
  }
  if (!Array.isArray(target) && !isPlainObject(target) && isScalar(existing)) {
    if (!sameScalar(existing.value, target)) existing.value = target;
    return existing;
  }
  const created = document.createNode(wanted) as Node;
  if (existing !== null) {
    // The operator's comments belong to the item, not to how it was written.
    created.commentBefore = existing.commentBefore;
    created.comment = existing.comment;
  }
  return created;
}

function reconcileMap(document: Document, map: YAMLMap, target: Fields, minimal: Fields, path: readonly string[]): void {
  for (const pair of [...map.items]) {
    const key = keyOf(pair);
    if (key === undefined || !(key in target) || target[key] === undefined) map.delete(pair.key);
  }
  for (const [key, value] of Object.entries(target)) {
    if (value === undefined) continue;
    const pair = findPair(map, key);
    if (pair !== undefined) pair.value = reconcile(document, pair.value as Node | null, value, minimal[key], [...path, key]);
    else if (key in minimal) insertInOrder(map, document.createPair(key, minimal[key]) as Pair, Object.keys(target));
  }
}

/** Adds a new field after the fields that precede it in `order`, so `id` lands next to `name`. */
function insertInOrder(map: YAMLMap, pair: Pair, order: readonly string[]): void {
  const rank = order.indexOf(keyOf(pair) ?? '');
  let at = 0;
  map.items.forEach((item, index) => {
    const itemRank = order.indexOf(keyOf(item) ?? '');
    if (itemRank !== -1 && itemRank < rank) at = index + 1;
  });
  map.items.splice(at, 0, pair);
}

function reconcileSeq(document: Document, seq: YAMLSeq, target: unknown[], minimal: unknown[], path: readonly string[]): void {
  const aliases = path[path.length - 1] === 'aliases';
  // Each existing item is read once and indexed, so large directories rewrite in linear time.
  const byKey = new Map<string, { node: Node; hasId: boolean }>();
  for (const item of seq.items as (Node | null)[]) {
    if (item === null) continue;
    const identity = itemIdentity(item.toJSON(), aliases);
    for (const key of identity.keys) if (!byKey.has(key)) byKey.set(key, { node: item, hasId: identity.hasId });
  }
  const used = new Set<Node>();
  // `services: []` written by hand would otherwise put whole services on one line.
  if (seq.flow && minimal.some(isPlainObject)) seq.flow = false;
  seq.items = target.map((value, index) => {
    const identity = itemIdentity(value, aliases);
    // An item with another id is never taken for this one; one without an id is, by name.
    const match = identity.keys
      .map((key) => ({ key, found: byKey.get(key) }))
      .find(({ key, found }) => found !== undefined && !used.has(found.node) && (key.startsWith('id:') || !(identity.hasId && found.hasId)))?.found;
    if (match === undefined) return document.createNode(minimal[index]) as Node;
    used.add(match.node);
    return reconcile(document, match.node, value, minimal[index], [...path, '*']);
  });
}

/**
 * How a list item is recognised across versions: an alias by its text; a theme, service or rule
 * by its id, else by its name (a file written by hand may have no ids yet; the first write adds
 * them).
 */
function itemIdentity(value: unknown, aliases: boolean): { readonly keys: string[]; readonly hasId: boolean } {
  if (aliases) {
    const alias = typeof value === 'string' || typeof value === 'number' ? value : isPlainObject(value) ? value.alias : undefined;
    return { keys: alias === undefined ? [] : [`alias:${String(alias).toLowerCase()}`], hasId: false };
  }
  if (!isPlainObject(value)) return { keys: [], hasId: false };
  const keys: string[] = [];
  if (typeof value.id === 'number') keys.push(`id:${value.id}`);
  if (typeof value.name === 'string') keys.push(`name:${value.name}`);
  return { keys, hasId: typeof value.id === 'number' };
}

/**
 * Whether a scalar in the file already says `target`. Theme references may be written as a
 * number (`ivr_theme: 2`) and are read as text, so those compare as text.
 */
function sameScalar(current: unknown, target: unknown): boolean {
  if (current === target) return true;
  if (current === null && target === undefined) return true;
  return typeof current === 'number' && typeof target === 'string' && String(current) === target;
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => keyOf(pair) === key);
}

function keyOf(pair: Pair): string | undefined {
  const key = isScalar(pair.key) ? pair.key.value : pair.key;
  return typeof key === 'string' ? key : undefined;
}

function isPlainObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
