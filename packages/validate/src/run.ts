import { type JsonPath, type LocateOptions, type Location, PositionIndex } from '@fleetops/core';
import { CrdError, isCustomResourceDefinition, type SchemaRegistry } from '@fleetops/schemas';
import { type Entry, readEntries } from './documents.ts';
import type { KindFilter } from './filters.ts';
import { signatureOf } from './signature.ts';
import { type DiscoverOptions, discoverFiles, type SourceFile } from './sources.ts';
import { ResourceValidator, type Verdict } from './validator.ts';

/** One result, as kubeconform's Result: a verdict tied to the file it came from. */
export interface ValidationResult extends Verdict {
  /** The file as given on the command line or found in a folder; `stdin` for standard input. */
  readonly file: string;
  /** Where the resource (path []) or one of its fields is written; absent for file errors. */
  readonly locate?: (path?: JsonPath, options?: LocateOptions) => Location;
  /** The decoded resource, for the checks across resources (dangling references). */
  readonly object?: Record<string, unknown>;
  /** Where a parse error is, for error results without a resource. */
  readonly location?: Location;
}

export interface RunOptions {
  /** Files and folders; none (or `-`) reads standard input. */
  readonly paths: readonly string[];
  readonly cwd: string;
  readonly readStdin: () => Promise<string>;
  readonly registry: SchemaRegistry;
  readonly ignore?: DiscoverOptions['ignore'];
  readonly strict?: boolean;
  readonly skip?: KindFilter;
  readonly reject?: KindFilter;
  readonly ignoreMissingSchemas?: boolean;
  /** Stop at the first invalid or error result (kubeconform's -exit-on-error). */
  readonly exitOnError?: boolean;
  /** CRD files and folders (--crd) whose schemas serve their kinds. */
  readonly crds?: readonly string[];
  /** Schemas loaded at once; kubeconform's -n. */
  readonly concurrency?: number;
}

export interface Run {
  readonly results: ValidationResult[];
  /** Whether the resources came from standard input (the outputs say "parsing stdin"). */
  readonly stdin: boolean;
}

/**
 * kubeconform's run: find the files, cut them into resources, validate each. Every
 * CustomResourceDefinition among the files (and under `crds`) serves its kinds first.
 */
export async function runValidation(options: RunOptions): Promise<Run> {
  const stdin =
    options.paths.length === 0 || (options.paths.length === 1 && options.paths[0] === '-');
  const positions = new PositionIndex();
  const discovery: { files: SourceFile[]; error?: { path: string; message: string } } = stdin
    ? { files: [{ path: 'stdin', text: await options.readStdin() }] }
    : await discoverFiles(options.paths, { cwd: options.cwd, ignore: options.ignore ?? [] });
  const entries = discovery.files.flatMap((file) =>
    readEntries(file, positions, { strict: options.strict ?? false }),
  );
  if (options.crds?.length) await addCrdFiles(options.registry, options.crds, { cwd: options.cwd });
  addCrds(options.registry, entries);

  const validator = new ResourceValidator({
    registry: options.registry,
    cwd: options.cwd,
    ...(options.skip ? { skip: options.skip } : {}),
    ...(options.reject ? { reject: options.reject } : {}),
    ignoreMissingSchemas: options.ignoreMissingSchemas ?? false,
  });
  await prefetch(validator, entries, options.concurrency ?? 4);

  const results: ValidationResult[] = [];
  const push = (result: ValidationResult) => {
    results.push(result);
    return options.exitOnError && (result.status === 'invalid' || result.status === 'error');
  };
  for (const entry of entries) {
    if (push(await resultOf(validator, entry))) return { results, stdin };
  }
  if (discovery.error) {
    push({
      status: 'error',
      reason: 'unreadable',
      file: discovery.error.path,
      signature: signatureOf(undefined),
      error: discovery.error.message,
    });
  }
  return { results, stdin };
}

async function resultOf(validator: ResourceValidator, entry: Entry): Promise<ValidationResult> {
  if (entry.type === 'empty')
    return {
      status: 'empty',
      reason: 'empty',
      file: entry.file,
      signature: signatureOf(undefined),
    };
  if (entry.type === 'error')
    return {
      status: 'error',
      reason: entry.reason,
      file: entry.file,
      signature: signatureOf(entry.value),
      error: entry.message,
      location: entry.location,
    };
  const verdict = await validator.validate(entry.value);
  return { ...verdict, file: entry.file, locate: entry.locate, object: entry.value };
}

/**
 * Reads CustomResourceDefinitions from files and folders (`--crd`) into the registry, each
 * serving its group, kind and served versions. Throws a CrdError naming a path that cannot be
 * read or a CRD that cannot be converted. Returns the kinds added.
 */
export async function addCrdFiles(
  registry: SchemaRegistry,
  paths: readonly string[],
  options: { cwd: string },
): Promise<{ group: string; kind: string; version: string }[]> {
  const found = await discoverFiles(paths, { cwd: options.cwd });
  if (found.error) throw new CrdError(found.error.message);
  const positions = new PositionIndex();
  const added: { group: string; kind: string; version: string }[] = [];
  for (const file of found.files) {
    for (const entry of readEntries(file, positions)) {
      if (entry.type !== 'object' || !isCustomResourceDefinition(entry.value)) continue;
      try {
        added.push(...registry.addCrd(entry.value, entry.file));
      } catch (error) {
        if (error instanceof CrdError) throw new CrdError(`${entry.file}: ${error.message}`);
        throw error;
      }
    }
  }
  return added;
}

function addCrds(registry: SchemaRegistry, entries: readonly Entry[]): void {
  for (const entry of entries) {
    if (entry.type !== 'object' || !isCustomResourceDefinition(entry.value)) continue;
    try {
      registry.addCrd(entry.value, entry.file);
    } catch (error) {
      // A broken CRD among the validated files is reported by its own validation.
      if (!(error instanceof CrdError)) throw error;
    }
  }
}

/** Loads the schema of every type at once, at most `concurrency` at a time. */
async function prefetch(
  validator: ResourceValidator,
  entries: readonly Entry[],
  concurrency: number,
): Promise<void> {
  const types = new Map<string, Record<string, unknown>>();
  for (const entry of entries) {
    if (entry.type !== 'object') continue;
    const key = `${entry.value.apiVersion}\0${entry.value.kind}`;
    if (!types.has(key)) types.set(key, entry.value);
  }
  const queue = [...types.values()];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) await validator.prefetch(next);
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
}
