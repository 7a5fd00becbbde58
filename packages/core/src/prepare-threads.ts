import { availableParallelism } from 'node:os';
import type { parentPort, Worker } from 'node:worker_threads';
import type { DiscoveredFile } from './discovery.ts';
import { type ParsedSource, parseSource, syntaxOf } from './document.ts';
import { serveThread, startModuleThread, threadRole } from './module-thread.ts';
import { type PreparedFile, prepareFile, prepareRead } from './prepare.ts';
import { readFile } from './read-files.ts';

// Loading a big repository is mostly YAML parsing, which is single-threaded JavaScript.
// Here it runs on worker threads: each reads, decodes and parses a chunk of files and
// sends the parsed documents back as JSON text, because JSON.parse rebuilds them on this
// thread five to six times faster than js-yaml parses YAML, and faster than a structured
// clone. A thread started from this module is this module itself (or the single-file
// bundle that holds it), started by module-thread.ts.

export interface PrepareOptions {
  maxFileSize: number;
  /**
   * `auto` (the default) uses threads when there are enough files for them to pay; `always`
   * and `never` force the choice (tests, benchmarks).
   */
  threads?: 'auto' | 'always' | 'never';
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

/** Below this many files, starting threads costs more than they save. */
const threadThreshold = 2000;
/** Files per message: enough to amortise a round trip, few enough to keep threads busy. */
const chunkSize = 128;

/** Yields every file prepared, in the order given, on threads when it pays. */
export async function* prepareFiles(
  files: readonly DiscoveredFile[],
  options: PrepareOptions,
): AsyncGenerator<PreparedFile> {
  const mode = options.threads ?? 'auto';
  const count = Math.min(availableParallelism(), 4);
  const threaded =
    mode === 'always' || (mode === 'auto' && files.length >= threadThreshold && count > 1);
  const stats = options.stats ?? { threads: 0, onThreads: 0, here: 0 };
  if (!threaded) {
    for (const file of files) {
      stats.here++;
      yield prepareFile(file.path, file.absolutePath, options.maxFileSize);
    }
    return;
  }
  yield* prepareOnThreads(files, options.maxFileSize, Math.max(count, 1), stats);
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

interface ToThread {
  chunk: { id: number; files: { path: string; absolutePath: string }[] };
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
): AsyncGenerator<PreparedFile> {
  const chunks: Chunk[] = [];
  for (let i = 0; i < files.length; i += chunkSize)
    chunks.push({ id: chunks.length, files: files.slice(i, i + chunkSize) });
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
    const files = chunk.files.map(({ path, absolutePath }) => ({ path, absolutePath }));
    worker.postMessage({ chunk: { id: chunk.id, files } } satisfies ToThread);
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
          for (const [i, file] of message.files.entries())
            yield fromWire(file, chunk.files[i]!.path, parsed);
          break;
        }
        const lost = orphaned.has(chunk.id) || (threads.size === 0 && chunk.id >= unassigned);
        if (lost) {
          if (chunk.id >= unassigned) unassigned = chunk.id + 1;
          for (const file of chunk.files) {
            stats.here++;
            yield prepareFile(file.path, file.absolutePath, maxFileSize);
          }
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
  port.on('message', ({ chunk }: ToThread) => {
    const parsed: ParsedSource[] = [];
    const transfer: ArrayBuffer[] = [];
    const files = chunk.files.map((file): WireFile => {
      const read = readFile(file.absolutePath, maxFileSize);
      const prepared = prepareRead(file.path, read);
      if (prepared.kind !== 'source' || !('bytes' in read)) return prepared as WireFile;
      // readFile gives each file a buffer of its own, so it can be transferred.
      const { bytes } = read;
      transfer.push(bytes.buffer as ArrayBuffer);
      if (!jsonSafe(prepared.parsed)) return { kind: 'text', bytes };
      parsed.push(prepared.parsed);
      return { kind: 'json', bytes };
    });
    const message: FromThread = { id: chunk.id, files, parsed: JSON.stringify(parsed) };
    port.postMessage(message, transfer);
  });
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
