export { createDirectoryRedisModule } from './directory-redis-module';
export { RedisDirectoryStore, type RedisDirectoryStatus } from './redis-directory-store';
export { RedisDirectoryOptions, defaultRedisDirectoryOptions } from './redis-directory-options';
export {
  redisDirectoryConfigSchema,
  redisDirectoryOptionsFromConfig,
  type RedisDirectoryConfig,
  type RedisDirectoryHostSettings,
} from './redis-directory-config';
export { RedisDirectoryHealth } from './redis-directory-health';
export { redisLayout, type RedisLayout } from './redis-layout';
