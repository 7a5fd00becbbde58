import { readdirSync, readFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';

export interface DiscoveryOptions {
  /** Globs (relative to the root) a file must match; default: YAML and JSON files. */
  include?: readonly string[];
  /** Globs that remove files even when included. */
  exclude?: readonly string[];
  /**
   * Called once, as soon as the walk has seen `atLeast` files: work that pays only for a
   * big repository can start while the rest is listed (loader.ts starts a reader thread).
   */
  whenMany?: { atLeast: number; start: () => void };
}

export interface DiscoveredFile {
  /** Relative to the root, forward slashes. */
  path: string;
  absolutePath: string;
}

export interface Discovery {
  files: DiscoveredFile[];
}

export const defaultInclude = ['**/*.yaml', '**/*.yml', '**/*.json'] as const;
/** 5 MiB: far beyond any hand-written manifest, small enough to never stall a run. */
export const defaultMaxFileSize = 5 * 1024 * 1024;
/** Never descended into: version control and package managers' trees. */
const alwaysSkippedDirectories = new Set(['.git', 'node_modules']);

/**
 * Lists the files under `root` that a run reads, honouring every .gitignore on the way
 * down (as git does: a nested file's patterns are relative to its own directory).
 * The order is sorted, so every output built from it is deterministic.
 */
export async function discoverFiles(
  root: string,
  options: DiscoveryOptions = {},
): Promise<Discovery> {
  const included = picomatch([...(options.include ?? defaultInclude)], { dot: true });
  const excluded = options.exclude?.length
    ? picomatch([...options.exclude], { dot: true })
    : () => false;
  const discovery: Discovery = { files: [] };
  const candidates: DiscoveredFile[] = [];
  const top = resolve(root);
  const many = options.whenMany;
  const found = many
    ? (count: number) => {
        if (count === many.atLeast) many.start();
      }
    : undefined;
  walk(top.endsWith(sep) ? top.slice(0, -1) : top, '', [], candidates, found);
  // No stat here: the size limit is checked on the descriptor each read opens anyway
  // (read-files.ts), which spares one system call per file.
  candidates.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const file of candidates)
    if (included(file.path) && !excluded(file.path)) discovery.files.push(file);
  return discovery;
}

interface ScopedIgnore {
  /** Directory of the .gitignore, relative to the root ('' for the root). */
  base: string;
  rules: Ignore;
}

/**
 * Synchronous: one directory listing costs less than a promise round trip. Paths are
 * joined by hand, not with path.join, which normalises each one again: with 50,000 files
 * that showed in profiles.
 */
function walk(
  dir: string,
  base: string,
  scopes: ScopedIgnore[],
  out: DiscoveredFile[],
  found?: (count: number) => void,
): void {
  const entries = readdirSync(dir, { withFileTypes: true });
  const local = entries.some((entry) => entry.name === '.gitignore' && entry.isFile())
    ? ignore().add(readFileSync(`${dir}${sep}.gitignore`, 'utf8'))
    : undefined;
  const active = local ? [...scopes, { base, rules: local }] : scopes;
  for (const entry of entries) {
    const path = base ? `${base}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (alwaysSkippedDirectories.has(entry.name) || isIgnored(active, `${path}/`)) continue;
      walk(`${dir}${sep}${entry.name}`, path, active, out, found);
    } else if (entry.isFile() && !isIgnored(active, path)) {
      out.push({ path, absolutePath: `${dir}${sep}${entry.name}` });
      found?.(out.length);
    }
  }
}

/** Outer .gitignore files first; a deeper file's `!pattern` re-includes, as in git. */
function isIgnored(scopes: readonly ScopedIgnore[], path: string): boolean {
  let ignored = false;
  for (const { base, rules } of scopes) {
    const verdict = rules.test(base ? path.slice(base.length + 1) : path);
    if (verdict.ignored) ignored = true;
    else if (verdict.unignored) ignored = false;
  }
  return ignored;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
