import { NotPreviewableError } from '../errors.ts';
import { isPlainObject, type Params } from '../params.ts';
import type { Context } from './context.ts';

/** One `directories` or `files` item of a git generator. */
export interface PathItem {
  path: string;
  exclude: boolean;
}

export function pathItems(value: unknown): PathItem[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter(isPlainObject)
    .map((item) => ({ path: String(item.path ?? ''), exclude: item.exclude === true }));
}

/** The repository a git generator reads; without one it is not previewable. */
export function repoOf(git: Record<string, unknown>, context: Context) {
  const repoURL = String(git.repoURL ?? '');
  const revision = String(git.revision ?? '');
  if (!context.repo)
    throw new NotPreviewableError(
      `git repository ${repoURL} is not available offline; give the preview a checkout of it`,
      'git',
    );
  return { repo: context.repo, repoURL, revision };
}

/** `path[0]`, `path[1]`… of fasttemplate mode: every non-empty segment. */
export function addSegments(params: Params, name: string, dir: string): void {
  for (const [i, segment] of dir.split('/').entries())
    if (segment !== '') params[`${name}[${i}]`] = segment;
}
