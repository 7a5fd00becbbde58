import type { MessagePort } from 'node:worker_threads';
import { PositionIndex, serveThread, threadRole } from '@fleetops/core';
import type { ResourceType, SchemaResult } from '@fleetops/schemas';
import type { Batch, Unit } from './batch.ts';
import { type Entry, readDocument, syntaxOf } from './documents.ts';
import { KindFilter } from './filters.ts';
import { resultOf } from './result.ts';
import { RemoteSchemas } from './schema-broker.ts';
import { ResourceValidator, type SchemaSource } from './validator.ts';
import { WireEncoder, type WireResult } from './wire.ts';

// A worker thread of the kubeconform job. It is this very module (or, in a bundle, the
// bundle) started again with `workerData`: the thread reads documents, validates them with
// its own compiled schemas, and hands back plain results. The main thread keeps everything
// that must be one per run: the files, the registry, the order of results.

/** The module to start a worker from: this file, or the single-file bundle holding it. */
export const workerUrl = new URL(import.meta.url);
/** The workerData key of a validation thread (module-thread.ts in core). */
export const workerRole = 'fleetopsValidate';

/** The run's options as a worker gets them: plain data. */
export interface WorkerSetup {
  readonly cwd: string;
  readonly strict: boolean;
  readonly skip: readonly string[];
  readonly reject: readonly string[];
  readonly ignoreMissingSchemas: boolean;
  readonly objects: boolean;
  /** Tests only: a path (`*`: any) whose batch makes the worker fail in the given way. */
  readonly crash?: { readonly path: string; readonly how: 'exit' | 'throw' | 'reject' };
}

/** A batch's results, one list per unit, and the schema sources they name. */
export interface BatchResults {
  readonly sources: readonly string[];
  readonly units: readonly (readonly WireResult[])[];
}

export type ToWorker =
  | { readonly type: 'warm'; readonly types: readonly { apiVersion: string; kind: string }[] }
  | { readonly type: 'batch'; readonly batch: Batch }
  | { readonly type: 'schema'; readonly id: number; readonly answer: SchemaResult };

export type FromWorker =
  | { readonly type: 'loaded' }
  | { readonly type: 'ready' }
  | { readonly type: 'results'; readonly id: number; readonly results: BatchResults }
  | { readonly type: 'failed'; readonly id: number; readonly message: string }
  | {
      readonly type: 'schema';
      readonly id: number;
      readonly apiVersion: string;
      readonly kind: string;
      readonly compiles: boolean;
    };

/** The validator a thread uses for its batches. */
export function batchValidator(setup: WorkerSetup, registry: SchemaSource): ResourceValidator {
  return new ResourceValidator({
    registry,
    cwd: setup.cwd,
    skip: new KindFilter(setup.skip),
    reject: new KindFilter(setup.reject),
    ignoreMissingSchemas: setup.ignoreMissingSchemas,
  });
}

/**
 * The results of a batch, one list per unit, in document order. Every document is read
 * first and the schemas of all its types asked for at once: one wait for a batch, not one
 * round trip to the main thread per new kind.
 */
export async function batchResults(
  batch: Batch,
  validator: ResourceValidator,
  setup: WorkerSetup,
): Promise<BatchResults> {
  // Positions are only needed by `locate`, which the main thread rebuilds; errors without a
  // resource are located here, from a throwaway index.
  const positions = new PositionIndex();
  const units = batch.units.map((unit) => unitEntries(unit, setup, positions));
  const types = new Map<string, Record<string, unknown>>();
  for (const entries of units)
    for (const { entry } of entries)
      if (entry.type === 'object')
        types.set(`${entry.value.apiVersion}\0${entry.value.kind}`, entry.value);
  await Promise.all([...types.values()].map((value) => validator.prefetch(value)));
  const wire = new WireEncoder();
  const out: WireResult[][] = [];
  for (const entries of units) {
    const results: WireResult[] = [];
    for (const { entry, document } of entries) {
      const result = await resultOf(validator, entry, setup);
      results.push(
        entry.type === 'object' ? wire.encode(result, document, entry.path) : wire.encode(result),
      );
    }
    out.push(results);
  }
  return { sources: wire.sources, units: out };
}

function unitEntries(
  unit: Unit,
  setup: WorkerSetup,
  positions: PositionIndex,
): { entry: Entry; document: number }[] {
  const syntax = syntaxOf(unit.path);
  const options = { strict: setup.strict };
  return unit.tokens.flatMap((token, i) => {
    const document = unit.first + i;
    return readDocument(unit.path, token, document, syntax, positions, options).map((entry) => ({
      entry,
      document,
    }));
  });
}

/** The worker's loop: batches in, results out; schemas asked of the main thread. */
function serve(port: MessagePort, setup: WorkerSetup): void {
  const pending = new Map<number, (answer: SchemaResult) => void>();
  let asked = 0;
  const ask = (type: ResourceType, compiles: boolean) =>
    new Promise<SchemaResult>((resolve) => {
      const id = asked++;
      pending.set(id, resolve);
      const { apiVersion, kind } = type;
      port.postMessage({ type: 'schema', id, apiVersion, kind, compiles } satisfies FromWorker);
    });
  const validator = batchValidator(setup, new RemoteSchemas(ask));
  // One batch at a time, in the order they came: the next waits in the port's queue.
  let queue = Promise.resolve();
  port.on('message', (message: ToWorker) => {
    if (message.type === 'schema') {
      pending.get(message.id)?.(message.answer);
      pending.delete(message.id);
      return;
    }
    if (message.type === 'warm') {
      // Compiling the schemas in use before taking a batch keeps a thread's slow first
      // batch from holding up the end of a run. Failures show in the batches that need them.
      queue = queue.then(async () => {
        await validator.warm(message.types).catch(() => {});
        port.postMessage({ type: 'ready' } satisfies FromWorker);
      });
      return;
    }
    const { batch } = message;
    queue = queue.then(async () => {
      let reply: FromWorker;
      try {
        await crashTest(batch, setup);
        reply = {
          type: 'results',
          id: batch.id,
          results: await batchResults(batch, validator, setup),
        };
      } catch (error) {
        reply = { type: 'failed', id: batch.id, message: String((error as Error)?.stack ?? error) };
      }
      port.postMessage(reply);
    });
  });
  port.postMessage({ type: 'loaded' } satisfies FromWorker);
}

async function crashTest(batch: Batch, setup: WorkerSetup): Promise<void> {
  const crash = setup.crash;
  if (!crash || !batch.units.some((unit) => crash.path === '*' || unit.path === crash.path)) return;
  if (crash.how === 'exit') process.exit(3);
  if (crash.how === 'reject') throw new Error(`test failure on ${crash.path}`);
  setImmediate(() => {
    throw new Error(`test crash on ${crash.path}`);
  });
  await new Promise(() => {});
}

const setup = threadRole<WorkerSetup>(workerRole);
if (setup) await serveThread((port) => serve(port, setup));
