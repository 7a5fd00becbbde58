import type { TemplateMode } from '../replace.ts';
import type { ClusterSecret, GeneratorFixtures, RepoReader } from '../types.ts';

/** Everything a generator reads, resolved once per ApplicationSet. */
export interface Context {
  mode: TemplateMode;
  clusters: readonly ClusterSecret[];
  argocdNamespace: string;
  repo?: RepoReader;
  fixtures: GeneratorFixtures;
  projects?: ReadonlySet<string>;
  templateProject: string;
}

/** The empty-generator error every Argo CD generator returns for a missing spec. */
export const emptyGenerator = 'ApplicationSet is empty';
