import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { clusterSecret } from '@fleetops/test/argocd';
import { commit, gitRepo, revParse } from '@fleetops/test/git';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/io.ts';
import { appset } from './appset-command.ts';
import { memoryIo } from './memory-io.ts';

const appSet = `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: addons
  namespace: argocd
spec:
  goTemplate: true
  generators:
    - matrix:
        generators:
          - clusters:
              selector:
                matchExpressions:
                  - {key: stage, operator: Exists}
          - git:
              repoURL: https://github.com/org/fleet
              revision: HEAD
              directories:
                - path: addons/*
  template:
    metadata:
      name: '{{.path.basename}}-{{.name}}'
    spec:
      project: default
      source:
        repoURL: https://github.com/org/fleet
        targetRevision: main
        path: '{{.path.path}}'
      destination:
        name: '{{.name}}'
        namespace: '{{.path.basename}}'
`;

/** A repository on `main` with two addons on two clusters, and a commit that drops one. */
async function fleet(): Promise<{ root: string; base: string; head: string }> {
  const root = await gitRepo(
    {
      'argocd/addons.yaml': appSet,
      'clusters/prod-1.yaml': clusterSecret('prod-1', { stage: 'production' }),
      'clusters/dev-1.yaml': clusterSecret('dev-1', { stage: 'dev' }),
      'addons/dns/values.yaml': 'a: 1\n',
      'addons/mesh/values.yaml': 'a: 1\n',
    },
    'https://github.com/org/fleet.git',
  );
  const base = revParse(root);
  await rm(join(root, 'addons/mesh'), { recursive: true });
  await writeFile(
    join(root, 'argocd/addons.yaml'),
    appSet.replace('targetRevision: main', 'targetRevision: v2'),
  );
  commit(root, 'head');
  return { root, base, head: revParse(root) };
}

describe('fleetops appset diff', () => {
  it('prints the diff of two revisions as JSON', async () => {
    const { root, base, head } = await fleet();
    const io = memoryIo(root);
    expect(await appset(io, ['diff', '--base', base, '--head', head, '--format', 'json'])).toBe(0);
    const report = JSON.parse(io.out());
    expect(report.base).toEqual({ revision: base });
    expect(report.totals).toMatchObject({ added: 0, removed: 2, changed: 2, unchanged: 0 });
    const [diff] = report.applicationSets;
    expect(diff.removed.map((a: { name: string }) => a.name)).toEqual([
      'mesh-dev-1',
      'mesh-prod-1',
    ]);
    expect(diff.changed[0]).toMatchObject({
      name: 'dns-dev-1',
      effect: 'updated',
      fields: [{ path: '/spec/source/targetRevision', base: 'main', head: 'v2' }],
    });
    expect(report.risks.map((r: { kind: string }) => r.kind)).toEqual([
      'deletes-resources',
      'production',
    ]);
  });

  it('prints text by default, risks first, against the working tree', async () => {
    const { root, base } = await fleet();
    // prod-1 leaves the fleet: its Applications go, and their finalizer is dropped.
    await writeFile(join(root, 'clusters/prod-1.yaml'), '');
    const io = memoryIo(root);
    expect(await appset(io, ['diff', '--base', base])).toBe(0);
    expect(io.out()).toBe(
      [
        `${base.slice(0, 7)} → working tree: +0 −3 ~1 Applications in 1 ApplicationSet, 0 unchanged`,
        '',
        'Risks:',
        '  HIGH argocd/addons: 1 Application deleted with the resources finalizer: Argo CD deletes every resource it deployed',
        '    mesh-dev-1 (dev-1/mesh)',
        '  MEDIUM 1 production cluster affected, by argocd/addons',
        '    prod-1: +0 −2 ~0',
        '',
        'argocd/addons (argocd/addons.yaml:1) [sync]: +0 −3 ~1, 0 unchanged',
        '  - dns-prod-1 ← prod-1/dns (deleted, resources kept)',
        '  - mesh-dev-1 ← dev-1/mesh (deleted with its resources)',
        '  - mesh-prod-1 ← prod-1/mesh (deleted, resources kept)',
        '  ~ dns-dev-1 → dev-1/dns',
        '      /spec/source/targetRevision: "main" → "v2"',
        '',
        'Clusters:',
        '  dev-1 (dev): +0 −1 ~1',
        '  prod-1 (production): +0 −2 ~0',
        '',
      ].join('\n'),
    );
  });

  it('prints Markdown with a collapsible section per ApplicationSet', async () => {
    const { root, base, head } = await fleet();
    const io = memoryIo(root);
    await appset(io, ['diff', '--base', base, '--head', head, '-f', 'markdown']);
    expect(io.out()).toMatch(
      /^### fleetops appset preview: \+0 −2 ~2 Applications in 1 ApplicationSet\n/,
    );
    // Names are escaped even in the summary line: `:` and `~` as character references.
    expect(io.out()).toContain('<details><summary>argocd/addons&#58; +0 −2 &#126;2</summary>');
  });

  it('honours the controller policy: create-update keeps removed Applications', async () => {
    const { root, base, head } = await fleet();
    const io = memoryIo(root);
    await appset(io, [
      'diff',
      '--base',
      base,
      '--head',
      head,
      '--controller-policy',
      'create-update',
      '-f',
      'json',
    ]);
    const report = JSON.parse(io.out());
    expect(report.applicationSets[0].policy).toMatchObject({
      applicationsSync: 'create-update',
      from: 'controller',
    });
    expect(report.applicationSets[0].removed[0].effect).toBe('kept');
    expect(report.risks).toEqual([expect.objectContaining({ kind: 'production' })]);
  });

  it('exits 1 when an ApplicationSet is frozen at head', async () => {
    const { root, base } = await fleet();
    await writeFile(
      join(root, 'argocd/addons.yaml'),
      appSet.replace('{{.name}}', '{{.name | nosuchfunc}}'),
    );
    const io = memoryIo(root);
    expect(await appset(io, ['diff', '--base', base])).toBe(1);
    expect(io.out()).toContain('HIGH argocd/addons: frozen:');
    expect(io.out()).toContain('FROZEN (');
  });

  it('names a revision git does not know as a usage error', async () => {
    const { root } = await fleet();
    await expect(appset(memoryIo(root), ['diff', '--base', 'nope'])).rejects.toThrow(UsageError);
    await expect(appset(memoryIo(root), ['diff', '--base', 'nope'])).rejects.toThrow(
      /cannot read the revisions with git \(git archive nope exited with 128: fatal: not a valid object name/,
    );
  });

  it('requires --base', async () => {
    const { root } = await fleet();
    await expect(appset(memoryIo(root), ['diff'])).rejects.toThrow(
      "required option '--base <rev>' not specified",
    );
  });
});
