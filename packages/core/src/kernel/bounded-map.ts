/**
 * Sets `key` in a map kept to at most `max` entries: when the key is new and the map is full,
 * the entry set longest ago is forgotten first (a `Map` iterates in insertion order). The one
 * eviction rule of Herald's bounded caches, so that none of them can grow without limit.
 */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  if (map.size >= max && !map.has(key)) map.delete(map.keys().next().value as K);
  map.set(key, value);
}
