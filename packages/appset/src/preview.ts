import type { Repository } from '@fleetops/core';
import type { ApplicationSetSpec } from './application.ts';
import { type ExpandOptions, type ExpandResult, expandApplicationSet } from './expand.ts';
import type { ClusterSecret, GeneratorFixtures, GitFileGlobbing, RepoReader } from './types.ts';

export interface ApplicationSetPreview extends ExpandResult {
  name: string;
  namespace: string;
  file: string;
  line?: number;
}

export interface PreviewOptions {
  /** Every cluster Argo CD knows (see `clusterInventory`, `parseClusters`). */
  clusters: readonly ClusterSecret[];
  /** Check destinations: true when the repository (or `--clusters`) defines the clusters. */
  validateDestinations: boolean;
  repo?: RepoReader;
  fixtures?: GeneratorFixtures;
  argocdNamespace?: string;
  /** The Argo CD release to imitate (default the latest; see `ExpandOptions`). */
  argocdVersion?: string;
  /** A GitHub `pull_request` event payload for the pull request generator. */
  pullRequestEvent?: unknown;
  /** How the git files generator matches paths (default `pathspec`; see `GenerateOptions`). */
  gitFileGlobbing?: GitFileGlobbing;
}

/** Argo CD creates this project itself; it exists even when the repository does not say so. */
const builtinProjects = ['default'];

/**
 * Every ApplicationSet of a loaded repository, expanded. AppProjects are checked only when
 * the repository defines some, as the controller would find only those.
 */
export async function previewApplicationSets(
  repository: Repository,
  options: PreviewOptions,
): Promise<ApplicationSetPreview[]> {
  const projects = repository.resources
    .filter((r) => r.group === 'argoproj.io' && r.kind === 'AppProject')
    .map((r) => r.name);
  const expandOptions: ExpandOptions = {
    clusters: options.clusters,
    validateDestinations: options.validateDestinations,
    argocdNamespace: options.argocdNamespace ?? 'argocd',
  };
  if (projects.length > 0) expandOptions.projects = new Set([...builtinProjects, ...projects]);
  if (options.repo) expandOptions.repo = options.repo;
  if (options.fixtures) expandOptions.fixtures = options.fixtures;
  if (options.argocdVersion !== undefined) expandOptions.argocdVersion = options.argocdVersion;
  if (options.pullRequestEvent !== undefined)
    expandOptions.pullRequestEvent = options.pullRequestEvent;
  if (options.gitFileGlobbing !== undefined)
    expandOptions.gitFileGlobbing = options.gitFileGlobbing;
  const previews: ApplicationSetPreview[] = [];
  for (const resource of repository.resources) {
    if (resource.group !== 'argoproj.io' || resource.kind !== 'ApplicationSet') continue;
    const appSet = resource.object as ApplicationSetSpec;
    const namespace = resource.namespace ?? options.argocdNamespace ?? 'argocd';
    const withNamespace: ApplicationSetSpec = {
      ...appSet,
      metadata: { ...appSet.metadata, namespace },
    };
    const result = await expandApplicationSet(withNamespace, expandOptions);
    const location = repository.locate(resource);
    const preview: ApplicationSetPreview = {
      name: resource.name,
      namespace,
      file: resource.file,
      ...result,
    };
    if (location.line !== undefined) preview.line = location.line;
    previews.push(preview);
  }
  return previews;
}
