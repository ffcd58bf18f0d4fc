import { ContainerModule, Directory, DirectoryWriter, LifecycleContribution } from '@herald/core';
import { DirectoryFileOptions, DirectoryFileStore } from './directory-file-store';

/** The YAML-file directory store, bound as the node's `Directory` and `DirectoryWriter`. */
export function createDirectoryFileModule(options: DirectoryFileOptions): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(DirectoryFileOptions).toConstantValue(options);
    bind(DirectoryFileStore).toSelf().inSingletonScope();
    bind(Directory).toService(DirectoryFileStore);
    bind(DirectoryWriter).toService(DirectoryFileStore);
    bind(LifecycleContribution).toService(DirectoryFileStore);
  });
}
