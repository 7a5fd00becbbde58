// actions/appset-preview as the runner runs it on a pull request: dist/index.js built from
// this checkout's sources, started as a child process in a real git checkout of the example
// fleet (the PR's merge commit, the base commit in its history), the event payload in
// GITHUB_EVENT_PATH and GITHUB_API_URL at the GitHub double. The assertions read the
// step's outputs, its summary, the report files and the double's comments. The Actions
// results service double (ACTIONS_RESULTS_URL, ACTIONS_RUNTIME_TOKEN) takes the report
// artifact from the real @actions/artifact in the bundle and keeps its zip.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  type ArtifactServiceDouble,
  startArtifactService,
} from '../actions-runtime/artifact-service.ts';
import type { GitHubDouble, Permission, Scope } from '../github-api/index.ts';
import { type Change, edited, type FixtureRepo } from './fixture-repo.ts';
import { usePullRequestHarness } from './pull-request.ts';

const monitoring = 'management/argocd/applicationsets/platform-addons.yaml';
const marker = '<!-- fleetops:sticky:appset-preview -->';

/** The PR: monitoring leaves staging and moves to a new chart version in production. */
async function monitoringChange(dir: string): Promise<Change> {
  return {
    [monitoring]: await edited(dir, monitoring, (lines) =>
      lines
        .filter((line) => line.trim() !== '- staging')
        .map((line) => line.replace('targetRevision: 81.6.2', 'targetRevision: 82.0.0')),
    ),
  };
}

/** A PR that adds more ApplicationSets than one comment can show. */
async function manyApplicationSets(): Promise<Change> {
  const appSet = (i: number) => {
    const id = String(i).padStart(3, '0');
    return [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: ApplicationSet',
      'metadata:',
      `  name: team-${id}`,
      '  namespace: argocd',
      'spec:',
      '  generators:',
      '    - list:',
      '        elements:',
      ...['web', 'api', 'worker'].map((part) => `          - {part: ${part}}`),
      '  template:',
      '    metadata:',
      `      name: 'team-${id}-{{part}}'`,
      '    spec:',
      '      project: default',
      '      source: {repoURL: https://github.com/acme/fleet, path: teams, targetRevision: HEAD}',
      `      destination: {name: in-cluster, namespace: 'team-${id}'}`,
    ].join('\n');
  };
  const documents = Array.from({ length: 400 }, (_, i) => appSet(i));
  return { 'management/argocd/applicationsets/teams.yaml': `${documents.join('\n---\n')}\n` };
}

let double: GitHubDouble;
let results: ArtifactServiceDouble;

const harness = usePullRequestHarness(
  'appset-preview',
  'fleetops-action-appset-preview-',
  async () => {
    await results?.close();
    expect(results?.violations).toEqual([]);
  },
);

async function start(permissions?: Partial<Record<Scope, Permission>>): Promise<void> {
  double = await harness.start(permissions);
  results = await startArtifactService();
}

async function fixture(head: (dir: string) => Promise<Change>): Promise<FixtureRepo> {
  return harness.fixture({ base: {}, head });
}

function openPullRequest(repo: FixtureRepo): number {
  return harness.openPullRequest(repo, 'Change the fleet');
}

interface StepOptions {
  /** The workflow run's backend id: steps given the same one are jobs of one run. */
  run?: string;
  /** The results service variables instead of the double's (absent ones are unset). */
  resultsEnv?: Record<string, string>;
}

function runStep(
  repo: FixtureRepo,
  number: number,
  inputs: Record<string, string> = {},
  options: StepOptions = {},
) {
  return harness.runStep(repo, harness.pullRequestStep(number, 'opened'), {
    // The example fleet's git generators name its GitHub repository; the checkout has no remote.
    inputs: { 'repo-urls': 'https://github.com/example-org/fleet', ...inputs },
    env: options.resultsEnv ?? results.jobEnv(options.run ?? randomUUID()),
  });
}

describe('appset-preview action on a pull_request event', () => {
  it('comments the risks and the diff once, edits the comment in place, and sets its outputs', async () => {
    await start();
    const repo = await fixture(monitoringChange);
    const number = openPullRequest(repo);

    const first = await runStep(repo, number);

    expect(first.stderr).toBe('');
    expect(first.exitCode).toBe(0);
    expect(first.outputs).toMatchObject({
      added: '0',
      removed: '2',
      changed: '2',
      errors: '0',
      frozen: '0',
    });
    const [comment, ...more] = double.state.commentsOn(number);
    expect(more).toEqual([]);
    const body = comment?.body ?? '';
    expect(body.startsWith(`${marker}\n### fleetops appset preview: +0 −2 ~2 Applications`)).toBe(
      true,
    );
    expect(body).toContain(
      '**argocd/platform-monitoring**: 2 Applications deleted with the resources finalizer',
    );
    expect(body).toContain('staging-eu-west-1-monitoring (staging-eu-west-1/monitoring)');
    expect(body).toContain('🟠 2 production clusters affected, by argocd/platform-monitoring');
    // A value that starts like an ordered list item is escaped at its dot.
    expect(body).toContain('| /spec/source/targetRevision | 81&#46;6.2 | 82&#46;0.0 | applied |');
    expect(body.length).toBeLessThan(65_536);
    // The comment's html_url, whatever the double makes it.
    expect(first.outputs['comment-url']).toMatch(/^https?:\/\//);
    expect(first.summary).toContain('### fleetops appset preview: +0 −2 ~2 Applications');
    const json = JSON.parse(await readFile(first.outputs['report-file'] ?? '', 'utf8'));
    expect(json.base.revision).toBe(repo.baseSha);
    expect(json.head.revision).toBe('working tree');
    expect(await readFile(first.outputs['markdown-file'] ?? '', 'utf8')).toBe(first.summary);

    const second = await runStep(repo, number);
    expect(second.exitCode).toBe(0);
    const comments = double.state.commentsOn(number);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.id).toBe(comment?.id);
  });

  it('says "no ApplicationSet change" when the pull request changes no Application', async () => {
    await start();
    const repo = await fixture(async () => ({ 'README.md': 'another readme\n' }));
    const number = openPullRequest(repo);

    const step = await runStep(repo, number);

    expect(step.exitCode).toBe(0);
    expect(step.outputs).toMatchObject({ added: '0', removed: '0', changed: '0', errors: '0' });
    const [comment] = double.state.commentsOn(number);
    expect(comment?.body).toMatch(
      /^<!-- fleetops:sticky:appset-preview -->\n### fleetops appset preview: no ApplicationSet change\n/,
    );
  });

  it('cuts the comment under GitHub’s limit and keeps every Application in the summary', async () => {
    await start();
    const repo = await fixture(manyApplicationSets);
    const number = openPullRequest(repo);

    const step = await runStep(repo, number);

    expect(step.exitCode).toBe(0);
    expect(step.outputs.added).toBe('1200');
    const body = double.state.commentsOn(number)[0]?.body ?? '';
    expect(body.length).toBeLessThanOrEqual(65_536);
    // The note links the run's page, which shows the job summary, and the artifact.
    const artifact = results.artifacts[0];
    expect(step.outputs['artifact-id']).toBe(String(artifact?.id));
    expect(
      body.endsWith(
        `sections left out to stay under GitHub's 65,536-character limit. The full report is in [the job summary](${step.runUrl}) and in [the artifact appset-preview](${step.runUrl}/artifacts/${artifact?.id})._`,
      ),
    ).toBe(true);
    expect(results.files(artifact?.id)['appset-preview.md']).toContain(
      '| team-399-worker | in-cluster/team-399 | default |',
    );
    // Whole sections only: every <details> that opens also closes.
    expect(body.split('<details>').length).toBe(body.split('</details>').length);
    expect(body).toContain('…and 350 more ApplicationSets.');
    expect(body).not.toContain('team-399');
    expect(step.summary).toContain('| team-399-worker | in-cluster/team-399 | default |');
  });

  it('uploads the report files as the artifact appset-preview and names it in the outputs', async () => {
    await start();
    const repo = await fixture(monitoringChange);
    const number = openPullRequest(repo);

    const step = await runStep(repo, number, { 'retention-days': '7' });

    expect(step.exitCode).toBe(0);
    expect(step.commands.warning).toBeUndefined();
    const [artifact, ...more] = results.artifacts;
    expect(more).toEqual([]);
    expect(artifact).toMatchObject({ name: 'appset-preview', mimeType: 'application/zip' });
    expect(step.outputs).toMatchObject({
      'artifact-id': String(artifact?.id),
      'artifact-name': 'appset-preview',
      'artifact-url': `${step.runUrl}/artifacts/${artifact?.id}`,
    });
    // The zip holds the two report files at its root, exactly as written.
    expect(results.files(artifact?.id)).toEqual({
      'appset-preview.json': await readFile(step.outputs['report-file'] ?? '', 'utf8'),
      'appset-preview.md': step.summary,
    });
    const days = ((artifact?.expiresAt?.getTime() ?? 0) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    // A comment that fits whole needs no link.
    expect(double.state.commentsOn(number)[0]?.body).not.toContain('artifact');
  });

  it('gives another job of the same run (a matrix leg) appset-preview-2', async () => {
    await start();
    const repo = await fixture(monitoringChange);
    const number = openPullRequest(repo);
    const run = randomUUID();

    const first = await runStep(repo, number, {}, { run });
    const second = await runStep(repo, number, {}, { run });

    expect(first.outputs['artifact-name']).toBe('appset-preview');
    expect(second.outputs['artifact-name']).toBe('appset-preview-2');
    expect(second.stdout).toContain(
      'An artifact named appset-preview exists in this workflow run; trying appset-preview-2.',
    );
    expect(second.commands.warning).toBeUndefined();
    expect(results.artifacts.map((artifact) => artifact.name)).toEqual([
      'appset-preview',
      'appset-preview-2',
    ]);
  });

  it('warns when the artifact cannot be uploaded and still comments, with the same outcome', async () => {
    await start();
    const repo = await fixture(monitoringChange);
    const number = openPullRequest(repo);

    // The results service is down: nothing listens at ACTIONS_RESULTS_URL.
    const down = await runStep(repo, number, {}, { resultsEnv: await unreachableResults() });
    // The results service refuses: the storage quota is used up.
    results.fail({
      on: 'CreateArtifact',
      answer: { twirp: 'failed_precondition', msg: 'insufficient usage to create artifact' },
    });
    const refused = await runStep(repo, number);
    // Not in a GitHub Actions job: no results service variables at all.
    const outside = await runStep(repo, number, {}, { resultsEnv: {} });

    for (const step of [down, refused, outside]) {
      expect(step.stderr).toBe('');
      expect(step.exitCode).toBe(0);
      expect(step.outputs).toMatchObject({ added: '0', removed: '2', changed: '2' });
      expect(step.outputs['artifact-id']).toBeUndefined();
      expect(step.outputs['comment-url']).toMatch(/^https?:\/\//);
      expect(step.summary).toContain('### fleetops appset preview: +0 −2 ~2 Applications');
    }
    expect(down.commands.warning).toEqual([
      expect.stringMatching(
        /^::warning::The report artifact appset-preview was not uploaded: Failed to CreateArtifact: Unable to make request: ECONNREFUSED%0A/,
      ),
    ]);
    expect(refused.commands.warning).toEqual([
      expect.stringMatching(
        /^::warning::The report artifact appset-preview was not uploaded: Failed to CreateArtifact: Artifact storage quota has been hit\./,
      ),
    ]);
    expect(outside.commands.warning).toEqual([
      '::warning::The report artifact appset-preview was not uploaded: not running in a GitHub Actions job (ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL are not set). The full report is in the job summary.',
    ]);
    expect(double.state.commentsOn(number)).toHaveLength(1);
    expect(results.artifacts).toEqual([]);
  });

  it('uploads nothing with upload-artifact: false', async () => {
    await start();
    const repo = await fixture(monitoringChange);
    const number = openPullRequest(repo);

    const step = await runStep(repo, number, { 'upload-artifact': 'false' });

    expect(step.exitCode).toBe(0);
    expect(results.calls).toEqual([]);
    expect(results.storage.requests).toEqual([]);
    expect(step.commands.warning).toBeUndefined();
    expect(step.outputs['artifact-id']).toBeUndefined();
    expect(double.state.commentsOn(number)).toHaveLength(1);
  });

  it('names the input of a bad artifact name or retention', async () => {
    await start();
    const repo = await fixture(monitoringChange);
    const number = openPullRequest(repo);

    const name = await runStep(repo, number, { 'artifact-name': 'preview/prod' });
    const days = await runStep(repo, number, { 'retention-days': 'a week' });

    expect(name.exitCode).toBe(1);
    expect(name.commands.error?.[0]).toContain("Input 'artifact-name' contains '/'");
    expect(days.exitCode).toBe(1);
    expect(days.commands.error?.[0]).toContain(
      "Input 'retention-days' must be a whole number of days, or 0 for the repository's setting; got 'a week'.",
    );
  });

  it('fails on a frozen ApplicationSet only with fail-on-errors', async () => {
    await start();
    const repo = await fixture(async (dir) => ({
      [monitoring]: await edited(dir, monitoring, (lines) =>
        lines.map((line) => line.replace("'{{.name}}-monitoring'", "'{{.nope}}-monitoring'")),
      ),
    }));
    const number = openPullRequest(repo);

    const lenient = await runStep(repo, number);
    expect(lenient.exitCode).toBe(0);
    expect(lenient.outputs).toMatchObject({ frozen: '1', removed: '0' });
    expect(double.state.commentsOn(number)[0]?.body).toContain('frozen');

    const strict = await runStep(repo, number, { 'fail-on-errors': 'true' });
    expect(strict.exitCode).toBe(1);
    expect(strict.commands.error?.at(-1)).toMatch(
      /^::error::fleetops appset preview: \d+ generation errors? at head; 1 ApplicationSet frozen \(fail-on-errors: true\)\.$/,
    );
  });

  it('does not fail on validation errors alone, even with fail-on-errors', async () => {
    await start();
    // Every cluster's monitoring Application gets the same name: all copies are dropped.
    const repo = await fixture(async (dir) => ({
      [monitoring]: await edited(dir, monitoring, (lines) =>
        lines.map((line) => line.replace("'{{.name}}-monitoring'", "'monitoring'")),
      ),
    }));
    const number = openPullRequest(repo);

    const strict = await runStep(repo, number, { 'fail-on-errors': 'true' });
    expect(strict.outputs).toMatchObject({ frozen: '0' });
    expect(Number(strict.outputs.errors)).toBeGreaterThan(0);
    expect(strict.exitCode).toBe(0);
    expect(strict.commands.error).toBeUndefined();
  });

  it('leaves the summary with a notice when the token may not comment', async () => {
    await start({ issues: 'read', pull_requests: 'read', contents: 'read' });
    const repo = await fixture(monitoringChange);
    const number = openPullRequest(repo);

    const step = await runStep(repo, number);

    expect(step.exitCode).toBe(0);
    expect(double.state.commentsOn(number)).toEqual([]);
    expect(step.commands.notice?.[0]).toContain(`Cannot comment on pull request #${number}`);
    expect(step.summary).toContain('### fleetops appset preview: +0 −2 ~2 Applications');
  });

  it('takes git-file-globbing pathspec or doublestar, and names the input on another value', async () => {
    await start();
    const repo = await fixture(monitoringChange);
    const number = openPullRequest(repo);

    const doublestar = await runStep(repo, number, { 'git-file-globbing': 'doublestar' });
    expect(doublestar.exitCode).toBe(0);
    const wrong = await runStep(repo, number, { 'git-file-globbing': 'glob' });
    expect(wrong.exitCode).toBe(1);
    expect(wrong.commands.error?.[0]).toContain(
      "Input 'git-file-globbing' must be one of pathspec, doublestar; got 'glob'.",
    );
  });

  it('names the fix when the base commit is not in the checkout', async () => {
    await start();
    const repo = await fixture(monitoringChange);
    const number = openPullRequest(repo);

    const step = await runStep(repo, number, { base: '0'.repeat(40) });

    expect(step.exitCode).toBe(1);
    expect(step.commands.error?.[0]).toContain('use actions/checkout with fetch-depth: 0');
  });
});

/** ACTIONS_RESULTS_URL at a loopback port nothing listens on, and a runtime token. */
async function unreachableResults(): Promise<Record<string, string>> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return { ...results.jobEnv(), ACTIONS_RESULTS_URL: `http://127.0.0.1:${port}/` };
}
