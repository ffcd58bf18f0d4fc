import { ContainerModule, Directory, DirectoryWriter, HealthContribution, LifecycleContribution } from '@herald/core';
import { RedisDirectoryHealth } from './redis-directory-health';
import { RedisDirectoryOptions } from './redis-directory-options';
import { RedisDirectoryStore } from './redis-directory-store';

/** The Redis directory store, bound as the node's `Directory` and `DirectoryWriter`, with its health check. */
export function createDirectoryRedisModule(options: RedisDirectoryOptions): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(RedisDirectoryOptions).toConstantValue(options);
    bind(RedisDirectoryStore).toSelf().inSingletonScope();
    bind(Directory).toService(RedisDirectoryStore);
    bind(DirectoryWriter).toService(RedisDirectoryStore);
    bind(LifecycleContribution).toService(RedisDirectoryStore);
    bind(RedisDirectoryHealth).toSelf().inSingletonScope();
    bind(HealthContribution).toService(RedisDirectoryHealth);
  });
}
