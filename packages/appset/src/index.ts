export {
  type ApplicationSetSpec,
  type RenderOptions,
  renderApplication,
  resourcesFinalizer,
  templateMode,
} from './application.ts';
export { GeneratorError, NotPreviewableError } from './errors.ts';
export {
  type ExpandError,
  type ExpandErrorKind,
  type ExpandOptions,
  type ExpandResult,
  expandApplicationSet,
  generateParams,
} from './expand.ts';
export { inClusterName, inClusterServer } from './generators/clusters.ts';
export {
  directoriesOf,
  type GitRepositoryOptions,
  gitRepository,
  normalizeRepoURL,
} from './git-repository.ts';
export { clusterFromSecret, clusterInventory, parseClusters } from './inventory.ts';
export type { Params } from './params.ts';
export { pathMatch } from './path-match.ts';
export {
  type ApplicationSetPreview,
  type PreviewOptions,
  previewApplicationSets,
} from './preview.ts';
export type {
  Application,
  ApplicationTemplate,
  ClusterSecret,
  GenerateOptions,
  GeneratorFixtures,
  RepoReader,
} from './types.ts';
export { type ValidationError, validateApplications } from './validate.ts';
export { parseAllDocumentsJs as parseYamlDocuments, toYaml } from './yaml.ts';
