// One action's bundle on pull requests, as check-pull-request, validate-pull-request and
// appset-preview tests run it: dist/index.js built from this checkout's sources into a
// scratch directory, fixture repositories and runner temp directories beside it, the GitHub
// double for the API and the event's pull request.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { buildAction } from '../../scripts/bundles.mjs';
import {
  type GitHubDouble,
  type Permission,
  type Scope,
  seedPullRequest,
  startGitHubDouble,
} from '../github-api/index.ts';
import { pullRequestEvent, writeEvent } from './events.ts';
import { createFixtureRepo, type FixtureRepo } from './fixture-repo.ts';
import { context, prepareStep, runBundle, workflowCommands } from './runner.ts';

export const [owner = '', name = ''] = context.repository.split('/');
/** The token the runner puts in github-token's default (see runner.ts). */
export const runnerToken = 'ghs_test-token';

/** The event a step runs for: GITHUB_EVENT_NAME, the payload and GITHUB_REF. */
export interface StepEvent {
  name: string;
  payload: Record<string, unknown>;
  ref: string;
}

export interface PullRequestHarness {
  /** Starts the double the file's steps talk to; closed after each test. */
  start(permissions?: Partial<Record<Scope, Permission>>): Promise<GitHubDouble>;
  /** A git checkout of `base` then `head` in the scratch directory. */
  fixture(change: Parameters<typeof createFixtureRepo>[1]): Promise<FixtureRepo>;
  /** The double's pull request for the fixture: its diff and its head and base commits. */
  openPullRequest(repo: FixtureRepo, title: string): number;
  /** The pull request after a push: the fixture's commits and diff. */
  updatePullRequest(number: number, repo: FixtureRepo): void;
  /** A pull_request event for the double's pull request `number`. */
  pullRequestStep(number: number, action: 'opened' | 'synchronize'): StepEvent;
  /** One step of the action in the fixture's checkout, for `event`. */
  runStep(
    repo: FixtureRepo,
    event: StepEvent,
    options?: { inputs?: Record<string, string>; env?: Record<string, string> },
  ): Promise<Awaited<ReturnType<typeof runBundle>> & StepReadback>;
}

interface StepReadback {
  /** The URL of the step's workflow run (GITHUB_RUN_ID is 9000 plus the step's number). */
  runUrl: string;
  commands: Record<string, string[]>;
  outputs: Record<string, string>;
  summary: string;
}

/**
 * Registers the hooks of a test file about `actions/<action>` on pull requests: the bundle is
 * built once into a scratch directory named from `prefix`, which goes after the file; the
 * double is closed after each test, then `afterEachTest` runs.
 */
export function usePullRequestHarness(
  action: string,
  prefix: string,
  afterEachTest?: () => Promise<void>,
): PullRequestHarness {
  let scratch: string;
  let bundle: string;
  let double: GitHubDouble | undefined;
  let steps = 0;

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), prefix));
    // The bundle of this checkout's sources, never the committed dist; in a directory with
    // no node_modules, so a dependency left out of the bundle fails here as on a runner.
    bundle = await buildAction(action, { outRoot: path.join(scratch, 'build') });
  });

  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  afterEach(async () => {
    await double?.close();
    await afterEachTest?.();
  });

  const started = (): GitHubDouble => {
    if (!double) throw new Error('start() the GitHub double first');
    return double;
  };

  const updatePullRequest = (number: number, repo: FixtureRepo): void => {
    const pull = started().state.pulls.get(number)!;
    pull.head.sha = repo.headSha;
    pull.base.sha = repo.baseSha;
    pull.files = repo.files;
  };

  return {
    async start(permissions) {
      double = await startGitHubDouble({ owner, repo: name, token: runnerToken, permissions });
      return double;
    },

    fixture: (change) => createFixtureRepo(path.join(scratch, `repo-${++steps}`), change),

    openPullRequest(repo, title) {
      const number = seedPullRequest(started().state, {
        headRef: 'feature',
        title,
        files: repo.files,
      });
      updatePullRequest(number, repo);
      return number;
    },

    updatePullRequest,

    pullRequestStep(number, action) {
      const payload = pullRequestEvent(started(), number, { action });
      return { name: 'pull_request', payload, ref: `refs/pull/${number}/merge` };
    },

    async runStep(repo, event, options = {}) {
      const id = ++steps;
      const runnerTemp = path.join(scratch, `runner-${id}`);
      await mkdir(runnerTemp, { recursive: true });
      const step = await prepareStep(action, {
        workspace: repo.dir,
        runnerTemp,
        ...(options.inputs && { inputs: options.inputs }),
        env: {
          GITHUB_API_URL: started().url,
          GITHUB_EVENT_NAME: event.name,
          GITHUB_EVENT_PATH: await writeEvent(`${runnerTemp}/event.json`, event.payload),
          GITHUB_REF: event.ref,
          GITHUB_SHA: event.name === 'pull_request' ? repo.mergeSha : repo.headSha,
          GITHUB_RUN_ID: String(9000 + id),
          ...options.env,
        },
      });
      const result = await runBundle(bundle, step, repo.dir);
      return {
        ...result,
        runUrl: `${context.serverUrl}/${context.repository}/actions/runs/${9000 + id}`,
        commands: workflowCommands(result.stdout),
        outputs: await step.outputs(),
        summary: await step.summary(),
      };
    },
  };
}
