import { cleanPath } from '@fleetops/gotemplate';
import { BadGlobError, doublestarMatch } from './doublestar.ts';
import { type Checkout, evalSymlinksLinks, repoServerRoot } from './git-checkout.ts';

/**
 * The repo-server's GetGitFiles (reposerver/repository/repository.go): LsFiles lists the
 * paths a pattern names in the checkout, then each is read with `os.ReadFile`; the first
 * failure fails the request, and the ApplicationSet controller reports it wrapped in the
 * gRPC status. util/git/client.go LsFiles is the same from 2.14 to 3.5 but for how the
 * pattern meets the root (FilesRequest.joinsRoot).
 */

/** Whether a doublestar pattern has a meta character (`*?[{`) that is not escaped. */
export function hasMeta(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?' || c === '[' || c === '{') return true;
  }
  return false;
}

/** doublestar's unescapeMeta: `\*`, `\?`, `\[`, `\]`, `\{`, `\}` lose their backslash. */
export function unescapeMeta(pattern: string): string {
  return pattern.replace(/\\([*?[\]{}])/g, '$1');
}

/** One GetGitFiles request of the git files generator. */
export interface FilesRequest {
  repoURL: string;
  /** The generator's `path`, as written. */
  pattern: string;
  /**
   * 3.0 and later glob `filepath.Join(realRoot, path)` (v3.0.1 util/git/client.go LsFiles),
   * so a leading `/` means the checkout's root; 2.14 globs `path` from the root itself, so
   * an absolute pattern reaches outside the checkout, where every match is dropped.
   */
  joinsRoot: boolean;
}

/** A file GetGitFiles returns: its path, and the path its content is read from. */
export interface ListedFile {
  path: string;
  real: string;
}

/**
 * The repo-server's GetGitFiles with new git file globbing: doublestar's `FilepathGlob` over
 * the checkout (`.git` included; directories match as well as files), matches that resolve
 * outside the repository dropped, then every match read with `os.ReadFile`, which fails on
 * a directory. Throws the error the controller then reports.
 */
export function doublestarFiles(checkout: Checkout, request: FilesRequest): ListedFile[] {
  const pattern = request.pattern === '' ? '.' : request.pattern;
  const fail = (what: 'list' | 'read', cause: string) =>
    new RepoServerError(
      `unable to ${what} files. repo ${request.repoURL} with revision ${checkout.commit} pattern ${pattern}: ${cause}`,
    );
  let matches: string[];
  try {
    matches = globMatches(checkout, pattern, request.joinsRoot);
  } catch (error) {
    if (error instanceof BadGlobError) throw fail('list', error.message);
    throw error;
  }
  const listed: ListedFile[] = [];
  // LsFiles: filepath.EvalSymlinks of every match, dropping those outside the root.
  for (const path of matches) {
    const found = checkout.resolve(path, evalSymlinksLinks);
    if (found.kind === 'missing')
      throw fail(
        'list',
        `lstat ${request.joinsRoot ? onRepoServer(found.at) : found.at}: ${found.reason}`,
      );
    if (found.kind === 'loop') throw fail('list', 'EvalSymlinks: too many links');
    if (found.kind === 'outside') continue;
    listed.push({ path, real: found.real });
  }
  // GetGitFiles reads each listed path in order; the first directory fails the request.
  for (const file of listed) {
    const found = checkout.resolve(file.path);
    if (found.kind === 'dir') throw fail('read', `read ${onRepoServer(file.path)}: is a directory`);
    if (found.kind === 'loop')
      throw fail('read', `open ${onRepoServer(file.path)}: too many levels of symbolic links`);
  }
  return listed;
}

/**
 * What `doublestar.FilepathGlob` matches in the checkout, in its order. The pattern is
 * cleaned first (`filepath.Join` / `filepath.Clean`: `./`, `//`, a trailing `/` go); a
 * pattern above the root matches only what LsFiles then drops as outside the repository.
 * Throws BadGlobError on a malformed pattern, whatever it would match.
 */
function globMatches(checkout: Checkout, pattern: string, joinsRoot: boolean): string[] {
  const absolute = pattern.startsWith('/');
  const rel = cleanPath(absolute ? pattern.replace(/^\/+/, '') : pattern);
  doublestarMatch(rel, '');
  if ((absolute && !joinsRoot) || rel === '..' || rel.startsWith('../')) return [];
  if (!hasMeta(rel)) {
    // A literal path: FilepathGlob stats it (following links), a directory included.
    const path = unescapeMeta(rel);
    const found = checkout.resolve(path);
    return found.kind === 'file' || found.kind === 'dir' ? [path] : [];
  }
  const matches = checkout.walk().filter((path) => doublestarMatch(rel, path));
  // `**` matches the directory it starts from: here the root.
  if (rel.split('/').every((segment) => segment === '**')) matches.unshift('.');
  return matches;
}

/**
 * The repo-server's GetGitFiles with git's pathspec: `git ls-files` lists what the index
 * holds, so a directory never matches itself, but a submodule (a gitlink) or a symlink to
 * a directory is listed, and `os.ReadFile` then fails on it.
 */
export function pathspecFiles(
  checkout: Checkout,
  request: FilesRequest,
  paths: readonly string[],
): ListedFile[] {
  const pattern = request.pattern === '' ? '.' : request.pattern;
  const fail = (cause: string) =>
    new RepoServerError(
      `unable to read files. repo ${request.repoURL} with revision ${checkout.commit} pattern ${pattern}: ${cause}`,
    );
  return paths.map((path) => {
    const found = checkout.resolve(path);
    if (found.kind === 'dir') throw fail(`read ${onRepoServer(path)}: is a directory`);
    if (found.kind === 'missing') throw fail(`open ${onRepoServer(path)}: ${found.reason}`);
    if (found.kind === 'loop')
      throw fail(`open ${onRepoServer(path)}: too many levels of symbolic links`);
    if (found.kind === 'outside') throw new OutsideRepositoryError(path);
    return { path, real: found.real };
  });
}

function onRepoServer(path: string): string {
  return path === '.' ? repoServerRoot : `${repoServerRoot}/${path}`;
}

/** The repo-server's gRPC error, as the ApplicationSet controller wraps it. */
export class RepoServerError extends Error {
  override name = 'RepoServerError';
  constructor(description: string) {
    super(`error retrieving Git files: rpc error: code = Internal desc = ${description}`);
  }
}

/** A listed symlink pointing out of the repository: the repo-server reads its own disk. */
export class OutsideRepositoryError extends Error {
  override name = 'OutsideRepositoryError';
  constructor(readonly path: string) {
    super(
      `${path} is a symlink out of the repository: the repo-server would read that path on its own disk`,
    );
  }
}
