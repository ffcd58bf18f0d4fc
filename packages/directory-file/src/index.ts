export { createDirectoryFileModule } from './directory-file-module';
export { DirectoryFileStore, DirectoryFileOptions } from './directory-file-store';
export { loadDirectoryFile, loadDirectoryText, contentDigest, type LoadedDirectory } from './load-directory-file';
export { YamlSource, type LocatedIssue, maxConfigFileBytes } from './yaml-source';
