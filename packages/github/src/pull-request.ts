/**
 * One pull request per promotion: a branch rebuilt from the current head of `base` with
 * exactly the given file changes (force-pushed, as peter-evans/create-pull-request does),
 * and the open pull request from it, found again by head branch and hidden marker.
 * A re-run with the same files makes no commit and edits nothing.
 */
import type { GitHubClient, RepoRef } from './client.ts';
import { type CommentBody, composeBody } from './comment-body.ts';
import { marker } from './marker.ts';

export interface FileChange {
  /** Path from the repository root, with `/` separators. */
  path: string;
  /** The new text of the file; `null` deletes it. */
  content: string | null;
}

export interface PullRequestRequest {
  repo: RepoRef;
  /** The branch the pull request merges into, and whose head the branch is rebuilt from. */
  base: string;
  /** The branch fleetops owns and force-pushes: `fleetops/promote/staging`. */
  branch: string;
  title: string;
  /** Markdown sections, composed under GitHub's 65,536-character limit. */
  body: Omit<CommentBody, 'markers'>;
  /** Added when missing; labels people put on the pull request are left alone. */
  labels?: string[];
  files: FileChange[];
  commitMessage: string;
  /** Identifies the pull request across runs: `promote/staging`. */
  key: string;
}

export interface PullRequestResult {
  action: 'created' | 'updated' | 'unchanged';
  number: number;
  url: string;
  /** The head of `branch` after the run. */
  commitSha: string;
}

export async function upsertPullRequest(
  client: GitHubClient,
  request: PullRequestRequest,
): Promise<PullRequestResult> {
  const pushed = await pushBranch(client, request);
  const body = composeBody({ ...request.body, markers: [marker('pull', request.key)] });
  const labels = [...new Set(request.labels ?? [])];
  const open = await findPullRequest(client, request);
  if (!open) {
    const created = await createPullRequest(client, request, body);
    if (labels.length > 0) {
      await client.rest.issues.addLabels({
        ...request.repo,
        issue_number: created.number,
        labels,
      });
    }
    return { action: 'created', ...created, commitSha: pushed.sha };
  }
  const edited = open.title !== request.title || open.body !== body;
  if (edited) {
    await client.rest.pulls.update({
      ...request.repo,
      pull_number: open.number,
      title: request.title,
      body,
    });
  }
  const present = new Set(open.labels.map((label) => label.name));
  const missing = labels.filter((label) => !present.has(label));
  if (missing.length > 0) {
    await client.rest.issues.addLabels({
      ...request.repo,
      issue_number: open.number,
      labels: missing,
    });
  }
  const changed = pushed.committed || edited || missing.length > 0;
  return {
    action: changed ? 'updated' : 'unchanged',
    number: open.number,
    url: open.html_url,
    commitSha: pushed.sha,
  };
}

/**
 * The branch as `base` plus the changes, by the Git Data API: blobs, a tree on the base
 * commit's tree, a commit whose only parent is the base head, then the ref (forced, since
 * the previous run's commit is not an ancestor once `base` has moved).
 */
async function pushBranch(
  client: GitHubClient,
  request: PullRequestRequest,
): Promise<{ sha: string; committed: boolean }> {
  const { repo } = request;
  const baseSha = await readRef(client, repo, request.base);
  if (!baseSha) throw new Error(`base branch "${request.base}" does not exist in ${slug(repo)}`);
  const baseCommit = await client.rest.git.getCommit({ ...repo, commit_sha: baseSha });
  const tree = await Promise.all(
    request.files.map(async (file) => {
      if (file.content === null) {
        return { path: file.path, mode: '100644' as const, type: 'blob' as const, sha: null };
      }
      const blob = await client.rest.git.createBlob({
        ...repo,
        content: Buffer.from(file.content, 'utf8').toString('base64'),
        encoding: 'base64',
      });
      return {
        path: file.path,
        mode: '100644' as const,
        type: 'blob' as const,
        sha: blob.data.sha,
      };
    }),
  );
  const newTree = await client.rest.git.createTree({
    ...repo,
    base_tree: baseCommit.data.tree.sha,
    tree,
  });
  const headSha = await readRef(client, repo, request.branch);
  if (headSha) {
    const head = await client.rest.git.getCommit({ ...repo, commit_sha: headSha });
    if (head.data.tree.sha === newTree.data.sha) return { sha: headSha, committed: false };
  }
  const commit = await client.rest.git.createCommit({
    ...repo,
    message: request.commitMessage,
    tree: newTree.data.sha,
    parents: [baseSha],
  });
  const sha = commit.data.sha;
  if (headSha) {
    await client.rest.git.updateRef({ ...repo, ref: `heads/${request.branch}`, sha, force: true });
  } else {
    await createOrForceRef(client, repo, request.branch, sha);
  }
  return { sha, committed: true };
}

/** A racing run may create the branch first; it is ours, so it is overwritten. */
async function createOrForceRef(
  client: GitHubClient,
  repo: RepoRef,
  branch: string,
  sha: string,
): Promise<void> {
  try {
    await client.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha });
  } catch (error) {
    if (status(error) !== 422) throw error;
    await client.rest.git.updateRef({ ...repo, ref: `heads/${branch}`, sha, force: true });
  }
}

async function readRef(
  client: GitHubClient,
  repo: RepoRef,
  branch: string,
): Promise<string | undefined> {
  try {
    const ref = await client.rest.git.getRef({ ...repo, ref: `heads/${branch}` });
    return ref.data.object.sha;
  } catch (error) {
    if (status(error) === 404) return undefined;
    throw error;
  }
}

/**
 * GitHub allows one open pull request per head and base, so the head filter finds it; the
 * marker picks ours should a person have opened one from the branch too.
 */
async function findPullRequest(client: GitHubClient, request: PullRequestRequest) {
  const pulls = await client.paginate(client.rest.pulls.list, {
    ...request.repo,
    state: 'open',
    head: `${request.repo.owner}:${request.branch}`,
    base: request.base,
    per_page: 100,
  });
  const tag = marker('pull', request.key);
  return pulls.find((pull) => pull.body?.includes(tag)) ?? pulls[0];
}

async function createPullRequest(
  client: GitHubClient,
  request: PullRequestRequest,
  body: string,
): Promise<{ number: number; url: string }> {
  const { data } = await client.rest.pulls.create({
    ...request.repo,
    base: request.base,
    head: request.branch,
    title: request.title,
    body,
  });
  return { number: data.number, url: data.html_url };
}

function status(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'status' in error
    ? Number((error as { status: unknown }).status)
    : undefined;
}

function slug(repo: RepoRef): string {
  return `${repo.owner}/${repo.repo}`;
}
