import { ContainerModule, Directory, LifecycleContribution } from '@herald/core';
import { DirectoryFileOptions, DirectoryFileStore } from './directory-file-store';

/** The YAML-file directory store, bound as the node's `Directory`. */
export function createDirectoryFileModule(options: DirectoryFileOptions): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(DirectoryFileOptions).toConstantValue(options);
    bind(DirectoryFileStore).toSelf().inSingletonScope();
    bind(Directory).toService(DirectoryFileStore);
    bind(LifecycleContribution).toService(DirectoryFileStore);
  });
}
