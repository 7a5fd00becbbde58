import { clusterSecret } from '@fleetops/test/argocd';
import { gitRepo as committedRepo } from '@fleetops/test/git';
import { writeTree } from '@fleetops/test/tree';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/io.ts';
import { appset } from './appset-command.ts';
import { memoryIo } from './memory-io.ts';

const gitRepo = (files: Record<string, string>) =>
  committedRepo(files, 'https://github.com/org/fleet.git');

const appSet = `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: addons
  namespace: argocd
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
    - matrix:
        generators:
          - clusters:
              selector:
                matchLabels:
                  stage: prod
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
        path: '{{.path.path}}'
      destination:
        name: '{{.name}}'
        namespace: '{{.path.basename}}'
`;

describe('fleetops appset render', () => {
  it('prints every ApplicationSet with its Applications as JSON', async () => {
    const root = await gitRepo({
      'argocd/addons.yaml': appSet,
      'clusters/prod-1.yaml': clusterSecret('prod-1', { stage: 'prod' }),
      'clusters/dev-1.yaml': clusterSecret('dev-1', { stage: 'dev' }),
      'addons/dns/values.yaml': 'a: 1\n',
      'addons/mesh/values.yaml': 'a: 1\n',
    });
    const io = memoryIo(root);
    expect(await appset(io, ['render', '--format', 'json'])).toBe(0);
    const output = JSON.parse(io.out());
    expect(output.applicationSets).toHaveLength(1);
    const [preview] = output.applicationSets;
    expect(preview).toMatchObject({
      name: 'addons',
      namespace: 'argocd',
      file: 'argocd/addons.yaml',
      status: 'ok',
      errors: [],
      warnings: [],
    });
    expect(
      preview.applications.map((a: { metadata: { name: string } }) => a.metadata.name),
    ).toEqual(['dns-prod-1', 'mesh-prod-1']);
    expect(preview.applications[0].spec.destination).toEqual({ name: 'prod-1', namespace: 'dns' });
  });

  it('reports a frozen ApplicationSet in text with exit 1, never as 0 applications', async () => {
    const broken = appSet.replace(
      "'{{.path.basename}}-{{.name}}'",
      "'{{.path.basename}}-{{.nope}}'",
    );
    const root = await gitRepo({
      'argocd/addons.yaml': broken,
      'clusters/prod-1.yaml': clusterSecret('prod-1', { stage: 'prod' }),
      'addons/dns/values.yaml': 'a: 1\n',
    });
    const io = memoryIo(root);
    expect(await appset(io, ['render'])).toBe(1);
    expect(io.out()).toContain(
      'argocd/addons.yaml:1: ApplicationSet argocd/addons: FROZEN: the controller would change none of its Applications',
    );
    expect(io.out()).toContain('render error: failed to execute go template');
    expect(io.out()).toContain('map has no entry for key "nope"');
  });

  it('adds clusters from --clusters and checks destinations against them', async () => {
    const root = await gitRepo({
      'argocd/addons.yaml': appSet,
      'addons/dns/values.yaml': 'a: 1\n',
      'extra.yaml':
        'clusters:\n  - name: prod-9\n    server: https://prod-9\n    labels: {stage: prod}\n',
    });
    const io = memoryIo(root);
    expect(await appset(io, ['render', '--clusters', 'extra.yaml', '--format', 'yaml'])).toBe(0);
    expect(io.out()).toContain('name: dns-prod-9');
  });
});

describe('fleetops appset generate', () => {
  it('prints the Applications of one file, reading git generators from --repo', async () => {
    const repo = await gitRepo({ 'addons/dns/values.yaml': 'a: 1\n' });
    const dir = await writeTree({
      'appset.yaml': appSet,
      'clusters.yaml': clusterSecret('prod-1', { stage: 'prod' }),
    });
    const io = memoryIo(dir);
    expect(
      await appset(io, [
        'generate',
        'appset.yaml',
        '--clusters',
        'clusters.yaml',
        '--repo',
        repo,
        '--format',
        'json',
      ]),
    ).toBe(0);
    const apps = JSON.parse(io.out());
    expect(apps).toEqual([
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: {
          name: 'dns-prod-1',
          namespace: 'argocd',
          finalizers: ['resources-finalizer.argocd.argoproj.io'],
        },
        spec: {
          project: 'default',
          source: { repoURL: 'https://github.com/org/fleet', path: 'addons/dns' },
          destination: { name: 'prod-1', namespace: 'dns' },
        },
      },
    ]);
  });

  it('says a git generator is not previewable without --repo', async () => {
    const dir = await writeTree({
      'appset.yaml': appSet,
      'clusters.yaml': clusterSecret('p', { stage: 'prod' }),
    });
    const io = memoryIo(dir);
    expect(await appset(io, ['generate', 'appset.yaml', '--clusters', 'clusters.yaml'])).toBe(0);
    expect(io.out()).toBe('[]\n');
    expect(io.err()).toContain('addons: not previewable:');
  });

  it('rejects a file without an ApplicationSet', async () => {
    const dir = await writeTree({ 'x.yaml': 'kind: ConfigMap\n' });
    await expect(appset(memoryIo(dir), ['generate', 'x.yaml'])).rejects.toThrow(
      new UsageError('x.yaml: no ApplicationSet in the file'),
    );
  });
});
