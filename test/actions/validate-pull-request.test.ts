// actions/validate as the runner runs it on a pull request, as check-pull-request.test.ts
// runs actions/check: dist/index.js built from this checkout's sources, started as a child
// process in a real git checkout (the PR's merge commit), the event payload in
// GITHUB_EVENT_PATH and GITHUB_API_URL at the GitHub double, which checks every request
// against GitHub's OpenAPI description. Schemas are the real upstream ones in
// ../shared/schemas, read in place (offline). The assertions read the step's outputs, its
// summary and the double's state.
import { describe, expect, it } from 'vitest';
import type { GitHubDouble } from '../github-api/index.ts';
import type { Change, FixtureRepo } from './fixture-repo.ts';
import { invalidDeployment, invalidDeploymentLine, schemaLocations } from './manifests.ts';
import { usePullRequestHarness } from './pull-request.ts';
import { context } from './runner.ts';

/** The PR adds a Deployment whose replicas is a string: a schema error on `webLine`. */
const web = 'clusters/dev-eu-west-1/addons/web.yaml';
const webLine = invalidDeploymentLine;
const head = async (): Promise<Change> => ({ [web]: invalidDeployment });

let double: GitHubDouble;
const harness = usePullRequestHarness('validate', 'fleetops-action-validate-pr-');

/** One step of the action in the fixture's checkout, for a pull_request event. */
function runStep(repo: FixtureRepo, number: number) {
  return harness.runStep(repo, harness.pullRequestStep(number, 'opened'), {
    inputs: { paths: 'clusters\nmanagement', 'schema-locations': schemaLocations, offline: 'true' },
  });
}

const where = (comment: { path: string; line: number }) => `${comment.path}:${comment.line}`;

describe('validate action on a pull_request event', () => {
  it('comments on the changed line once, keeps one sticky comment, and re-runs without a write', async () => {
    double = await harness.start();
    const repo = await harness.fixture({ base: {}, head });
    const number = harness.openPullRequest(repo, 'Add web to dev-eu-west-1');

    const first = await runStep(repo, number);

    expect(first.stderr).toBe('');
    expect(first.exitCode).toBe(1);
    // The one finding is a review comment, so no workflow annotation repeats it.
    expect(first.commands.error).toEqual(['::error::fleetops validate found 1 invalid resource.']);
    const [sticky, ...more] = double.state.commentsOn(number);
    expect(more).toEqual([]);
    expect(sticky?.body).toBe(
      [
        '<!-- fleetops:sticky:validate -->',
        '### fleetops validate: 1 error, 0 warnings, 0 notes',
        '',
        `As of ${repo.headSha.slice(0, 7)}. 1 finding on lines this pull request changes is a review comment there.`,
      ].join('\n'),
    );
    expect(double.state.reviews).toHaveLength(1);
    expect(double.state.reviews[0]?.commitId).toBe(repo.headSha);
    const comments = double.state.reviewCommentsOn(number);
    expect(comments.map(where)).toEqual([`${web}:${webLine}`]);
    expect(comments[0]).toMatchObject({ side: 'RIGHT', commitId: repo.headSha, startLine: null });
    expect(comments[0]?.body).toContain('[validate/schema]');
    expect(comments[0]?.body).toContain(
      'Deployment web&#58; /spec/replicas&#58; got string, want null or integer',
    );
    expect(first.outputs).toEqual({
      valid: '103',
      invalid: '1',
      errors: '0',
      skipped: '0',
      files: '37',
      // The comment's html_url, whatever the double makes it.
      'comment-url': expect.stringMatching(/^https?:\/\//),
    });
    // The per-kind table heads the summary; the findings report and the PR line follow.
    expect(first.summary).toMatch(
      /^## fleetops validate: 104 resources in 37 files\n\n❌ 103 valid, 1 invalid, 0 errors, 0 skipped\./,
    );
    expect(first.summary).toContain('| Deployment | apps/v1 | 7 | 6 | 1 | 0 | 0 |');
    expect(first.summary).toContain('| **Total** | | **104** | **103** | **1** | **0** | **0** |');
    expect(first.summary).toContain('## fleetops: 1 error, 0 warnings');
    expect(first.summary).toContain(
      `(${context.serverUrl}/${context.repository}/blob/${repo.mergeSha}/${web}#L${webLine})`,
    );
    expect(first.summary).toContain(
      `Pull request #${number}: every finding is a review comment on a changed line.`,
    );
    expect(double.operations()).toEqual([
      'pulls/list-files',
      'issues/list-comments',
      'issues/create-comment',
      'pulls/get',
      'pulls/list-review-comments',
      'pulls/create-review',
    ]);
    expect(double.violations).toEqual([]);

    // A re-run of the workflow writes nothing: the sticky comment and the review stand.
    const writes = () =>
      double.requests.filter((r) => r.method !== 'GET' && !r.fault).map((r) => r.operationId);
    const before = { writes: writes(), sticky: sticky?.updatedAt };
    const again = await runStep(repo, number);

    expect(again.stderr).toBe('');
    expect(again.exitCode).toBe(1);
    expect(writes()).toEqual(before.writes);
    expect(double.state.commentsOn(number)).toHaveLength(1);
    expect(double.state.commentsOn(number)[0]?.updatedAt).toBe(before.sticky);
    expect(double.state.reviews).toHaveLength(1);
    expect(double.state.reviewCommentsOn(number)).toHaveLength(1);
    expect(again.outputs['comment-url']).toBe(first.outputs['comment-url']);
    expect(double.violations).toEqual([]);
  }, 60_000);
});
