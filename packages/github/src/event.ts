/**
 * What started the workflow run, read from the event payload the runner writes to
 * GITHUB_EVENT_PATH. Only a pull request changes where findings go; every other event
 * (push, schedule, workflow_dispatch, merge_group) gets the job summary and annotations.
 */
import { readFileSync } from 'node:fs';

export interface PullRequestRef {
  number: number;
  headSha: string;
  baseSha: string;
  /**
   * The head branch lives in another repository. GitHub then gives the workflow a
   * read-only token, so comments are refused; the job summary still works.
   */
  fromFork: boolean;
}

export interface RunEvent {
  /** GITHUB_EVENT_NAME: `pull_request`, `push`, `schedule`, ... */
  name: string;
  /**
   * The commit the run reports on, where a check run goes: the pull request's head
   * (`pull_request.head.sha`; GITHUB_SHA is the merge commit, whose checks the PR does not show),
   * GITHUB_SHA on every other event. Absent outside a runner (no GITHUB_EVENT_NAME).
   */
  headSha?: string;
  /** Set for `pull_request` and `pull_request_target` events. */
  pullRequest?: PullRequestRef;
}

/** Events whose payload carries the pull request the run is about. */
const pullRequestEvents = new Set(['pull_request', 'pull_request_target']);

/**
 * A run event from the event's name, its parsed payload and GITHUB_SHA (`sha`); anything
 * unexpected means "no PR".
 */
export function runEventFrom(name: string, payload: unknown, sha?: string): RunEvent {
  const other: RunEvent = { name, ...(sha && { headSha: sha }) };
  if (!pullRequestEvents.has(name)) return other;
  const pull = (payload as { pull_request?: PullPayload } | null)?.pull_request;
  if (typeof pull?.number !== 'number' || !pull.head?.sha || !pull.base?.sha) return other;
  const headRepo = pull.head.repo?.full_name;
  const baseRepo = pull.base.repo?.full_name;
  return {
    name,
    headSha: pull.head.sha,
    pullRequest: {
      number: pull.number,
      headSha: pull.head.sha,
      baseSha: pull.base.sha,
      // A deleted fork leaves head.repo null: still not this repository.
      fromFork: headRepo !== baseRepo,
    },
  };
}

/**
 * The run's event as the runner describes it (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH).
 * Outside a runner there is no event file: no pull request, so nothing is commented.
 */
export function readRunEvent(
  env: Readonly<Record<string, string | undefined>> = process.env,
): RunEvent {
  const name = env.GITHUB_EVENT_NAME || 'local';
  // A runner always names the event; a GITHUB_SHA left in a shell names no run's commit.
  const sha = (env.GITHUB_EVENT_NAME && env.GITHUB_SHA) || undefined;
  const file = env.GITHUB_EVENT_PATH;
  if (!file) return { name, ...(sha && { headSha: sha }) };
  let payload: unknown;
  try {
    payload = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot read the ${name} event payload at GITHUB_EVENT_PATH (${file}): ${why}`);
  }
  return runEventFrom(name, payload, sha);
}

interface PullPayload {
  number?: number;
  head?: { sha?: string; repo?: { full_name?: string } | null };
  base?: { sha?: string; repo?: { full_name?: string } | null };
}
