export { type CompiledSchema, prepare, SchemaCompiler } from './compiler.ts';
export { type Entry, readEntries } from './documents.ts';
export { durationError, isGoDuration } from './duration.ts';
export { type FilterTarget, KindFilter } from './filters.ts';
export { resultFindings, runFindings } from './findings.ts';
export { goFloat, goJsonIndent, goQuote, goXmlEscape, schemaQuote } from './go.ts';
export { mergeReportFiles, runValidationJob, type ValidationJobOptions } from './job.ts';
export { renderKindTable } from './kind-table.ts';
export {
  isKubeconformFormat,
  type KubeconformFormat,
  kubeconformFormats,
  type OutputOptions,
  renderKubeconform,
} from './output/kubeconform.ts';
export {
  type Locate,
  nearestName,
  type ReferenceOptions,
  referenceFindings,
} from './references.ts';
export { type ValidateResourcesOptions, validateResources } from './repository.ts';
export { validateRules } from './rules.ts';
export {
  addCrdFiles,
  type Run,
  type RunOptions,
  runValidation,
  type ValidationResult,
  workerThreshold,
} from './run.ts';
export {
  formatSchemaErrors,
  jsonPointer,
  type SchemaError,
  schemaErrors,
} from './schema-errors.ts';
export {
  formatShard,
  inShard,
  maxShards,
  parseShard,
  type Shard,
  ShardError,
  shardOfPath,
} from './shard.ts';
export {
  mergeShardReports,
  parseShardReport,
  renderShardReport,
  type ShardReport,
  ShardReportError,
  shardReportFormat,
  type ValidationOutcome,
} from './shard-report.ts';
export { qualifiedName, type Signature, signatureOf } from './signature.ts';
export { discoverFiles, type SourceFile, splitDocuments, type Token } from './sources.ts';
export {
  type KindTally,
  type StatusTotals,
  sumTallies,
  tallyFails,
  tallyResults,
  type ValidationTally,
} from './tally.ts';
export {
  type KubeconformValidationError,
  type Reason,
  ResourceValidator,
  type Status,
  schemaUrl,
  type ValidatorOptions,
  type Verdict,
} from './validator.ts';
