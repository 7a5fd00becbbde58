import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Repository } from '@fleetops/core';
import { type Fleet, loadFleet } from '@fleetops/fleet';
import type { ApplicationSetSpec } from './application.ts';
import { type AppSetDiffReport, diffRevisions } from './diff.ts';
import { gitRepository } from './git-repository.ts';
import { branchesOfEvent } from './git-revision.ts';
import { clusterInventory } from './inventory.ts';
import type { ControllerSettings } from './policy.ts';
import { type ApplicationSetPreview, previewApplicationSets } from './preview.ts';
import type { ClusterSecret, GeneratorFixtures, GitFileGlobbing } from './types.ts';

/** One revision of the repository, expanded: what the controller would generate at it. */
export interface RevisionPreview {
  /** The revision read, or undefined for the working tree. */
  revision?: string;
  /** Every ApplicationSet with its spec as written at this revision. */
  applicationSets: Array<{ preview: ApplicationSetPreview; spec: ApplicationSetSpec }>;
  /** Every cluster Argo CD would know at this revision. */
  clusters: ClusterSecret[];
  /** Cluster name → stage, from the fleet model. */
  stages: Map<string, string>;
  /** The configured stages in promotion order; the last one is production. */
  stageOrder: string[];
}

export interface RevisionOptions {
  /** A commit, branch or tag; absent means the working tree. */
  revision?: string;
  /** More clusters (`--clusters FILE`), added to the fleet's at both revisions. */
  extraClusters?: readonly ClusterSecret[];
  fixtures?: GeneratorFixtures;
  argocdNamespace?: string;
  /** More URLs under which ApplicationSets name this repository. */
  repoUrls?: readonly string[];
  /** The Argo CD release to imitate (default the latest). */
  argocdVersion?: string;
  /** A GitHub `pull_request` event payload for the pull request generator. */
  pullRequestEvent?: unknown;
  /** How the git files generator matches paths (default `pathspec`). */
  gitFileGlobbing?: GitFileGlobbing;
}

/**
 * Loads the repository at `root` as it is at a revision (read with git: the tree is
 * extracted with `git archive` into a temporary directory and loaded from there, and git
 * generators read the same revision through git) and expands every ApplicationSet.
 */
export async function loadRevision(
  root: string,
  options: RevisionOptions = {},
): Promise<RevisionPreview> {
  const { revision } = options;
  const tree = revision === undefined ? undefined : await extractRevision(root, revision);
  try {
    const { repository, fleet } = await loadFleet(tree ?? root);
    const repo = await gitRepository(root, {
      ...(revision === undefined ? {} : { revision }),
      urls: options.repoUrls ?? [],
      ...branchesOfEvent(options.pullRequestEvent),
    });
    try {
      const argocdNamespace = options.argocdNamespace ?? 'argocd';
      const clusters = [
        ...clusterInventory(repository, fleet, argocdNamespace),
        ...(options.extraClusters ?? []),
      ];
      const previews = await previewApplicationSets(repository, {
        clusters,
        validateDestinations: clusters.length > 0,
        repo,
        argocdNamespace,
        ...(options.fixtures ? { fixtures: options.fixtures } : {}),
        ...(options.argocdVersion === undefined ? {} : { argocdVersion: options.argocdVersion }),
        ...(options.pullRequestEvent === undefined
          ? {}
          : { pullRequestEvent: options.pullRequestEvent }),
        ...(options.gitFileGlobbing === undefined
          ? {}
          : { gitFileGlobbing: options.gitFileGlobbing }),
      });
      const specs = applicationSetSpecs(repository);
      return {
        ...(revision === undefined ? {} : { revision }),
        applicationSets: previews.map((preview, i) => ({ preview, spec: specs[i]! })),
        clusters,
        stages: stagesOf(fleet, clusters),
        stageOrder: [...fleet.config.stages],
      };
    } finally {
      await repo.close();
    }
  } finally {
    if (tree) await rm(tree, { recursive: true, force: true });
  }
}

/** The ApplicationSet resources in the order previewApplicationSets visits them. */
function applicationSetSpecs(repository: Repository): ApplicationSetSpec[] {
  return repository.resources
    .filter((r) => r.group === 'argoproj.io' && r.kind === 'ApplicationSet')
    .map((r) => r.object as ApplicationSetSpec);
}

/**
 * The stage of every cluster: the fleet model's, else the first stage label of the
 * cluster Secret (clusters given with `--clusters`).
 */
function stagesOf(fleet: Fleet, clusters: readonly ClusterSecret[]): Map<string, string> {
  const stages = new Map<string, string>();
  for (const cluster of fleet.clusters)
    if (cluster.stage) stages.set(cluster.name, cluster.stage.value);
  for (const cluster of clusters) {
    if (stages.has(cluster.name)) continue;
    const label = fleet.config.stageLabels.find((key) => cluster.labels[key] !== undefined);
    if (label) stages.set(cluster.name, cluster.labels[label]!);
  }
  return stages;
}

/**
 * The files of `root` (a checkout or a directory in one) at `revision`, in a new temporary
 * directory. `git archive` run inside a subdirectory archives that subdirectory only.
 */
async function extractRevision(root: string, revision: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fleetops-appset-revision-'));
  try {
    await pipeArchive(root, revision, dir);
    return dir;
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

function pipeArchive(root: string, revision: string, dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const git = spawn('git', ['-C', root, 'archive', '--format=tar', revision], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tar = spawn('tar', ['-x', '-C', dir], { stdio: ['pipe', 'ignore', 'pipe'] });
    let gitError = '';
    let tarError = '';
    git.stderr.on('data', (chunk: Buffer) => (gitError += chunk.toString()));
    tar.stderr.on('data', (chunk: Buffer) => (tarError += chunk.toString()));
    git.stdout.pipe(tar.stdin);
    let pending = 2;
    let failure: Error | undefined;
    const done = (what: string, output: () => string) => (code: number | null) => {
      if (code !== 0 && !failure)
        failure = new Error(`${what} exited with ${code}: ${output().trim().split('\n')[0]}`);
      if (--pending > 0) return;
      if (failure) reject(failure);
      else resolve();
    };
    git.on('error', reject);
    tar.on('error', reject);
    git.on(
      'close',
      done(`git archive ${revision}`, () => gitError),
    );
    tar.on(
      'close',
      done('tar', () => tarError),
    );
  });
}

export interface PreviewDiffOptions extends Omit<RevisionOptions, 'revision'> {
  /** The revision the pull request starts from. */
  base: string;
  /** The revision it proposes; absent means the working tree. */
  head?: string;
  controller?: ControllerSettings;
}

/**
 * `fleetops appset diff`: both revisions of the repository at `root` expanded, one after
 * the other (so only one set of Applications is being built at a time), and compared.
 */
export async function previewDiff(
  root: string,
  options: PreviewDiffOptions,
): Promise<AppSetDiffReport> {
  const { base, head, controller, ...shared } = options;
  const before = await loadRevision(root, { ...shared, revision: base });
  const after = await loadRevision(root, {
    ...shared,
    ...(head === undefined ? {} : { revision: head }),
  });
  return diffRevisions(before, after, controller ? { controller } : {});
}
