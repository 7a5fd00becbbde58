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
  const matcher = picomatch([...globs], { dot: false });
  // The files of a cluster share their directories: each is matched once.
  const matched = new Map<string, boolean>();
  const matches = (directory: string) => {
    let result = matched.get(directory);
    if (result === undefined) {
      result = matcher(directory);
      matched.set(directory, result);
    }
    return result;
  };
  const directories = new Map<string, string>();
  const add = (path: string) => {
    // Each ancestor directory, outermost first: the path up to each of its slashes.
    for (let end = path.indexOf('/'); end !== -1; end = path.indexOf('/', end + 1)) {
      const directory = path.slice(0, end);
      if (matches(directory)) {
        directories.set(directory, directory.slice(directory.lastIndexOf('/') + 1));
        break;
      }
    }
  };
  for (const path of repository.files.keys()) add(path);
  for (const skipped of repository.skipped) add(skipped.file);
  return directories;
}

/** The directory of `directories` that contains `resource`, if any. */
export function directoryOf(
  resource: Resource,
  directories: ReadonlyMap<string, string>,
): string | undefined {
  const { file } = resource;
  // Each ancestor directory, innermost first, without splitting the path into arrays.
  for (let end = file.lastIndexOf('/'); end !== -1; ) {
    const directory = file.slice(0, end);
    if (directories.has(directory)) return directory;
    end = end === 0 ? -1 : file.lastIndexOf('/', end - 1);
  }
  return undefined;
}
