import { availableParallelism } from 'node:os';
import { type JsonPath, PositionIndex } from '@fleetops/core';
import { CrdError, isCustomResourceDefinition, type SchemaRegistry } from '@fleetops/schemas';
import { type Batch, mayHoldCrd, planBatches } from './batch.ts';
import { documentLocator, type Entry, readEntries, syntaxOf } from './documents.ts';
import type { KindFilter } from './filters.ts';
import { resultOf, type ValidationResult } from './result.ts';
import { SchemaBroker } from './schema-broker.ts';
import { signatureOf } from './signature.ts';
import {
  type DiscoverOptions,
  discoverFiles,
  type SourceFile,
  splitDocuments,
  type Token,
} from './sources.ts';
import { ResourceValidator } from './validator.ts';
import { decodeResult } from './wire.ts';
import { type BatchResults, batchResults, batchValidator, type WorkerSetup } from './worker.ts';
import { poolTesting, runPool } from './worker-pool.ts';

export type { ValidationResult } from './result.ts';

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
  /** kubeconform's -n: schemas loaded at once, and the most worker threads (default 4). */
  readonly concurrency?: number;
  /**
   * Keep each resource's decoded object in its result (`object`, which runFindings'
   * cross-references read); default true. Without them, worker threads send back less.
   */
  readonly objects?: boolean;
  /**
   * Threads validating a big run, the main thread included (so 2 is one worker thread);
   * default the smaller of `concurrency` and the cores.
   */
  readonly threads?: number;
  /** Characters of manifests from which a run is spread over threads (workerThreshold()). */
  readonly workerThreshold?: number;
}

export interface Run {
  readonly results: ValidationResult[];
  /** Whether the resources came from standard input (the outputs say "parsing stdin"). */
  readonly stdin: boolean;
  /** Worker threads that validated part of the run; 0 when the main thread did it all. */
  readonly workers: number;
}

/**
 * Characters of manifests from which a run is spread over threads, by the cores there are.
 * On 2 cores (measured by `pnpm bench validate`) one thread already keeps 1.3 cores busy, V8
 * collecting and compiling beside it, and each worker costs about 0.55 s of CPU before its
 * first batch (loading the bundle, compiling its own schemas) and its own JIT and GC after:
 * threads break even at 100,000-150,000 resources (20-30 MB) and gain 8% at 200,000. With 4
 * cores or more the idle cores carry that cost; 8 MB there is an estimate from the same
 * figures, not a measurement: the bench run on such a machine says where it lies.
 */
export function workerThreshold(cores: number = availableParallelism()): number {
  return cores >= 4 ? 8_000_000 : 32_000_000;
}

/** Characters of documents a thread takes at once: few enough to balance the threads and
 * keep results flowing, enough that messages cost little (about 300 resources). */
const batchCharacters = 64 * 1024;

/**
 * kubeconform's run: find the files, cut them into resources, validate each. Every
 * CustomResourceDefinition among the files (and under `crds`) serves its kinds first. A big
 * run is spread over worker threads; the results are the same, in the same order.
 */
export async function runValidation(options: RunOptions): Promise<Run> {
  const stdin =
    options.paths.length === 0 || (options.paths.length === 1 && options.paths[0] === '-');
  const discovery: { files: SourceFile[]; error?: { path: string; message: string } } = stdin
    ? { files: [{ path: 'stdin', text: await options.readStdin() }] }
    : await discoverFiles(options.paths, { cwd: options.cwd, ignore: options.ignore ?? [] });
  if (options.crds?.length) await addCrdFiles(options.registry, options.crds, { cwd: options.cwd });

  const results: ValidationResult[] = [];
  const push = (result: ValidationResult) => {
    results.push(result);
    return (
      options.exitOnError === true && (result.status === 'invalid' || result.status === 'error')
    );
  };
  const size = threadsFor(options, discovery.files);
  const { stopped, workers } =
    size > 1
      ? await validateOnThreads(discovery.files, options, size, push)
      : { stopped: await validateHere(discovery.files, options, push), workers: 0 };
  if (discovery.error && !stopped) {
    push({
      status: 'error',
      reason: 'unreadable',
      file: discovery.error.path,
      signature: signatureOf(undefined),
      error: discovery.error.message,
    });
  }
  return { results, stdin, workers };
}

function threadsFor(options: RunOptions, files: readonly SourceFile[]): number {
  const size = options.threads ?? Math.min(options.concurrency ?? 4, availableParallelism());
  if (size < 2) return 0;
  let characters = 0;
  for (const file of files) characters += file.text.length;
  return characters >= (options.workerThreshold ?? workerThreshold()) ? size : 0;
}

type Push = (result: ValidationResult) => boolean;

/** The run on this thread alone. Returns whether it stopped early. */
async function validateHere(
  files: readonly SourceFile[],
  options: RunOptions,
  push: Push,
): Promise<boolean> {
  const positions = new PositionIndex();
  const entries = files.flatMap((file) =>
    readEntries(file, positions, { strict: options.strict ?? false }),
  );
  addCrds(options.registry, entries);
  const validator = new ResourceValidator({
    registry: options.registry,
    cwd: options.cwd,
    ...(options.skip ? { skip: options.skip } : {}),
    ...(options.reject ? { reject: options.reject } : {}),
    ignoreMissingSchemas: options.ignoreMissingSchemas ?? false,
  });
  await prefetch(validator, entries, options.concurrency ?? 4);
  const objects = { objects: options.objects ?? true };
  for (const entry of entries) if (push(await resultOf(validator, entry, objects))) return true;
  return false;
}

/**
 * The run over `size` threads, this one and worker threads: CRDs among the files are read
 * here first (they serve every file), then batches of documents are shared out, and their
 * results pushed in file and document order. Returns whether it stopped early and how many
 * worker threads took part.
 */
async function validateOnThreads(
  files: readonly SourceFile[],
  options: RunOptions,
  size: number,
  push: Push,
): Promise<{ stopped: boolean; workers: number }> {
  const positions = new PositionIndex();
  const strict = options.strict ?? false;
  const crdFiles = files.filter((file) => mayHoldCrd(file.text));
  addCrds(
    options.registry,
    crdFiles.flatMap((file) => readEntries(file, positions, { strict })),
  );
  const documents = files.map((file) => splitDocuments(file.text));
  const setup: WorkerSetup = {
    cwd: options.cwd,
    strict,
    skip: options.skip?.entries ?? [],
    reject: options.reject?.entries ?? [],
    ignoreMissingSchemas: options.ignoreMissingSchemas ?? false,
    objects: options.objects ?? true,
    ...(poolTesting.crash ? { crash: poolTesting.crash } : {}),
  };
  // This thread's validator loads schemas from the registry itself.
  let here: ResourceValidator | undefined;
  const hereValidator = () => {
    here ??= batchValidator(setup, options.registry);
    return here;
  };
  const counts = new Array<number>(files.length).fill(0);
  const deliver = (batch: Batch, { sources, units }: BatchResults) => {
    for (const [i, unit] of batch.units.entries()) {
      const file = files[unit.file]!;
      const locate = locator(file, documents[unit.file]!, positions);
      for (const row of units[i]!) {
        counts[unit.file]!++;
        if (push(decodeResult(row, sources, file.path, locate))) return true;
      }
      // A file without any result is one empty result, as readEntries makes it.
      const complete = unit.first + unit.tokens.length === documents[unit.file]!.length;
      if (complete && counts[unit.file] === 0) {
        const signature = signatureOf(undefined);
        if (push({ status: 'empty', reason: 'empty', file: file.path, signature })) return true;
      }
    }
    return false;
  };
  // At least four batches a thread, so that a run just over the threshold is shared too.
  const characters = files.reduce((sum, file) => sum + file.text.length, 0);
  const perBatch = Math.min(batchCharacters, Math.ceil(characters / (size * 4)));
  return runPool(planBatches(files, documents, perBatch), {
    workers: size - 1,
    setup,
    broker: new SchemaBroker(options.registry, { concurrency: options.concurrency ?? 4 }),
    here: (batch) => batchResults(batch, hereValidator(), setup),
    types: () => here?.types() ?? [],
    deliver,
  });
}

/** A resource's `locate` on this thread, from its document of the file and its path there. */
function locator(file: SourceFile, tokens: readonly Token[], positions: PositionIndex) {
  const syntax = syntaxOf(file.path);
  return (document: number, path: JsonPath): NonNullable<ValidationResult['locate']> => {
    const at = documentLocator(file.path, tokens[document]!, document, syntax, positions);
    return (sub = [], options) => at([...path, ...sub], options);
  };
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
