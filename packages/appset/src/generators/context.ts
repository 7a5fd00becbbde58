import type { TemplateMode } from '../replace.ts';
import type { ClusterSecret, GeneratorFixtures, GitFileGlobbing, RepoReader } from '../types.ts';
import type { Semantics } from '../version.ts';

/** Everything a generator reads, resolved once per ApplicationSet. */
export interface Context {
  mode: TemplateMode;
  clusters: readonly ClusterSecret[];
  argocdNamespace: string;
  repo?: RepoReader;
  fixtures: GeneratorFixtures;
  projects?: ReadonlySet<string>;
  templateProject: string;
  /** The Argo CD release's behaviour where it changed. */
  semantics: Semantics;
  /** `spec.applyNestedSelectors` (counts before Argo CD 3.0 only). */
  applyNestedSelectors: boolean;
  /** The GitHub `pull_request` event payload, for the pull request generator. */
  pullRequestEvent?: unknown;
  /** How the git files generator matches paths. */
  gitFileGlobbing: GitFileGlobbing;
  /** Notes for the ApplicationSet's warnings (what the controller would log). */
  warn(message: string): void;
}

/** The empty-generator error every Argo CD generator returns for a missing spec. */
export const emptyGenerator = 'ApplicationSet is empty';
