// Event payloads as the runner writes them to GITHUB_EVENT_PATH. A pull_request payload is
// GitHub's `webhook-pull-request-*` object: the pull request as the double's REST view
// shows it, every other required field filled from GitHub's OpenAPI description, and the
// whole payload checked against that description, so the action reads what GitHub sends.
import { writeFile } from 'node:fs/promises';
import { type GitHubDouble, githubContract } from '../github-api/index.ts';
import { represent } from '../github-api/representation.ts';

type Json = Record<string, unknown>;

export interface PullRequestEventOptions {
  action: 'opened' | 'synchronize';
  /** The head branch lives in a fork: `contributor/fleet`. */
  fork?: boolean;
}

/** The payload of a pull_request event for the double's pull request `number`. */
export function pullRequestEvent(
  double: GitHubDouble,
  number: number,
  options: PullRequestEventOptions,
): Json {
  const record = double.state.pulls.get(number);
  if (!record) throw new Error(`the double has no pull request #${number}`);
  // The REST view plus the fields a webhook's pull request carries besides.
  const pull: Json = {
    ...double.views.pull(record),
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    active_lock_reason: null,
  };
  for (const side of ['head', 'base']) {
    const branch = pull[side] as Json;
    branch.repo = webhookRepository(branch.repo as Json);
  }
  if (options.fork) {
    const head = pull.head as Json;
    const repo = head.repo as Json;
    const owner = { ...(repo.owner as Json), login: 'contributor', id: 2 };
    head.label = `contributor:${head.ref as string}`;
    head.repo = { ...repo, id: 2, fork: true, full_name: 'contributor/fleet', owner };
  }
  const sender = double.views.user({ login: 'octocat', id: 583231, type: 'User' });
  const name = `webhook-pull-request-${options.action}`;
  const fields: Json = {
    action: options.action,
    number,
    pull_request: pull,
    repository: webhookRepository(double.views.repository()),
    sender,
    ...(options.action === 'synchronize' && { before: record.base.sha, after: record.head.sha }),
  };
  const payload = withGravatarIds(represent(githubContract(), name, fields, double.url));
  const problems = githubContract().checkComponent(name, payload);
  if (problems.length > 0) throw new Error(`not a ${name} payload: ${problems.join('; ')}`);
  return payload;
}

/** A repository as webhooks show it: a few fields more than the REST view, dates as strings. */
function webhookRepository(repo: Json): Json {
  const at = '2024-01-01T00:00:00Z';
  return {
    ...repo,
    has_discussions: false,
    topics: [],
    visibility: 'public',
    created_at: at,
    updated_at: at,
    pushed_at: at,
  };
}

/** Webhooks send `gravatar_id: ""` where the REST view has null. */
function withGravatarIds<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withGravatarIds) as T;
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).map(([key, item]) => [
    key,
    key === 'gravatar_id' && item === null ? '' : withGravatarIds(item),
  ]);
  return Object.fromEntries(entries) as T;
}

/** What a `schedule:` trigger writes: the cron line, the repository, no sender (the trigger is GitHub). */
export function scheduleEvent(double: GitHubDouble): Json {
  return {
    schedule: '17 6 * * 1-5',
    repository: double.views.repository(),
    workflow: '.github/workflows/fleet.yml',
  };
}

export async function writeEvent(file: string, payload: Json): Promise<string> {
  await writeFile(file, JSON.stringify(payload, null, 2));
  return file;
}
