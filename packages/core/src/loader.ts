import { configFileName } from './config.ts';
import { type DocumentLocator, deferPathLocation } from './deferred-location.ts';
import { type DiscoveryOptions, defaultMaxFileSize, formatBytes } from './discovery.ts';
import { type ParseProblem, type SourceSyntax, syntaxOf } from './document.ts';
import { FileWalk } from './file-walk.ts';
import type { Finding, Location } from './finding.ts';
import { loadRules } from './load-rules.ts';
import { type JsonPath, type LocateOptions, PositionIndex } from './position.ts';
import type { PreparedFile } from './prepare.ts';
import { type PrepareOptions, prepareFiles } from './prepare-threads.ts';
import { classifyDocument, type Resource, topLevel } from './resource.ts';

/** A file that was read: its text stays in memory so positions can be found later. */
export interface LoadedFile {
  path: string;
  syntax: SourceSyntax;
  text: string;
  /** Start line and column of each document, by document index. */
  documentStarts: ReadonlyArray<{ line: number; column: number }>;
}

/** Something that was not loaded, and why: a file or one document of a file. */
export interface Skipped {
  file: string;
  line?: number;
  reason: string;
}

export interface LoadStats {
  files: number;
  documents: number;
  emptyDocuments: number;
  resources: number;
  skipped: number;
}

/** A repository read once: every later job works from this and never touches the disk. */
export interface Repository {
  root: string;
  files: ReadonlyMap<string, LoadedFile>;
  resources: Resource[];
  skipped: Skipped[];
  /** Problems found while reading: syntax errors, bad encodings, half-typed objects. */
  findings: Finding[];
  stats: LoadStats;
  /** Where `path` (relative to the resource) is written; the resource itself for []. */
  locate(
    resource: Pick<Resource, 'file' | 'documentIndex' | 'path'>,
    path?: JsonPath,
    options?: LocateOptions,
  ): Location;
}

export interface LoadOptions extends DiscoveryOptions {
  /** Files larger than this are skipped with a reason; default 5 MiB. */
  maxFileSize?: number;
  /** Whether files are read and parsed on worker threads; see prepare-threads.ts. */
  threads?: PrepareOptions['threads'];
}

/** Reads every manifest under `root`. One bad file never stops the others. */
export async function loadRepository(root: string, options: LoadOptions = {}): Promise<Repository> {
  const maxFileSize = options.maxFileSize ?? defaultMaxFileSize;
  const walk = FileWalk.start(root, {
    ...options,
    // The settings file is read by loadConfig; it describes the repository, not a cluster.
    exclude: [...(options.exclude ?? []), configFileName],
  });
  const files = new Map<string, LoadedFile>();
  const locator = fileLocator(files);
  const repository: Repository = {
    root,
    files,
    resources: [],
    skipped: [],
    findings: [],
    stats: { files: 0, documents: 0, emptyDocuments: 0, resources: 0, skipped: 0 },
    locate: (resource, path = topLevel, locateOptions) => {
      const file = files.get(resource.file);
      if (!file) return { file: resource.file };
      if (resource.path.length === 0 && path.length === 0)
        return documentStart(file, resource.documentIndex);
      return deferPathLocation(
        file.path,
        locator,
        resource.documentIndex,
        resource.path,
        path,
        locateOptions,
      );
    },
  };
  const prepared = prepareFiles(walk, { maxFileSize, threads: options.threads ?? 'auto' });
  for await (const batch of prepared)
    for (const [path, file] of batch) addFile(repository, files, path, file, maxFileSize);
  repository.stats.skipped = repository.skipped.length;
  return repository;
}

/** The position index over the loaded files, which deferred locations ask on first read. */
function fileLocator(files: ReadonlyMap<string, LoadedFile>): DocumentLocator {
  const positions = new PositionIndex();
  return {
    locate: (path, documentIndex, jsonPath, options) => {
      const file = files.get(path)!;
      return positions.locate(file.path, file.text, file.syntax, documentIndex, jsonPath, options);
    },
  };
}

function documentStart(file: LoadedFile, documentIndex: number): Location {
  const start = file.documentStarts[documentIndex];
  return start ? { file: file.path, line: start.line, column: start.column } : { file: file.path };
}

function addFile(
  repository: Repository,
  files: Map<string, LoadedFile>,
  path: string,
  prepared: PreparedFile,
  maxFileSize: number,
): void {
  switch (prepared.kind) {
    case 'unreadable':
      repository.findings.push(finding('load/unreadable-file', { file: path }, prepared.message));
      return;
    case 'too-large':
      repository.skipped.push({
        file: path,
        reason: `larger than the ${formatBytes(maxFileSize)} limit (${formatBytes(prepared.size)})`,
      });
      return;
    case 'binary':
      repository.skipped.push({ file: path, reason: 'binary file' });
      return;
    case 'invalid-utf8': {
      const { line, column, message } = prepared;
      repository.findings.push(finding('load/invalid-utf8', { file: path, line, column }, message));
      return;
    }
  }
  if (isKustomization(path)) {
    repository.skipped.push({
      file: path,
      reason: 'kustomization file: built by kustomize, not applied as is',
    });
    return;
  }
  const { text, parsed } = prepared;
  const syntax = syntaxOf(path);
  repository.stats.files++;
  if (parsed.helmTemplate) {
    repository.skipped.push({
      file: path,
      reason: 'Helm template (Go template actions outside strings): render it first',
    });
    return;
  }
  const documentStarts: { line: number; column: number }[] = [];
  for (const doc of parsed.documents)
    documentStarts[doc.index] = { line: doc.line, column: doc.column };
  files.set(path, { path, syntax, text, documentStarts });
  repository.findings.push(...parsed.problems.map((problem) => problemFinding(path, problem)));
  repository.stats.documents += parsed.documents.length + countFailedDocuments(parsed.problems);
  for (const doc of parsed.documents) {
    const classified = classifyDocument(path, doc);
    if (classified.type === 'empty') repository.stats.emptyDocuments++;
    else if (classified.type === 'skipped')
      repository.skipped.push({ file: path, line: doc.line, reason: classified.reason });
    else if (classified.type === 'invalid') {
      const location = repository.locate(
        { file: path, documentIndex: doc.index, path: [] },
        classified.path,
      );
      repository.findings.push(finding('load/invalid-resource', location, classified.message));
    } else {
      repository.resources.push(...classified.resources);
      repository.stats.resources += classified.resources.length;
    }
  }
}

function isKustomization(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name === 'kustomization.yaml' || name === 'kustomization.yml' || name === 'Kustomization';
}

function countFailedDocuments(problems: readonly ParseProblem[]): number {
  if (problems.length === 0) return 0;
  return new Set(problems.map((problem) => problem.documentIndex)).size;
}

function problemFinding(file: string, problem: ParseProblem): Finding {
  const location: Location = { file, line: problem.line, column: problem.column };
  if (problem.endLine !== undefined) location.endLine = problem.endLine;
  if (problem.endColumn !== undefined) location.endColumn = problem.endColumn;
  return finding(`load/${problem.code}`, location, problem.message);
}

function finding(ruleId: string, location: Location, message: string): Finding {
  return { ruleId, severity: loadRules.get(ruleId)?.defaultSeverity ?? 'error', message, location };
}
