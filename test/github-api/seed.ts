/** What a test sets up before the code under test runs: a pull request and its diff, people's comments. */
import type { DiffFileRecord, RepositoryState, User } from './state.ts';

export interface PullRequestSeed {
  title?: string;
  body?: string;
  headRef?: string;
  baseRef?: string;
  files: DiffFileRecord[];
  author?: User;
}

/** A pull request whose diff is `files`; returns its number. */
export function seedPullRequest(state: RepositoryState, seed: PullRequestSeed): number {
  const baseRef = seed.baseRef ?? state.defaultBranch;
  const baseSha = state.refs.get(`refs/heads/${baseRef}`)!;
  const headRef = seed.headRef ?? `feature-${state.pulls.size + 1}`;
  const tree = state.commits.get(baseSha)!.tree;
  const headSha = state.putCommit({ tree, parents: [baseSha], message: `change on ${headRef}` });
  state.refs.set(`refs/heads/${headRef}`, headSha);
  const now = state.now();
  const number = state.number();
  state.issues.set(number, {
    number,
    id: state.id(),
    title: seed.title ?? `Change ${headRef}`,
    body: seed.body ?? null,
    state: 'open',
    stateReason: null,
    labels: [],
    user: seed.author ?? { login: 'octocat', id: 583231, type: 'User' },
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    pull: true,
  });
  state.pulls.set(number, {
    number,
    head: { ref: headRef, sha: headSha },
    base: { ref: baseRef, sha: baseSha },
    files: seed.files,
    draft: false,
  });
  return number;
}

/** A new head commit on a seeded pull request, as a push to its branch makes one. */
export function pushToPullRequest(
  state: RepositoryState,
  number: number,
  files?: DiffFileRecord[],
): string {
  const pull = state.pulls.get(number)!;
  const tree = state.commits.get(pull.head.sha)!.tree;
  const sha = state.putCommit({ tree, parents: [pull.head.sha], message: 'fix findings' });
  pull.head.sha = sha;
  state.refs.set(`refs/heads/${pull.head.ref}`, sha);
  if (files) pull.files = files;
  return sha;
}

export function seedIssueComment(
  state: RepositoryState,
  issueNumber: number,
  body: string,
  user: User,
): number {
  const now = state.now();
  const id = state.id();
  state.issueComments.push({ id, issueNumber, body, user, createdAt: now, updatedAt: now });
  return id;
}
