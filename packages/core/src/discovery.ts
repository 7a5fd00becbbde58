import { FileWalk } from './file-walk.ts';

export { defaultInclude } from './file-walk.ts';

export interface DiscoveryOptions {
  /** Globs (relative to the root) a file must match; default: YAML and JSON files. */
  include?: readonly string[];
  /** Globs that remove files even when included. */
  exclude?: readonly string[];
}

export interface DiscoveredFile {
  /** Relative to the root, forward slashes. */
  path: string;
  absolutePath: string;
}

export interface Discovery {
  files: DiscoveredFile[];
}

/** 5 MiB: far beyond any hand-written manifest, small enough to never stall a run. */
export const defaultMaxFileSize = 5 * 1024 * 1024;

/**
 * Lists the files under `root` that a run reads, honouring every .gitignore on the way
 * down (file-walk.ts). The order is sorted, so every output built from it is deterministic.
 */
export async function discoverFiles(
  root: string,
  options: DiscoveryOptions = {},
): Promise<Discovery> {
  return { files: FileWalk.start(root, options).take() };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
