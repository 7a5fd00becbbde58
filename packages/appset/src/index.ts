export {
  type ApplicationSetSpec,
  type RenderOptions,
  renderApplication,
  resourcesFinalizer,
  templateMode,
} from './application.ts';
export { ClusterIndex, type Placement } from './destination.ts';
export {
  type AddedApplication,
  type ApplicationRef,
  type ApplicationSetDiff,
  type AppSetDiffReport,
  type ChangedApplication,
  type ChangedField,
  type ClusterDiff,
  type DiffOptions,
  type DiffTotals,
  diffRevisions,
  hasDifference,
  type RemovedApplication,
  type SideStatus,
} from './diff.ts';
export { BadGlobError, doublestarMatch } from './doublestar.ts';
export { GeneratorError, NotPreviewableError } from './errors.ts';
export {
  type ExpandError,
  type ExpandErrorKind,
  type ExpandOptions,
  type ExpandResult,
  expandApplicationSet,
  generateParams,
} from './expand.ts';
export {
  type FieldCategory,
  type FieldChange,
  fieldChanges,
  jqPathToPointer,
  jsonEqual,
} from './field-diff.ts';
export { inClusterName, inClusterServer } from './generators/clusters.ts';
export { slug } from './generators/pull-request.ts';
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
  type ApplicationsSync,
  type ControllerSettings,
  effectivePolicy,
  type SyncPolicy,
  syncPolicies,
} from './policy.ts';
export {
  type ApplicationSetPreview,
  type PreviewOptions,
  previewApplicationSets,
} from './preview.ts';
export {
  type MarkdownOptions,
  type MarkdownReport,
  markdownReport,
  type ReportSection,
  renderMarkdownReport,
  shortRevision,
} from './report.ts';
export { textReport } from './report-text.ts';
export {
  loadRevision,
  type PreviewDiffOptions,
  previewDiff,
  type RevisionOptions,
  type RevisionPreview,
} from './revision.ts';
export { type Risk, type RiskKind, risksOf } from './risk.ts';
export { nondeterministicFunctions } from './template-scan.ts';
export type {
  Application,
  ApplicationTemplate,
  ClusterSecret,
  GenerateOptions,
  GeneratorFixtures,
  GitFileGlobbing,
  RepoReader,
} from './types.ts';
export { type ValidationError, validateApplications } from './validate.ts';
export {
  type ArgocdVersion,
  latestArgocdVersion,
  oldestArgocdVersion,
  parseArgocdVersion,
  type Semantics,
  semanticsOf,
  supportedArgocdVersions,
  UnsupportedVersionError,
} from './version.ts';
export { parseAllDocumentsJs as parseYamlDocuments, toYaml } from './yaml.ts';
