/**
 * Which lines a pull request shows, read from the files API (paginated: 3,000 files at
 * most, 100 a page). A review comment may only sit on a line the diff shows, so every
 * placement decision starts here.
 */
import type { GitHubClient, RepoRef } from './client.ts';

export interface FileDiff {
  /** Lines of the new version that the PR adds. */
  added: Set<number>;
  /** Lines of the new version shown in the diff: added plus unchanged context. */
  shown: Set<number>;
}

/** Changed files by their path in the head revision. */
export type PullDiff = Map<string, FileDiff>;

export interface PullFile {
  filename: string;
  status: string;
  /** Absent for binary files and for diffs GitHub finds too large to show. */
  patch?: string;
}

export function readPullDiff(files: readonly PullFile[]): PullDiff {
  const diff: PullDiff = new Map();
  for (const file of files) {
    if (file.status === 'removed') continue;
    diff.set(file.filename, readPatch(file.patch ?? ''));
  }
  return diff;
}

/** New-side line numbers of a unified-diff patch, as GitHub returns it (hunks only, no file header). */
export function readPatch(patch: string): FileDiff {
  const result: FileDiff = { added: new Set(), shown: new Set() };
  let line = 0;
  for (const text of patch.split('\n')) {
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (hunk) {
      line = Number(hunk[1]);
    } else if (text.startsWith('+')) {
      result.added.add(line);
      result.shown.add(line++);
    } else if (text.startsWith(' ')) {
      result.shown.add(line++);
    }
    // '-' lines belong to the old version and '\ No newline' to neither: no new-side line.
  }
  return result;
}

export async function fetchPullDiff(
  client: GitHubClient,
  repo: RepoRef,
  pullNumber: number,
): Promise<PullDiff> {
  const files = await client.paginate(client.rest.pulls.listFiles, {
    ...repo,
    pull_number: pullNumber,
    per_page: 100,
  });
  return readPullDiff(files);
}
