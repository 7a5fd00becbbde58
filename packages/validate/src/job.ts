import * as fs from 'node:fs/promises';
import { resolve } from 'node:path';
import { PositionIndex } from '@fleetops/core';
import {
  CrdError,
  isCustomResourceDefinition,
  type RegistryOptions,
  SchemaRegistry,
} from '@fleetops/schemas';
import { readEntries } from './documents.ts';
import { KindFilter } from './filters.ts';
import { runFindings } from './findings.ts';
import { type Run, runValidation, type ValidationResult } from './run.ts';
import { inShard, type Shard } from './shard.ts';
import {
  mergeShardReports,
  parseShardReport,
  ShardReportError,
  type ValidationOutcome,
} from './shard-report.ts';
import { signatureOf } from './signature.ts';
import { discoverFiles, type SourceFile } from './sources.ts';
import { tallyResults } from './tally.ts';

/** The validate job with plain values, as the action's inputs (and flags) give them. */
export interface ValidationJobOptions {
  /** Files and folders, relative to `cwd`; findings name files as these paths do. */
  readonly paths: readonly string[];
  readonly cwd: string;
  /**
   * Schema locations, version, strict, cache (relative to `cwd`), offline, headers; the
   * run's `strict` is taken from here.
   */
  readonly registry: RegistryOptions;
  readonly ignoreMissingSchemas?: boolean;
  /** kubeconform's comma-separated lists, one or more. */
  readonly skip?: readonly string[];
  readonly reject?: readonly string[];
  readonly crds?: readonly string[];
  /** Validate only the files of this shard. */
  readonly shard?: Shard;
}

/**
 * Validates the files (of one shard), and counts and locates the outcome. A cache directory
 * that does not exist yet is created: in CI it is restored by a cache step, which restores
 * nothing on the first run.
 */
export async function runValidationJob(options: ValidationJobOptions): Promise<ValidationOutcome> {
  if (options.paths.length === 0) throw new Error('no paths to validate');
  let registryOptions = options.registry;
  if (registryOptions.cacheDirectory !== undefined) {
    const cacheDirectory = resolve(options.cwd, registryOptions.cacheDirectory);
    await fs.mkdir(cacheDirectory, { recursive: true });
    registryOptions = { ...registryOptions, cacheDirectory };
  }
  const registry = new SchemaRegistry(registryOptions);
  const run = await runShard(options, registry);
  return {
    tally: tallyResults(run.results),
    findings: runFindings(run.results),
    ...(options.shard && { shard: options.shard }),
  };
}

async function runShard(options: ValidationJobOptions, registry: SchemaRegistry): Promise<Run> {
  const common = {
    cwd: options.cwd,
    readStdin: async () => '',
    registry,
    strict: options.registry.strict ?? false,
    skip: KindFilter.parse(options.skip ?? []),
    reject: KindFilter.parse(options.reject ?? []),
    ignoreMissingSchemas: options.ignoreMissingSchemas ?? false,
    crds: options.crds ?? [],
    // The findings need each failure's position, not the decoded resources.
    objects: false,
  };
  const { shard } = options;
  if (!shard || shard.count === 1) return runValidation({ ...common, paths: options.paths });
  const found = await discoverFiles(options.paths, { cwd: options.cwd });
  const mine = found.files.filter((file) => inShard(file.path, shard));
  // A CRD serves its kinds to every shard, wherever its file falls, so a sharded run gives
  // each resource the verdict an unsharded run gives it. Only files that name the kind are
  // parsed: the others are another shard's work.
  addCrdsOf(
    registry,
    found.files.filter(
      (file) => !inShard(file.path, shard) && file.text.includes('CustomResourceDefinition'),
    ),
  );
  const run =
    mine.length === 0
      ? { results: [], stdin: false, workers: 0 }
      : await runValidation({ ...common, paths: mine.map((file) => file.path) });
  // The walk stops at an unreadable path; one shard, by its hash, reports it.
  const error = found.error;
  if (!error || !inShard(error.path, shard)) return run;
  const unreadable: ValidationResult = {
    status: 'error',
    reason: 'unreadable',
    file: error.path,
    signature: signatureOf(undefined),
    error: error.message,
  };
  return { ...run, results: [...run.results, unreadable] };
}

function addCrdsOf(registry: SchemaRegistry, files: readonly SourceFile[]): void {
  const positions = new PositionIndex();
  for (const file of files) {
    for (const entry of readEntries(file, positions)) {
      if (entry.type !== 'object' || !isCustomResourceDefinition(entry.value)) continue;
      try {
        registry.addCrd(entry.value, entry.file);
      } catch (error) {
        // A broken CRD is reported by the shard that validates its file.
        if (!(error instanceof CrdError)) throw error;
      }
    }
  }
}

/**
 * Reads the reports that paths and glob patterns (relative to `cwd`) name, e.g. the
 * artifacts of a matrix downloaded into one folder, and merges them. A pattern that matches
 * nothing is an error: a missing artifact must not pass unnoticed.
 */
export async function mergeReportFiles(
  patterns: readonly string[],
  options: { cwd: string },
): Promise<ValidationOutcome> {
  // fs.glob arrived in Node 22; a named import of it would stop the CLI's bundle from even
  // loading on Node 20, so it is looked up when a merge needs it.
  const walkGlob = (fs as Partial<typeof fs>).glob;
  if (!walkGlob)
    throw new ShardReportError(
      `merging reports needs Node 22 or later (this is ${process.version})`,
    );
  const files: string[] = [];
  for (const pattern of patterns) {
    const matched: string[] = [];
    for await (const file of walkGlob(pattern, { cwd: options.cwd })) matched.push(file);
    if (matched.length === 0)
      throw new ShardReportError(
        `reports: '${pattern}' matches no file under ${options.cwd}. Download the shards' artifacts there first (actions/download-artifact with a pattern).`,
      );
    for (const file of matched.sort()) if (!files.includes(file)) files.push(file);
  }
  const reports = await Promise.all(
    files.map(async (file) => {
      const text = await fs.readFile(resolve(options.cwd, file), 'utf8').catch((error: Error) => {
        throw new ShardReportError(`${file}: ${error.message}`);
      });
      return { file, report: parseShardReport(text, file) };
    }),
  );
  return mergeShardReports(reports);
}
