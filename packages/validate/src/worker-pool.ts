import type { Worker } from 'node:worker_threads';
import { startModuleThread } from '@fleetops/core';
import type { Batch } from './batch.ts';
import type { SchemaBroker } from './schema-broker.ts';
import {
  type BatchResults,
  type FromWorker,
  type ToWorker,
  type WorkerSetup,
  workerRole,
  workerUrl,
} from './worker.ts';

// A pool for one run, hand-written rather than taken from a library (piscina, tinypool):
// workers here call back into the main thread for schemas mid-task, results must come out
// in batch order with an early stop (-exit-on-error), a failed worker's batches are redone
// on the main thread rather than lost, and a thread that cannot start at all (a runtime
// without TypeScript for the sources) must quietly leave the work to the main thread.

export interface PoolOptions {
  /** Worker threads to start; the main thread validates batches too. */
  readonly workers: number;
  readonly setup: WorkerSetup;
  readonly broker: SchemaBroker;
  /** Runs a batch on the main thread. */
  readonly here: (batch: Batch) => Promise<BatchResults>;
  /** The types whose schemas the run has needed so far, for a new worker to compile first. */
  readonly types: () => readonly { apiVersion: string; kind: string }[];
  /** Takes each batch's results in batch order; returning true stops the run. */
  readonly deliver: (batch: Batch, results: BatchResults) => boolean;
}

export interface PoolRun {
  /** Whether `deliver` stopped the run before its last batch. */
  readonly stopped: boolean;
  /** Worker threads that gave results. */
  readonly workers: number;
}

/**
 * Tests only: make the workers fail on a file (see WorkerSetup.crash); hold the main
 * thread's own batches until every worker is ready, so that small runs reach the workers;
 * count the batches handed back to the main thread.
 */
export const poolTesting: {
  crash?: WorkerSetup['crash'];
  startTogether?: boolean;
  handedBack: number;
} = { handedBack: 0 };

/** Batches a worker holds at once: one being read, one waiting, so it never idles. */
const perWorker = 2;

interface Member {
  readonly worker: Worker | undefined;
  /**
   * Loaded, and the schemas in use compiled: until then it gets no batch, so a run never
   * waits on a thread's start.
   */
  ready: boolean;
  alive: boolean;
  readonly busy: Set<number>;
  delivered: boolean;
}

/**
 * Runs the batches on the main thread and `workers` worker threads, each taking the next
 * batch when free; results are delivered in batch order. The main thread working too
 * spares one thread's start-up, schema compiling and JIT warm-up, the costs that decide
 * whether threads pay at all; it takes a batch only between messages, so a worker waits
 * at most one batch for a schema or its next batch.
 */
export function runPool(batches: readonly Batch[], options: PoolOptions): Promise<PoolRun> {
  return new Promise<PoolRun>((resolve, reject) => {
    const done = new Map<number, BatchResults>();
    const members: Member[] = [];
    // Batches of failed workers, which the main thread takes before new ones.
    const handedBack: Batch[] = [];
    let sent = 0;
    let next = 0;
    let finished = false;
    let stopped = false;
    let working = false;

    const finish = (error?: unknown) => {
      if (finished) return;
      finished = true;
      for (const member of members) {
        member.alive = false;
        void member.worker?.terminate();
      }
      if (error !== undefined) reject(error);
      else resolve({ stopped, workers: members.filter((member) => member.delivered).length });
    };
    const settle = (id: number, results: BatchResults) => {
      if (finished) return;
      done.set(id, results);
      try {
        for (let ready = done.get(next); ready; ready = done.get(next)) {
          done.delete(next);
          if (options.deliver(batches[next]!, ready)) {
            stopped = true;
            return finish();
          }
          next++;
        }
      } catch (error) {
        return finish(error);
      }
      if (next === batches.length) finish();
    };
    // The main thread's turn: one batch, then back to the event loop for messages. An
    // exception here ends the run, as it ends a run on one thread.
    const workHere = () => {
      if (finished || working || holding()) return;
      const batch = handedBack.shift() ?? (sent < batches.length ? batches[sent++] : undefined);
      if (!batch) return;
      working = true;
      options.here(batch).then((results) => {
        working = false;
        settle(batch.id, results);
        setImmediate(workHere);
      }, finish);
    };
    const holding = () =>
      poolTesting.startTogether === true && members.some((member) => member.alive && !member.ready);
    const feed = (member: Member) => {
      while (
        member.ready &&
        member.alive &&
        member.busy.size < perWorker &&
        sent < batches.length
      ) {
        const batch = batches[sent++]!;
        member.busy.add(batch.id);
        member.worker!.postMessage({ type: 'batch', batch } satisfies ToWorker);
      }
    };
    const handBack = (ids: Iterable<number>) => {
      for (const id of ids) {
        handedBack.push(batches[id]!);
        poolTesting.handedBack++;
      }
      workHere();
    };
    // A thread that cannot load, throws or exits hands its batches back.
    const fail = (member: Member) => {
      if (!member.alive) return;
      member.alive = false;
      handBack(member.busy);
      member.busy.clear();
      workHere();
    };
    const answer = (member: Member, message: Extract<FromWorker, { type: 'schema' }>) => {
      const { id, apiVersion, kind, compiles } = message;
      options.broker.answer({ apiVersion, kind }, compiles).then((result) => {
        if (member.alive)
          member.worker!.postMessage({ type: 'schema', id, answer: result } satisfies ToWorker);
      }, finish);
    };

    for (let i = 0; i < options.workers; i++)
      members.push({
        worker: spawn(options.setup),
        ready: false,
        alive: true,
        busy: new Set(),
        delivered: false,
      });
    for (const member of members) {
      const worker = member.worker;
      if (!worker) {
        member.alive = false;
        continue;
      }
      worker.on('message', (message: FromWorker) => {
        if (!member.alive) return;
        if (message.type === 'schema') return answer(member, message);
        if (message.type === 'loaded') {
          worker.postMessage({ type: 'warm', types: options.types() } satisfies ToWorker);
          return;
        }
        if (message.type === 'ready') {
          member.ready = true;
          feed(member);
          return workHere();
        }
        member.busy.delete(message.id);
        if (message.type === 'failed') handBack([message.id]);
        else {
          member.delivered = true;
          settle(message.id, message.results);
        }
        feed(member);
      });
      worker.on('error', () => fail(member));
      worker.on('exit', () => fail(member));
    }
    if (batches.length === 0) finish();
    else setImmediate(workHere);
  });
}

function spawn(setup: WorkerSetup): Worker | undefined {
  return startModuleThread(workerUrl, workerRole, setup);
}
