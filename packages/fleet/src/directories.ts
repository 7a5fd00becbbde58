import type { Repository, Resource } from '@fleetops/core';
import picomatch from 'picomatch';

/**
 * Cluster directories: each directory matching one of the configured globs (by default
 * `clusters/*`) holds one cluster named after the directory, and every resource below
 * it belongs to that cluster.
 */
export function clusterDirectories(
  repository: Repository,
  globs: readonly string[],
): Map<string, string> {
  const matches = picomatch([...globs], { dot: false });
  const directories = new Map<string, string>();
  for (const path of [
    ...repository.files.keys(),
    ...repository.skipped.map((skipped) => skipped.file),
  ]) {
    const parts = path.split('/');
    for (let depth = 1; depth < parts.length; depth++) {
      const directory = parts.slice(0, depth).join('/');
      if (matches(directory)) {
        directories.set(directory, parts[depth - 1]!);
        break;
      }
    }
  }
  return directories;
}

/** The directory of `directories` that contains `resource`, if any. */
export function directoryOf(
  resource: Resource,
  directories: ReadonlyMap<string, string>,
): string | undefined {
  const parts = resource.file.split('/');
  for (let depth = parts.length - 1; depth >= 1; depth--) {
    const directory = parts.slice(0, depth).join('/');
    if (directories.has(directory)) return directory;
  }
  return undefined;
}
