import { execFileSync } from 'node:child_process';
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFleet } from '@fleetops/fleet';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ApplicationSetPreview,
  clusterInventory,
  gitRepository,
  previewApplicationSets,
} from '../src/index.ts';

const example = join(import.meta.dirname, '../../../examples/fleet');
let previews: ApplicationSetPreview[];

/** The example fleet as its own repository, with the remote its ApplicationSets name. */
beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), 'fleetops-example-'));
  await cp(example, root, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', root, '-c', 'user.email=t@e', '-c', 'user.name=t', ...args]);
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'fleet');
  git('remote', 'add', 'origin', 'git@github.com:example-org/fleet.git');
  const { repository, fleet } = await loadFleet(root);
  const repo = await gitRepository(root, { revision: 'HEAD' });
  previews = await previewApplicationSets(repository, {
    clusters: clusterInventory(repository, fleet),
    validateDestinations: true,
    repo,
  });
  await repo.close();
});

const names = (name: string) =>
  previews
    .find((p) => p.name === name)!
    .applications.map((a) => a.metadata.name)
    .sort();

describe('the example fleet', () => {
  it('expands every ApplicationSet without errors', () => {
    expect(previews.map((p) => [p.name, p.status, p.errors, p.warnings])).toEqual([
      ['clusters', 'ok', [], []],
      ['cluster-addons', 'ok', [], []],
      ['platform-monitoring', 'ok', [], []],
      ['team-apps', 'ok', [], []],
    ]);
  });

  it('clusters: one Application per cluster directory, without the resources finalizer', () => {
    const preview = previews.find((p) => p.name === 'clusters')!;
    expect(names('clusters')).toEqual([
      'cluster-dev-eu-west-1',
      'cluster-dev-us-east-1',
      'cluster-prod-eu-west-1',
      'cluster-prod-us-east-1',
      'cluster-staging-eu-west-1',
      'cluster-staging-us-east-1',
    ]);
    const app = preview.applications[0]!;
    expect(app.metadata.finalizers).toBeUndefined();
    expect(app.spec.source).toMatchObject({ path: 'clusters/dev-eu-west-1' });
  });

  it('platform-monitoring: the selector keeps staging and production, and in-cluster out', () => {
    expect(names('platform-monitoring')).toEqual([
      'prod-eu-west-1-monitoring',
      'prod-us-east-1-monitoring',
      'staging-eu-west-1-monitoring',
      'staging-us-east-1-monitoring',
    ]);
    const app = previews.find((p) => p.name === 'platform-monitoring')!.applications[0]!;
    expect(app.metadata).toEqual({
      name: 'prod-eu-west-1-monitoring',
      namespace: 'argocd',
      labels: { stage: 'production', region: 'eu-west-1' },
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    });
    expect(app.spec.destination).toEqual({
      server: 'https://api.prod-eu-west-1.k8s.example.com:6443',
      namespace: 'monitoring',
    });
  });

  it('team-apps: every team of teams/*/config.yaml on every workload cluster', () => {
    const apps = previews.find((p) => p.name === 'team-apps')!.applications;
    expect(apps).toHaveLength(18);
    const payments = apps.find((a) => a.metadata.name === 'payments-prod-us-east-1')!;
    expect(payments.spec).toEqual({
      project: 'team-payments',
      source: {
        repoURL: 'https://github.com/example-org/payments-deploy',
        targetRevision: 'main',
        path: 'overlays/production',
      },
      destination: { name: 'prod-us-east-1', namespace: 'payments' },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['CreateNamespace=true'],
      },
    });
    expect(payments.metadata.labels).toEqual({ team: 'payments', stage: 'production' });
  });
});
