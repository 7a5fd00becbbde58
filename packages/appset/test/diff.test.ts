import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type ApplicationSetSpec,
  effectivePolicy,
  fieldChanges,
  jqPathToPointer,
  nondeterministicFunctions,
  previewDiff,
} from '../src/index.ts';
import { addons, baseFiles, clusterSecret, element, twoRevisions, web } from './diff-fixture.ts';
import { commit, gitRepo } from './git-repo.ts';

const pullRequest = {
  // The mesh addon goes, logging comes.
  'addons/mesh/values.yaml': null,
  'addons/logging/values.yaml': 'a: 1\n',
  // web: blue's revision changes (ignored), green moves to prod-1, red goes (kept:
  // create-update), yellow comes.
  'argocd/web.yaml': web(
    [
      element('blue', 'dev-1', 'blue', 'v2'),
      element('green', 'prod-1', 'green'),
      element('yellow', 'staging-1', 'yellow'),
    ].join('\n'),
  ),
};

describe('previewDiff: base vs head with real git', () => {
  it('lists added, removed and changed Applications per ApplicationSet, sorted, with what the controller applies', async () => {
    const { root, baseSha, headSha } = await twoRevisions(pullRequest);

    const report = await previewDiff(root, { base: baseSha, head: headSha });

    expect(report.base.revision).toBe(baseSha);
    expect(report.totals).toEqual({
      applicationSets: 2,
      changedApplicationSets: 2,
      added: 3,
      removed: 3,
      changed: 2,
      unchanged: 2,
      errors: 0,
      frozen: 0,
    });
    const [addonsDiff, webDiff] = report.applicationSets;
    expect(addonsDiff).toMatchObject({
      name: 'addons',
      file: 'argocd/addons.yaml',
      line: 1,
      base: { status: 'ok', applications: 4 },
      head: { status: 'ok', applications: 4, errors: [], warnings: [] },
      policy: { applicationsSync: 'sync', from: 'default', allowDelete: true },
      unchanged: 2,
      changed: [],
      clusters: ['dev-1', 'prod-1'],
      stages: ['dev', 'production'],
    });
    expect(addonsDiff?.added).toEqual([
      {
        name: 'logging-dev-1',
        namespace: 'argocd',
        cluster: 'dev-1',
        destinationNamespace: 'logging',
        project: 'default',
        effect: 'created',
      },
      expect.objectContaining({ name: 'logging-prod-1', cluster: 'prod-1' }),
    ]);
    expect(addonsDiff?.removed.map((a) => [a.name, a.effect, a.deletesResources])).toEqual([
      ['mesh-dev-1', 'deleted', true],
      ['mesh-prod-1', 'deleted', true],
    ]);

    expect(webDiff?.policy).toMatchObject({
      applicationsSync: 'create-update',
      from: 'applicationSet',
      allowUpdate: true,
      allowDelete: false,
      ignoreApplicationDifferences: 1,
    });
    expect(webDiff?.removed).toEqual([
      expect.objectContaining({ name: 'web-red', effect: 'kept', deletesResources: false }),
    ]);
    expect(webDiff?.added.map((a) => [a.name, a.cluster])).toEqual([['web-yellow', 'staging-1']]);
    const [blue, green] = webDiff?.changed ?? [];
    expect(blue).toMatchObject({
      name: 'web-blue',
      effect: 'ignored',
      fields: [
        {
          path: '/spec/source/targetRevision',
          category: 'source',
          base: 'v1',
          head: 'v2',
          ignoredBy: 'ignoreApplicationDifferences',
        },
      ],
    });
    expect(green).toMatchObject({
      name: 'web-green',
      effect: 'updated',
      cluster: 'prod-1',
      movedFrom: { cluster: 'dev-1', destinationNamespace: 'green' },
      fields: [
        {
          path: '/spec/destination/server',
          category: 'destination',
          base: 'https://dev-1.example.com',
          head: 'https://prod-1.example.com',
        },
      ],
    });
  });

  it('puts the risks first: deletions with the finalizer, moves, production', async () => {
    const { root, baseSha, headSha } = await twoRevisions(pullRequest);
    const report = await previewDiff(root, { base: baseSha, head: headSha });
    expect(report.risks.map((r) => [r.kind, r.severity, r.applicationSet])).toEqual([
      ['deletes-resources', 'high', 'argocd/addons'],
      ['moves', 'high', 'argocd/web'],
      ['production', 'medium', undefined],
    ]);
    expect(report.risks[0]?.items).toEqual([
      'mesh-dev-1 (dev-1/mesh)',
      'mesh-prod-1 (prod-1/mesh)',
    ]);
    expect(report.risks[1]?.items).toEqual(['web-green: dev-1/green → prod-1/green']);
    expect(report.risks[2]?.message).toBe(
      '1 production cluster affected, by argocd/addons, argocd/web',
    );
    expect(report.risks[2]?.items).toEqual(['prod-1: +2 −1 ~0']);
  });

  it('gives the per-cluster view: what each cluster gains and loses', async () => {
    const { root, baseSha, headSha } = await twoRevisions(pullRequest);
    const report = await previewDiff(root, { base: baseSha, head: headSha });
    expect(report.clusters).toEqual([
      {
        cluster: 'dev-1',
        stage: 'dev',
        gains: [{ applicationSet: 'argocd/addons', application: 'logging-dev-1' }],
        loses: [
          { applicationSet: 'argocd/addons', application: 'mesh-dev-1', deletesResources: true },
          { applicationSet: 'argocd/web', application: 'web-green', deletesResources: false },
        ],
        changes: [],
      },
      {
        cluster: 'prod-1',
        stage: 'production',
        gains: [
          { applicationSet: 'argocd/addons', application: 'logging-prod-1' },
          { applicationSet: 'argocd/web', application: 'web-green' },
        ],
        loses: [
          { applicationSet: 'argocd/addons', application: 'mesh-prod-1', deletesResources: true },
        ],
        changes: [],
      },
      {
        cluster: 'staging-1',
        stage: 'staging',
        gains: [{ applicationSet: 'argocd/web', application: 'web-yellow' }],
        loses: [],
        changes: [],
      },
    ]);
  });

  it('shows a cluster label change through the clusters it selects', async () => {
    const { root, baseSha, headSha } = await twoRevisions({
      'clusters/staging-1.yaml': clusterSecret('staging-1', 'staging', '\n    addons: "on"'),
    });
    const report = await previewDiff(root, { base: baseSha, head: headSha });
    expect(report.clusters.map((c) => [c.cluster, c.gains.map((g) => g.application)])).toEqual([
      ['staging-1', ['dns-staging-1', 'mesh-staging-1']],
    ]);
    expect(report.risks).toEqual([]);
  });

  it('reports an ApplicationSet that errors at head as frozen, never as every Application removed', async () => {
    const { root, baseSha, headSha } = await twoRevisions({
      'argocd/addons.yaml': addons.replace("'{{.path.basename}}-{{.name}}'", "'{{.nope}}'"),
    });
    const report = await previewDiff(root, { base: baseSha, head: headSha });
    const [diff] = report.applicationSets;
    expect(diff).toMatchObject({
      name: 'addons',
      base: { status: 'ok', applications: 4 },
      head: { status: 'frozen', applications: 0 },
      added: [],
      removed: [],
      unchanged: 4,
    });
    // One render error per parameter set.
    expect(report.totals).toMatchObject({ frozen: 1, errors: 4, removed: 0 });
    expect(report.risks[0]).toMatchObject({ kind: 'frozen', severity: 'high' });
    expect(report.risks[0]?.message).toContain('map has no entry for key "nope"');
    expect(report.risks[0]?.message).toContain('changes none of its 4 Applications');
  });

  it('deletes every Application of an ApplicationSet removed at head, whatever its policy', async () => {
    const { root, baseSha, headSha } = await twoRevisions({ 'argocd/web.yaml': null });
    const report = await previewDiff(root, { base: baseSha, head: headSha });
    const web = report.applicationSets.find((d) => d.name === 'web');
    expect(web?.head.status).toBe('absent');
    expect(web?.removed.map((a) => [a.name, a.effect, a.deletesResources])).toEqual([
      ['web-blue', 'deleted', true],
      ['web-green', 'deleted', true],
      ['web-red', 'deleted', true],
    ]);
    expect(web?.notes[0]).toContain('owner references');
  });

  it('keeps the workloads of Applications generated with preserveResourcesOnDeletion', async () => {
    const preserving = addons.replace(
      '  template:\n',
      '  syncPolicy:\n    preserveResourcesOnDeletion: true\n  template:\n',
    );
    const { root, baseSha, headSha } = await twoRevisions(
      { 'addons/mesh/values.yaml': null },
      { ...baseFiles, 'argocd/addons.yaml': preserving },
    );
    const report = await previewDiff(root, { base: baseSha, head: headSha });
    expect(report.applicationSets[0]?.removed.map((a) => a.deletesResources)).toEqual([
      false,
      false,
    ]);
    expect(report.risks.map((r) => r.kind)).toEqual(['production']);
  });

  it('compares the working tree when no head is given, and flags empty generators and clock functions', async () => {
    const { root, headSha } = await twoRevisions({});
    await writeFile(
      join(root, 'argocd/addons.yaml'),
      addons
        .replace("namespace: '{{.path.basename}}'", "namespace: '{{.path.basename}}'\n  # x")
        .replace(
          "name: '{{.path.basename}}-{{.name}}'",
          "name: '{{.path.basename}}-{{.name}}'\n      annotations:\n        at: '{{ now | date \"2006\" }}'",
        )
        .replace('path: addons/*', 'path: nothing/*'),
    );
    const report = await previewDiff(root, { base: headSha });
    expect(report.head.revision).toBe('working tree');
    const kinds = report.risks.map((r) => r.kind);
    // Fleet-wide risks lead their severity.
    expect(kinds).toEqual([
      'deletes-resources',
      'production',
      'empty-generator',
      'nondeterministic',
    ]);
    expect(report.risks[2]?.items).toEqual(['generator 1 (matrix) produced no parameters']);
    expect(report.risks[3]?.items).toEqual(['now']);
  });

  it('names an unknown revision', async () => {
    const { root } = await twoRevisions({});
    await expect(previewDiff(root, { base: 'no-such-rev' })).rejects.toThrow(
      /git archive no-such-rev exited with 128: fatal: not a valid object name/,
    );
  });
});

describe("a git generator's own revision", () => {
  const pinned = (revision: string) => `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: pinned
  namespace: argocd
spec:
  goTemplate: true
  generators:
    - git:
        repoURL: https://github.com/example-org/fleet
        revision: ${revision}
        directories:
          - path: apps/*
  template:
    metadata:
      name: '{{.path.basename}}'
    spec:
      project: default
      source:
        repoURL: https://github.com/example-org/fleet
        targetRevision: HEAD
        path: '{{.path.path}}'
      destination:
        server: https://kubernetes.default.svc
        namespace: '{{.path.basename}}'
`;
  const identity = ['-c', 'user.email=test@example.com', '-c', 'user.name=test'];

  it('reads a tag at that tag, at base and head alike: files added after it change nothing', async () => {
    const root = await gitRepo({ 'argocd/pinned.yaml': pinned('v1'), 'apps/web/a.yaml': '' });
    execFileSync('git', ['-C', root, ...identity, 'tag', 'v1']);
    await mkdir(join(root, 'apps/api'), { recursive: true });
    await writeFile(join(root, 'apps/api/a.yaml'), '');
    commit(root, 'pull request');

    const report = await previewDiff(root, { base: 'v1', head: 'HEAD' });

    const [diff] = report.applicationSets;
    expect(diff).toMatchObject({ name: 'pinned', added: [], removed: [], changed: [] });
    expect(diff!.unchanged).toBe(1);
    expect(report.totals.added).toBe(0);
  });

  it('reads HEAD and the default branch at the previewed revision', async () => {
    const root = await gitRepo({ 'argocd/pinned.yaml': pinned('main'), 'apps/web/a.yaml': '' });
    const baseSha = execFileSync('git', ['-C', root, 'rev-parse', 'HEAD']).toString().trim();
    execFileSync('git', ['-C', root, 'checkout', '-q', '-b', 'feature']);
    await mkdir(join(root, 'apps/api'), { recursive: true });
    await writeFile(join(root, 'apps/api/a.yaml'), '');
    commit(root, 'pull request');

    const report = await previewDiff(root, { base: baseSha, head: 'HEAD' });

    expect(report.applicationSets[0]!.added.map((a) => a.name)).toEqual(['api']);
  });

  it('reports a revision git does not have as external, assumed unchanged', async () => {
    const root = await gitRepo({
      'argocd/pinned.yaml': pinned('release-9'),
      'apps/web/a.yaml': '',
    });
    const baseSha = execFileSync('git', ['-C', root, 'rev-parse', 'HEAD']).toString().trim();
    await mkdir(join(root, 'apps/api'), { recursive: true });
    await writeFile(join(root, 'apps/api/a.yaml'), '');
    commit(root, 'pull request');

    const report = await previewDiff(root, { base: baseSha, head: 'HEAD' });

    const [diff] = report.applicationSets;
    expect(diff).toMatchObject({ added: [], removed: [], changed: [] });
    expect(diff!.head.status).toBe('incomplete');
    expect(diff!.head.errors).toEqual([
      expect.objectContaining({
        kind: 'not-previewable',
        message: expect.stringContaining('external, assumed unchanged'),
      }),
    ]);
    expect(report.totals.errors).toBe(0);
  });
});

describe('what reaches the cluster', () => {
  const spec = (syncPolicy: Record<string, unknown>): ApplicationSetSpec => ({
    spec: { syncPolicy },
  });

  it.each([
    [{}, {}, 'sync', 'default', true, true],
    [{ applicationsSync: 'create-only' }, {}, 'create-only', 'applicationSet', false, false],
    [{ applicationsSync: 'create-delete' }, {}, 'create-delete', 'applicationSet', false, true],
    // An explicit --policy wins unless --enable-policy-override is given.
    [
      { applicationsSync: 'sync' },
      { policy: 'create-only' },
      'create-only',
      'controller',
      false,
      false,
    ],
    [
      { applicationsSync: 'sync' },
      { policy: 'create-only', policyOverride: true },
      'sync',
      'applicationSet',
      true,
      true,
    ],
    [{ applicationsSync: 'bogus' }, {}, 'sync', 'default', true, true],
  ] as const)(
    'applicationsSync %j with controller %j: %s',
    (syncPolicy, controller, policy, from, update, del) => {
      expect(effectivePolicy(spec(syncPolicy), controller)).toMatchObject({
        applicationsSync: policy,
        from,
        allowUpdate: update,
        allowDelete: del,
      });
    },
  );

  it('turns plain jq paths into JSON pointers and declines the rest', () => {
    expect(jqPathToPointer('.spec.source.targetRevision')).toBe('/spec/source/targetRevision');
    expect(jqPathToPointer('.metadata.annotations["a/b~c"]')).toBe('/metadata/annotations/a~1b~0c');
    expect(jqPathToPointer('.spec.sources[1].helm')).toBe('/spec/sources/1/helm');
    expect(jqPathToPointer('.spec.sources[] | select(.x)')).toBeUndefined();
  });

  it('diffs fields as pointers: maps by key, equal-length lists by index, other lists whole', () => {
    expect(
      fieldChanges(
        {
          metadata: { labels: { a: '1', 'x/y': '1' } },
          spec: { syncPolicy: { syncOptions: ['A'] } },
        },
        { metadata: { labels: { a: '2' } }, spec: { syncPolicy: { syncOptions: ['A', 'B'] } } },
      ),
    ).toEqual([
      { path: '/metadata/labels/a', category: 'labels', base: '1', head: '2' },
      { path: '/metadata/labels/x~1y', category: 'labels', base: '1' },
      {
        path: '/spec/syncPolicy/syncOptions',
        category: 'syncPolicy',
        base: ['A'],
        head: ['A', 'B'],
      },
    ]);
  });

  it('finds nondeterministic Sprig functions in goTemplate templates only, not in strings', () => {
    const appSet = (goTemplate: boolean, text: string): ApplicationSetSpec => ({
      spec: { goTemplate, template: { metadata: { name: text } } },
    });
    expect(nondeterministicFunctions(appSet(true, '{{ randAlphaNum 5 }}-{{ uuidv4 }}'))).toEqual([
      'randAlphaNum',
      'uuidv4',
    ]);
    expect(nondeterministicFunctions(appSet(true, '{{ printf "now" }} {{ .now }}'))).toEqual([]);
    expect(nondeterministicFunctions(appSet(false, '{{ now }}'))).toEqual([]);
  });
});
