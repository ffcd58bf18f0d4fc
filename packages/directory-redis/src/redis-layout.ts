/**
 * Where the directory lives in Redis (see docs/design-decisions.md, "Redis directory"):
 *
 * - `<prefix>directory`: a hash with the fields `version` (`<seq>-<sha256 of content, 12 hex>`),
 *   `seq` (counts writes), `content` (JSON, see `StoredDirectory`), `actor` and `written_at`.
 *   One key, so one script reads or replaces the whole version atomically.
 * - `<prefix>theme-packages`: a hash from SHA-256 to theme ZIP bytes. Content-addressed, so a
 *   package never changes under a name; the write that stops referring to one deletes it.
 * - `<prefix>directory-changed`: the pub/sub channel each write publishes its new version on.
 */
export interface RedisLayout {
  readonly directory: string;
  readonly packages: string;
  readonly channel: string;
}

export function redisLayout(prefix: string): RedisLayout {
  return { directory: `${prefix}directory`, packages: `${prefix}theme-packages`, channel: `${prefix}directory-changed` };
}

/**
 * The compare-and-set of a write, run atomically by Redis:
 * KEYS: directory hash, packages hash.
 * ARGV: expected version, content JSON, content digest, actor, now (ms), channel,
 *       referenced package digests (comma-separated), then digest/bytes pairs of new packages.
 * Returns `{'ok', version}`, `{'conflict', current version}` or `{'missing', digest}` when a
 * referenced package is neither stored nor sent. Nothing is changed unless it returns `ok`:
 * every check comes before the first write.
 */
export const writeScript = `
local current = redis.call('HGET', KEYS[1], 'version') or '0'
if current ~= ARGV[1] then return {'conflict', current} end
local sent = {}
for i = 8, #ARGV, 2 do sent[ARGV[i]] = true end
local keep = {}
for digest in string.gmatch(ARGV[7], '[^,]+') do
  keep[digest] = true
  if not sent[digest] and redis.call('HEXISTS', KEYS[2], digest) == 0 then return {'missing', digest} end
end
for i = 8, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
for _, digest in ipairs(redis.call('HKEYS', KEYS[2])) do
  if not keep[digest] then redis.call('HDEL', KEYS[2], digest) end
end
local seq = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0') + 1
local version = seq .. '-' .. ARGV[3]
redis.call('HSET', KEYS[1], 'version', version, 'seq', seq, 'content', ARGV[2], 'actor', ARGV[4], 'written_at', ARGV[5])
redis.call('PUBLISH', ARGV[6], version)
return {'ok', version}
`;

/** The version Redis reports when it holds no directory: `DirectorySnapshot.empty`'s. */
export const emptyVersion = '0';
