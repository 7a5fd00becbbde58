/**
 * Records as GitHub's REST API shows them: the fields clients read are written out, the
 * rest of each required field comes from the description (see representation.ts).
 */
import type { OpenApiContract } from './openapi.ts';
import { represent } from './representation.ts';
import type {
  CheckRunRecord,
  DiffFileRecord,
  IssueCommentRecord,
  IssueRecord,
  LabelRecord,
  PullRecord,
  RepositoryState,
  ReviewCommentRecord,
  ReviewRecord,
  User,
} from './state.ts';

type Json = Record<string, unknown>;

export class Views {
  constructor(
    private readonly contract: OpenApiContract,
    private readonly state: RepositoryState,
    private readonly baseUrl: string,
  ) {}

  get repoUrl(): string {
    return `${this.baseUrl}/repos/${this.state.owner}/${this.state.name}`;
  }

  user(user: User): Json {
    return this.#make('simple-user', {
      login: user.login,
      id: user.id,
      node_id: `U_${user.id}`,
      type: user.type,
      url: `${this.baseUrl}/users/${encodeURIComponent(user.login)}`,
    });
  }

  repository(): Json {
    const { owner, name, defaultBranch } = this.state;
    return this.#make('repository', {
      id: 1,
      node_id: 'R_1',
      name,
      full_name: `${owner}/${name}`,
      owner: this.user({ login: owner, id: 1, type: 'User' }),
      default_branch: defaultBranch,
      url: this.repoUrl,
    });
  }

  label(label: LabelRecord): Json {
    return this.#make('label', {
      id: label.id,
      node_id: `LA_${label.id}`,
      name: label.name,
      color: label.color,
      description: label.description,
      default: false,
      url: `${this.repoUrl}/labels/${encodeURIComponent(label.name)}`,
    });
  }

  issue(issue: IssueRecord): Json {
    const url = `${this.repoUrl}/issues/${issue.number}`;
    return this.#make('issue', {
      id: issue.id,
      node_id: `I_${issue.id}`,
      number: issue.number,
      title: issue.title,
      body: issue.body,
      state: issue.state,
      state_reason: issue.stateReason,
      labels: issue.labels.map((name) => this.label(this.#labelRecord(name))),
      user: this.user(issue.user),
      comments: this.state.commentsOn(issue.number).length,
      created_at: issue.createdAt,
      updated_at: issue.updatedAt,
      closed_at: issue.closedAt,
      url,
      html_url: url.replace(this.baseUrl, 'https://github.test'),
      ...(issue.pull ? { pull_request: { url: `${this.repoUrl}/pulls/${issue.number}` } } : {}),
    });
  }

  issueComment(comment: IssueCommentRecord): Json {
    return this.#make('issue-comment', {
      id: comment.id,
      node_id: `IC_${comment.id}`,
      body: comment.body,
      user: this.user(comment.user),
      created_at: comment.createdAt,
      updated_at: comment.updatedAt,
      url: `${this.repoUrl}/issues/comments/${comment.id}`,
      issue_url: `${this.repoUrl}/issues/${comment.issueNumber}`,
    });
  }

  pull(pull: PullRecord, simple = false): Json {
    const issue = this.state.issues.get(pull.number)!;
    const branch = (side: { ref: string; sha: string }) => ({
      label: `${this.state.owner}:${side.ref}`,
      ref: side.ref,
      sha: side.sha,
      repo: this.repository(),
      user: this.user({ login: this.state.owner, id: 1, type: 'User' }),
    });
    const fields: Json = {
      id: issue.id,
      node_id: `PR_${issue.id}`,
      number: pull.number,
      title: issue.title,
      body: issue.body,
      state: issue.state,
      draft: pull.draft,
      // A pull request's labels have a string description in GitHub's description.
      labels: issue.labels.map((name) => {
        const label = this.#labelRecord(name);
        return this.label({ ...label, description: label.description ?? '' });
      }),
      user: this.user(issue.user),
      head: branch(pull.head),
      base: branch(pull.base),
      created_at: issue.createdAt,
      updated_at: issue.updatedAt,
      closed_at: issue.closedAt,
      url: `${this.repoUrl}/pulls/${pull.number}`,
      html_url: `https://github.test/${this.state.owner}/${this.state.name}/pull/${pull.number}`,
      author_association: 'NONE',
      _links: Object.fromEntries(
        ['comments', 'commits', 'statuses', 'html', 'issue', 'review_comments']
          .concat(['review_comment', 'self'])
          .map((key) => [key, { href: `${this.repoUrl}/pulls/${pull.number}#${key}` }]),
      ),
    };
    if (!simple) {
      Object.assign(fields, {
        changed_files: pull.files.length,
        merged: false,
        mergeable: null,
        mergeable_state: 'unknown',
      });
    }
    return this.#make(simple ? 'pull-request-simple' : 'pull-request', fields);
  }

  diffEntry(file: DiffFileRecord): Json {
    const lines = (file.patch ?? '').split('\n');
    const additions = lines.filter((line) => line.startsWith('+')).length;
    const deletions = lines.filter((line) => line.startsWith('-')).length;
    return this.#make('diff-entry', {
      filename: file.filename,
      status: file.status,
      sha: null,
      additions,
      deletions,
      changes: additions + deletions,
      ...(file.patch === undefined ? {} : { patch: file.patch }),
      ...(file.previousFilename ? { previous_filename: file.previousFilename } : {}),
    });
  }

  review(review: ReviewRecord): Json {
    const href = `${this.repoUrl}/pulls/${review.pullNumber}`;
    return this.#make('pull-request-review', {
      id: review.id,
      node_id: `PRR_${review.id}`,
      user: this.user(review.user),
      body: review.body,
      state: review.state,
      commit_id: review.commitId,
      pull_request_url: href,
      author_association: 'NONE',
      _links: { html: { href }, pull_request: { href } },
    });
  }

  reviewComment(comment: ReviewCommentRecord): Json {
    const href = `${this.repoUrl}/pulls/comments/${comment.id}`;
    return this.#make('pull-request-review-comment', {
      id: comment.id,
      node_id: `PRRC_${comment.id}`,
      url: href,
      pull_request_review_id: comment.reviewId,
      path: comment.path,
      line: comment.line,
      side: comment.side,
      start_line: comment.startLine,
      diff_hunk: comment.diffHunk,
      commit_id: comment.commitId,
      original_commit_id: comment.commitId,
      user: this.user(comment.user),
      body: comment.body,
      created_at: comment.createdAt,
      updated_at: comment.updatedAt,
      pull_request_url: `${this.repoUrl}/pulls/${comment.pullNumber}`,
      author_association: 'NONE',
      _links: { self: { href }, html: { href }, pull_request: { href } },
    });
  }

  checkRun(run: CheckRunRecord): Json {
    return this.#make('check-run', {
      id: run.id,
      node_id: `CR_${run.id}`,
      name: run.name,
      head_sha: run.headSha,
      status: run.status,
      conclusion: run.conclusion,
      started_at: run.startedAt,
      completed_at: run.completedAt,
      url: `${this.repoUrl}/check-runs/${run.id}`,
      html_url: `https://github.test/${this.state.owner}/${this.state.name}/runs/${run.id}`,
      details_url: run.detailsUrl,
      output: {
        ...run.output,
        annotations_count: run.annotations.length,
        annotations_url: `${this.repoUrl}/check-runs/${run.id}/annotations`,
      },
      pull_requests: [],
    });
  }

  ref(name: string, sha: string): Json {
    return this.#make('git-ref', {
      ref: name,
      node_id: `REF_${sha.slice(0, 8)}`,
      url: `${this.repoUrl}/git/${name}`,
      object: { type: 'commit', sha, url: `${this.repoUrl}/git/commits/${sha}` },
    });
  }

  commit(sha: string): Json {
    const commit = this.state.commits.get(sha)!;
    const person = { name: 'fleetops', email: 'fleetops@example.test', date: this.state.now() };
    return this.#make('git-commit', {
      sha,
      node_id: `C_${sha.slice(0, 8)}`,
      url: `${this.repoUrl}/git/commits/${sha}`,
      message: commit.message,
      author: person,
      committer: person,
      tree: { sha: commit.tree, url: `${this.repoUrl}/git/trees/${commit.tree}` },
      parents: commit.parents.map((parent) => ({
        sha: parent,
        url: `${this.repoUrl}/git/commits/${parent}`,
        html_url: `https://github.test/commit/${parent}`,
      })),
      verification: {
        verified: false,
        reason: 'unsigned',
        signature: null,
        payload: null,
        verified_at: null,
      },
    });
  }

  tree(sha: string): Json {
    const entries = [...(this.state.trees.get(sha) ?? [])].map(([path, blob]) => ({
      path,
      mode: '100644',
      type: 'blob',
      sha: blob,
    }));
    return this.#make('git-tree', { sha, tree: entries, truncated: false });
  }

  #labelRecord(name: string): LabelRecord {
    return this.state.labels.get(name) ?? { id: 0, name, color: 'ededed', description: null };
  }

  #make(name: string, fields: Json): Json {
    return represent(this.contract, name, fields, this.baseUrl);
  }
}
