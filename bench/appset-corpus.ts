/**
 * The corpus of `pnpm bench appset`: a git repository with 1,000 cluster Secrets and 200
 * application directories, and one matrix ApplicationSet (clusters × git directories,
 * goTemplate) that generates 200,000 Applications. Two commits, tagged `base` and `head`:
 * head moves 10 clusters to another tier, which changes the 2,000 Applications (1%) whose
 * targetRevision follows the tier.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { clusterSecret as argocdClusterSecret } from '../test/support/argocd.ts';

const run = promisify(execFile);

export const appsetCorpus = { clusters: 1000, directories: 200, changedClusters: 10 };

export interface AppsetCorpus {
  root: string;
  applications: number;
  changed: number;
}

const stages = ['dev', 'staging', 'production'];

const applicationSet = `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: fleet-apps
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
                  fleetops.io/managed: "true"
          - git:
              repoURL: https://github.com/example-org/bench-fleet
              revision: HEAD
              directories:
                - path: apps/*
  template:
    metadata:
      name: '{{.path.basename}}-{{.name}}'
      labels:
        stage: '{{index .metadata.labels "stage"}}'
        app: '{{.path.basename}}'
    spec:
      project: default
      source:
        repoURL: https://github.com/example-org/bench-fleet
        targetRevision: '{{index .metadata.labels "tier" | default "stable"}}'
        path: '{{.path.path}}'
        helm:
          releaseName: '{{.path.basename}}'
          valueFiles:
            - 'values-{{index .metadata.labels "stage"}}.yaml'
      destination:
        server: '{{.server}}'
        namespace: '{{.path.basename | lower}}'
      syncPolicy:
        automated:
          prune: true
          selfHeal: true
        syncOptions:
          - CreateNamespace=true
`;

function clusterSecret(i: number, tier: string): string {
  const name = `cluster-${String(i).padStart(4, '0')}`;
  const labels = {
    'fleetops.io/managed': '"true"',
    stage: `${stages[i % stages.length]}`,
    tier,
  };
  return argocdClusterSecret(name, labels, {
    secretName: name,
    server: `https://${name}.k8s.example.com`,
  });
}

async function git(root: string, ...args: string[]): Promise<string> {
  const identity = ['-c', 'user.email=bench@example.com', '-c', 'user.name=bench'];
  const { stdout } = await run('git', ['-C', root, ...identity, ...args], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout.trim();
}

/** Builds the repository under `root` once; later runs reuse it. */
export async function ensureAppsetCorpus(root: string): Promise<AppsetCorpus> {
  const shape = appsetCorpus;
  const result = {
    root,
    applications: shape.clusters * shape.directories,
    changed: shape.changedClusters * shape.directories,
  };
  const marker = join(root, '.git', 'fleetops-bench-shape');
  const existing = await readFile(marker, 'utf8').catch(() => '');
  if (existing === JSON.stringify(shape)) return result;
  await mkdir(root, { recursive: true });
  await git(root, 'init', '-q', '-b', 'main');
  await git(
    root,
    'remote',
    'add',
    'origin',
    'https://github.com/example-org/bench-fleet.git',
  ).catch(() => '');
  await mkdir(join(root, 'argocd'), { recursive: true });
  await writeFile(join(root, 'argocd', 'fleet-apps.yaml'), applicationSet);
  for (let d = 0; d < shape.directories; d++) {
    const dir = join(root, 'apps', `app-${String(d).padStart(3, '0')}`);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'Chart.txt'), `app ${d}\n`);
  }
  await mkdir(join(root, 'clusters'), { recursive: true });
  const secret = (i: number) =>
    join(root, 'clusters', `cluster-${String(i).padStart(4, '0')}.yaml`);
  for (let i = 0; i < shape.clusters; i++) await writeFile(secret(i), clusterSecret(i, 'stable'));
  await git(root, 'add', '-A');
  await git(root, 'commit', '-q', '-m', 'base');
  await git(root, 'tag', '-f', 'base');
  for (let i = 0; i < shape.changedClusters; i++)
    await writeFile(secret(i * 97), clusterSecret(i * 97, 'canary'));
  await git(root, 'add', '-A');
  await git(root, 'commit', '-q', '-m', 'head: 10 clusters to the canary tier');
  await git(root, 'tag', '-f', 'head');
  await writeFile(marker, JSON.stringify(shape));
  return result;
}
