import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type ApplicationSetSpec,
  expandApplicationSet,
  type GenerateOptions,
  generateParams,
  NotPreviewableError,
  slug,
} from '../src/index.ts';

/** A GitHub `pull_request` webhook payload as the runner writes it to GITHUB_EVENT_PATH. */
const event = JSON.parse(
  readFileSync(new URL('./fixtures/pull-request-event.json', import.meta.url), 'utf8'),
) as { pull_request: Record<string, unknown> } & Record<string, unknown>;

const github = { owner: 'acme', repo: 'fleet', tokenRef: { secretName: 'gh', key: 'token' } };
const go: GenerateOptions = { goTemplate: true, pullRequestEvent: event };
const fast: GenerateOptions = { goTemplate: false, pullRequestEvent: event };

/** The event with some pull request fields replaced. */
function withPull(fields: Record<string, unknown>) {
  return { ...event, pull_request: { ...event.pull_request, ...fields } };
}

describe('pull request generator from the pull_request event', () => {
  it('yields the parameter set Argo CD builds for the pull request (goTemplate)', async () => {
    const params = await generateParams({ pullRequest: { github } }, go);
    expect(params).toEqual([
      {
        number: '1347',
        title: 'feat(monitoring): Prometheus 82 & new alert routes',
        branch: 'Feature/Prometheus_82',
        branch_slug: 'feature-prometheus-82',
        target_branch: 'main',
        target_branch_slug: 'main',
        head_sha: 'e5bd3914e2e596debea16f433f57875b5b90bcd6',
        head_short_sha: 'e5bd3914',
        head_short_sha_7: 'e5bd391',
        author: 'Octo_Cat',
        labels: ['preview', 'area/monitoring'],
      },
    ]);
  });

  it('has no labels in fasttemplate mode, as Argo CD', async () => {
    const [params] = await generateParams({ pullRequest: { github } }, fast);
    expect(params).not.toHaveProperty('labels');
    expect(params!.number).toBe('1347');
  });

  it.each([
    { name: 'branchMatch', filters: [{ branchMatch: '^Feature/' }], count: 1 },
    { name: 'branchMatch missing', filters: [{ branchMatch: '^release-' }], count: 0 },
    { name: 'targetBranchMatch', filters: [{ targetBranchMatch: 'main' }], count: 1 },
    { name: 'titleMatch anywhere', filters: [{ titleMatch: 'Prometheus \\d+' }], count: 1 },
    {
      name: 'every match of one filter must hold',
      filters: [{ branchMatch: '^Feature/', titleMatch: '^fix' }],
      count: 0,
    },
    {
      name: 'any filter may match',
      filters: [{ branchMatch: '^release-' }, { titleMatch: '^feat' }],
      count: 1,
    },
  ])('filters: $name', async ({ filters, count }) => {
    expect(await generateParams({ pullRequest: { github, filters } }, go)).toHaveLength(count);
  });

  it('a broken filter regexp is a generation error', async () => {
    await expect(
      generateParams({ pullRequest: { github, filters: [{ titleMatch: '(' }] } }, go),
    ).rejects.toThrow(/^error listing repos: error compiling TitleMatch regexp "\(": /);
  });

  it.each([
    { name: 'every label present', labels: ['preview'], count: 1 },
    { name: 'a label missing', labels: ['preview', 'deploy'], count: 0 },
  ])('github.labels: $name', async ({ labels, count }) => {
    const params = await generateParams({ pullRequest: { github: { ...github, labels } } }, go);
    expect(params).toHaveLength(count);
  });

  it('a closed pull request is not listed (go-github lists open ones)', async () => {
    const closed = withPull({ state: 'closed', merged: true });
    expect(
      await generateParams({ pullRequest: { github } }, { ...go, pullRequestEvent: closed }),
    ).toEqual([]);
  });

  it.each([
    { name: 'no event', generator: { github }, options: { goTemplate: true } },
    { name: 'another repository', generator: { github: { ...github, repo: 'apps' } }, options: go },
    { name: 'another provider', generator: { gitlab: { project: '42' } }, options: go },
    {
      name: 'another GitHub API',
      generator: { github: { ...github, api: 'https://ghe.acme.test/api/v3' } },
      options: go,
    },
  ])('stays dynamic: $name', async ({ generator, options }) => {
    await expect(generateParams({ pullRequest: generator }, options)).rejects.toBeInstanceOf(
      NotPreviewableError,
    );
  });

  it('owner and repository compare case-insensitively, as GitHub does', async () => {
    const upper = { ...github, owner: 'ACME', repo: 'Fleet' };
    expect(await generateParams({ pullRequest: { github: upper } }, go)).toHaveLength(1);
  });

  it('values are rendered from Argo CD 3.0 on, ignored before', async () => {
    const generator = { pullRequest: { github, values: { env: 'pr-{{ .number }}' } } };
    const [latest] = await generateParams(generator, go);
    expect(latest!.values).toEqual({ env: 'pr-1347' });
    const [old] = await generateParams(generator, { ...go, argocdVersion: '2.14' });
    expect(old).not.toHaveProperty('values');
  });

  it('renders one preview Application per pull request', async () => {
    const appSet: ApplicationSetSpec = {
      metadata: { name: 'previews', namespace: 'argocd' },
      spec: {
        goTemplate: true,
        goTemplateOptions: ['missingkey=error'],
        generators: [{ pullRequest: { github, filters: [{ targetBranchMatch: '^main$' }] } }],
        template: {
          metadata: { name: 'preview-{{ .branch_slug }}-{{ .number }}' },
          spec: {
            project: 'default',
            source: { repoURL: 'https://github.com/acme/fleet', targetRevision: '{{ .head_sha }}' },
            destination: {
              server: 'https://kubernetes.default.svc',
              namespace: 'pr-{{ .number }}',
            },
          },
        },
      },
    };
    const result = await expandApplicationSet(appSet, { pullRequestEvent: event });
    expect(result.status).toBe('ok');
    expect(result.applications.map((a) => a.metadata.name)).toEqual([
      'preview-feature-prometheus-82-1347',
    ]);
    expect(result.applications[0]!.spec.source).toMatchObject({
      targetRevision: 'e5bd3914e2e596debea16f433f57875b5b90bcd6',
    });
    const offline = await expandApplicationSet(appSet, {});
    expect(offline.status).toBe('incomplete');
    expect(offline.errors[0]!.message).toBe(
      'pullRequest generator: dynamic — not previewable offline',
    );
  });
});

describe('slug (gosimple/slug as Argo CD sets it up)', () => {
  it.each([
    ['Feature/Prometheus_82', 'feature-prometheus-82'],
    ['  fix--double__underscore  ', 'fix-double-underscore'],
    ['R&D@home', 'randdathome'],
    ['café/Ünïcode', 'cafe-unicode'],
    ['-leading/and/trailing-', 'leading-and-trailing'],
    // Cut at the last dash within 50 characters: 13 are left for a suffix (RFC 1123).
    [
      'renovate/some-really-long-dependency-name-that-goes-on-and-on-forever',
      'renovate-some-really-long-dependency-name-that',
    ],
    ['a'.repeat(60), 'a'.repeat(50)],
  ])('%s → %s', (input, expected) => {
    expect(slug(input)).toBe(expected);
  });
});
