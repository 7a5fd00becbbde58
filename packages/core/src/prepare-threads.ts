import { availableParallelism } from 'node:os';
import type { parentPort, Worker } from 'node:worker_threads';
import type { DiscoveredFile } from './discovery.ts';
import { type ParsedSource, parseSource, syntaxOf } from './document.ts';
import type { FileWalk } from './file-walk.ts';
import { serveThread, startModuleThread, threadRole } from './module-thread.ts';
import {
  type PreparedEntry,
  type PreparedFile,
  prepareHere,
  prepareRead,
  prepareRest,
} from './prepare.ts';
import { readFile } from './read-files.ts';
import { prepareWithReader } from './reader-thread.ts';

// Loading a big repository is mostly YAML parsing, which is single-threaded JavaScript.
// With four cores or more it runs on worker threads: each reads, decodes and parses a
// chunk of files and sends the parsed documents back as JSON text, because JSON.parse
// rebuilds them on this thread about twice as fast as the block reader parses YAML, and
// faster than a structured clone. With two or three, one thread reads ahead while this one
// parses (prepareWithReader). A thread started from this module is this module itself (or
// the single-file bundle that holds it), started by module-thread.ts.

export interface PrepareOptions {
  maxFileSize: number;
  /**
   * `auto` (the default) uses threads when there are enough files for them to pay: parsing
   * threads from four cores, a reader thread below. `always` (parsing threads), `reader` and
   * `never` force the choice (tests, benchmarks).
   */
  threads?: 'auto' | 'always' | 'reader' | 'never';
  /** Filled in as files are prepared: where the work ran (benchmarks, tests). */
  stats?: PrepareStats;
}

export interface PrepareStats {
  /** Threads started. */
  threads: number;
  /** Files prepared on a thread, and on the calling thread. */
  onThreads: number;
  here: number;
}

/**
 * From this many cores, threads parse (each needs a core besides this thread's); below,
 * one thread reads ahead (prepareWithReader).
 */
const parseThreadCores = 4;
/** Below this many files, starting parsing threads costs more than they save. */
const parseThreshold = 2000;
/**
 * Below this many files the reader thread does not pay: it saves some 5 µs of system
 * calls per file here, against a thread's start and a message per chunk. Measured on 2
 * cores: 40 ms lost on 5,000 larger files (`pnpm bench load`), 200 ms won on 50,000. The
 * walk's size is judged by what it has listed and not yet walked, `firstStep` files at a
 * time up to 2,000 listed, so that the thread starts as early as it can.
 */
const readerThreshold = 10_000;
const firstStep = 256;
/** Files per message: enough to amortise a round trip, few enough to keep threads busy. */
const chunkSize = 128;

/**
 * Yields every file of the walk prepared, in the walk's order, on threads when it pays.
 * The first files are listed here to see whether they do: past the threshold, the rest
 * of the walk is listed for the parsing threads, or handed to the reader thread, which
 * lists and reads it while this thread parses what is already listed.
 */
export async function* prepareFiles(
  walk: FileWalk,
  options: PrepareOptions,
): AsyncGenerator<readonly PreparedEntry[]> {
  const stats = options.stats ?? { threads: 0, onThreads: 0, here: 0 };
  const { maxFileSize } = options;
  const cores = availableParallelism();
  const mode = options.threads ?? 'auto';
  if (mode === 'reader') {
    yield* prepareWithReader(walk, [], maxFileSize, stats, 'at-once');
    return;
  }
  const parsing = mode === 'always' || cores >= parseThreadCores;
  if (mode === 'auto' && !parsing && cores > 1) {
    const { head, big } = firstLook(walk);
    if (big) yield* prepareWithReader(walk, head, maxFileSize, stats);
    else yield* prepareRest(walk, maxFileSize, stats, head);
    return;
  }
  const head = mode === 'never' ? [] : walk.take(parseThreshold);
  const big = head.length === parseThreshold;
  if (mode === 'always' || (mode === 'auto' && big && parsing)) {
    // Each thread wants a core besides this one's; when forced, two, to exercise the order.
    const count = Math.min(Math.max(cores - 1, 2), 4);
    yield* prepareOnThreads([...head, ...walk.take()], maxFileSize, count, stats);
  } else yield* prepareRest(walk, maxFileSize, stats, head);
}

/**
 * The walk's first files, listed `firstStep` at a time until it is known to hold enough
 * files for the reader thread (`big`), ends, or 2,000 files are listed.
 */
function firstLook(walk: FileWalk): { head: DiscoveredFile[]; big: boolean } {
  const head: DiscoveredFile[] = [];
  while (head.length < parseThreshold) {
    const step = walk.take(firstStep);
    head.push(...step);
    if (step.length < firstStep) return { head, big: false };
    if (head.length + walk.pending() >= readerThreshold) return { head, big: true };
  }
  return { head, big: false };
}

/**
 * What a thread sends for one file: a PreparedFile, or a source file's bytes (transferred,
 * not copied) with its parse in the chunk's JSON when JSON can carry it.
 */
type WireFile =
  | Exclude<PreparedFile, { kind: 'source' }>
  | { kind: 'json'; bytes: Uint8Array }
  | { kind: 'text'; bytes: Uint8Array };

interface Chunk {
  readonly id: number;
  readonly files: readonly DiscoveredFile[];
}

interface ThreadChunk {
  id: number;
  /** The files' absolute paths. */
  paths: string[];
}

interface ToThread {
  chunk: ThreadChunk;
}

interface FromThread {
  id: number;
  files: WireFile[];
  /** The ParsedSource of every `json` file, in order, as one JSON array. */
  parsed: string;
}

/**
 * Chunks go to threads as they ask for work; results come back in any order and are
 * yielded in the files' order. A chunk whose thread fails (it cannot start — no TypeScript
 * loader in a thread of the sources —, throws or exits) is prepared here instead.
 */
async function* prepareOnThreads(
  files: readonly DiscoveredFile[],
  maxFileSize: number,
  count: number,
  stats: PrepareStats,
): AsyncGenerator<readonly PreparedEntry[]> {
  const chunks = chunksOf(files);
  const done = new Map<number, FromThread>();
  const orphaned = new Set<number>();
  let unassigned = 0;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const threads = new Set<Worker>();
  const assign = (worker: Worker, inFlight: Set<number>) => {
    if (unassigned >= chunks.length) return;
    const chunk = chunks[unassigned++]!;
    inFlight.add(chunk.id);
    worker.postMessage({ chunk: toThread(chunk) } satisfies ToThread);
  };
  for (let i = 0; i < count; i++) {
    const worker = startThread(maxFileSize);
    if (!worker) break;
    threads.add(worker);
    stats.threads++;
    const inFlight = new Set<number>();
    worker.on('message', (message: FromThread) => {
      inFlight.delete(message.id);
      done.set(message.id, message);
      assign(worker, inFlight);
      notify();
    });
    worker.on('error', () => {});
    worker.on('exit', () => {
      threads.delete(worker);
      for (const id of inFlight) orphaned.add(id);
      notify();
    });
    // Two chunks each, so a thread never waits for this one between chunks.
    assign(worker, inFlight);
    assign(worker, inFlight);
  }
  try {
    for (const chunk of chunks) {
      for (;;) {
        const message = done.get(chunk.id);
        if (message) {
          done.delete(chunk.id);
          stats.onThreads += message.files.length;
          const parsed = (JSON.parse(message.parsed) as ParsedSource[]).values();
          yield message.files.map((file, i): PreparedEntry => {
            const { path } = chunk.files[i]!;
            return [path, fromWire(file, path, parsed)];
          });
          break;
        }
        const lost = orphaned.has(chunk.id) || (threads.size === 0 && chunk.id >= unassigned);
        if (lost) {
          if (chunk.id >= unassigned) unassigned = chunk.id + 1;
          yield prepareHere(chunk.files, maxFileSize, stats);
          break;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    }
  } finally {
    for (const worker of threads) void worker.terminate();
  }
}

function chunksOf(files: readonly DiscoveredFile[]): Chunk[] {
  const chunks: Chunk[] = [];
  for (let i = 0; i < files.length; i += chunkSize)
    chunks.push({ id: chunks.length, files: files.slice(i, i + chunkSize) });
  return chunks;
}

function toThread(chunk: Chunk): ThreadChunk {
  return { id: chunk.id, paths: chunk.files.map((file) => file.absolutePath) };
}

function fromWire(file: WireFile, path: string, parsed: Iterator<ParsedSource>): PreparedFile {
  if (file.kind !== 'json' && file.kind !== 'text') return file;
  // The thread has decoded these bytes once already: they are valid UTF-8.
  const text = utf8.decode(file.bytes);
  if (file.kind === 'json') return { kind: 'source', text, parsed: parsed.next().value! };
  // Documents JSON cannot carry (non-finite numbers, -0) are parsed again here.
  return { kind: 'source', text, parsed: parseSource(text, syntaxOf(path)) };
}

const utf8 = new TextDecoder('utf-8', { ignoreBOM: false });

const role = 'fleetopsPrepare';

function startThread(maxFileSize: number): Worker | undefined {
  return startModuleThread(new URL(import.meta.url), role, { maxFileSize });
}

/** The thread's side: prepare each chunk and send it back. */
function serve(port: NonNullable<typeof parentPort>, maxFileSize: number): void {
  port.on('message', ({ chunk }: ToThread) => prepareChunk(port, chunk, maxFileSize));
}

function prepareChunk(
  port: NonNullable<typeof parentPort>,
  chunk: ThreadChunk,
  maxFileSize: number,
): void {
  const parsed: ParsedSource[] = [];
  const transfer: ArrayBuffer[] = [];
  const files = chunk.paths.map((path): WireFile => {
    const read = readFile(path, maxFileSize);
    const prepared = prepareRead(path, read);
    if (prepared.kind !== 'source' || !('bytes' in read)) return prepared as WireFile;
    // readFile gives each file a buffer of its own, so it can be transferred.
    const { bytes } = read;
    transfer.push(bytes.buffer as ArrayBuffer);
    if (!jsonSafe(prepared.parsed)) return { kind: 'text', bytes };
    parsed.push(prepared.parsed);
    return { kind: 'json', bytes };
  });
  const back: FromThread = { id: chunk.id, files, parsed: JSON.stringify(parsed) };
  port.postMessage(back, transfer);
}

/** Whether JSON carries `value` exactly: no non-finite number, no negative zero. */
function jsonSafe(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (typeof value !== 'object' || value === null) return true;
  if (Array.isArray(value)) return value.every(jsonSafe);
  for (const key in value) if (!jsonSafe((value as Record<string, unknown>)[key])) return false;
  return true;
}

const setup = threadRole<{ maxFileSize: number }>(role);
if (setup) await serveThread((port) => serve(port, setup.maxFileSize));
