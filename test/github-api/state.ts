/**
 * What the double remembers about its one repository. Plain records, so a test can read
 * them back ("one sticky comment, ten live review comments") and seed them (a pull request
 * with its diff, a comment by a person).
 */
import { createHash } from 'node:crypto';

export interface User {
  login: string;
  id: number;
  type: 'User' | 'Bot';
}

export interface IssueRecord {
  number: number;
  id: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: string | null;
  labels: string[];
  user: User;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  pull: boolean;
}

export interface IssueCommentRecord {
  id: number;
  issueNumber: number;
  body: string;
  user: User;
  createdAt: string;
  updatedAt: string;
}

export interface DiffFileRecord {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed';
  /** Unified diff hunks as GitHub returns them; absent for binary or huge files. */
  patch?: string;
  previousFilename?: string;
}

export interface PullRecord {
  number: number;
  head: { ref: string; sha: string };
  base: { ref: string; sha: string };
  files: DiffFileRecord[];
  draft: boolean;
}

export interface ReviewRecord {
  id: number;
  pullNumber: number;
  body: string;
  state: 'COMMENTED' | 'APPROVED' | 'CHANGES_REQUESTED' | 'PENDING';
  commitId: string;
  user: User;
}

export interface ReviewCommentRecord {
  id: number;
  pullNumber: number;
  reviewId: number;
  path: string;
  line: number;
  side: 'LEFT' | 'RIGHT';
  startLine: number | null;
  body: string;
  commitId: string;
  user: User;
  diffHunk: string;
  createdAt: string;
  updatedAt: string;
}

export interface AnnotationRecord {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: string;
  message: string;
  title?: string;
  raw_details?: string;
}

export interface CheckRunRecord {
  id: number;
  name: string;
  headSha: string;
  /** Where "Details" leads; null when the creator gave none. */
  detailsUrl: string | null;
  status: string;
  conclusion: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  annotations: AnnotationRecord[];
  startedAt: string | null;
  completedAt: string | null;
}

export interface CommitRecord {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
}

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export class RepositoryState {
  readonly issues = new Map<number, IssueRecord>();
  readonly issueComments: IssueCommentRecord[] = [];
  readonly pulls = new Map<number, PullRecord>();
  readonly reviews: ReviewRecord[] = [];
  readonly reviewComments: ReviewCommentRecord[] = [];
  readonly checkRuns: CheckRunRecord[] = [];
  readonly labels = new Map<string, LabelRecord>();
  readonly blobs = new Map<string, string>();
  /** A tree is a flat map of full paths to blob shas: enough for the files a PR changes. */
  readonly trees = new Map<string, Map<string, string>>();
  readonly commits = new Map<string, CommitRecord>();
  readonly refs = new Map<string, string>();
  #nextId = 1000;
  #nextNumber = 1;
  #clock = Date.parse('2024-01-01T00:00:00Z');

  constructor(
    readonly owner: string,
    readonly name: string,
    readonly defaultBranch: string,
    readonly actor: User,
  ) {
    const tree = this.putTree(new Map());
    const root = this.putCommit({ tree, parents: [], message: 'initial commit' });
    this.refs.set(`refs/heads/${defaultBranch}`, root);
  }

  id(): number {
    return this.#nextId++;
  }

  /** Issues and pull requests share one sequence of numbers, as on GitHub. */
  number(): number {
    return this.#nextNumber++;
  }

  /** A clock that ticks a second per call, so timestamps order the way events happened. */
  now(): string {
    this.#clock += 1000;
    return new Date(this.#clock).toISOString().replace('.000Z', 'Z');
  }

  putBlob(content: string): string {
    const sha = gitSha('blob', content);
    this.blobs.set(sha, content);
    return sha;
  }

  putTree(entries: Map<string, string>): string {
    const sha = gitSha('tree', JSON.stringify([...entries].sort()));
    this.trees.set(sha, entries);
    return sha;
  }

  putCommit(commit: Omit<CommitRecord, 'sha'>): string {
    const sha = gitSha('commit', JSON.stringify(commit) + this.#nextId);
    this.commits.set(sha, { sha, ...commit });
    return sha;
  }

  /** The text of `path` at commit `sha`, for tests of PR upsert. */
  fileAt(sha: string, path: string): string | undefined {
    const commit = this.commits.get(sha);
    const blob = commit && this.trees.get(commit.tree)?.get(path);
    return blob === undefined ? undefined : this.blobs.get(blob);
  }

  commentsOn(issueNumber: number): IssueCommentRecord[] {
    return this.issueComments.filter((comment) => comment.issueNumber === issueNumber);
  }

  reviewCommentsOn(pullNumber: number): ReviewCommentRecord[] {
    return this.reviewComments.filter((comment) => comment.pullNumber === pullNumber);
  }
}

export function gitSha(kind: string, content: string): string {
  return createHash('sha1').update(`${kind} ${content.length}\0${content}`).digest('hex');
}
