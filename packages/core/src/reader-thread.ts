import { existsSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import type { TextFacts } from './block-yaml.ts';
import type { DiscoveredFile } from './discovery.ts';
import { FileWalk, type WalkState } from './file-walk.ts';
import { startModuleThread } from './module-thread.ts';
import {
  batchSize,
  type PreparedEntry,
  prepareHere,
  prepareRead,
  prepareRest,
  prepareText,
} from './prepare.ts';
// Types only: prepare-threads.ts imports this module, and a value imported back would be
// read before it is set in a bundle.
import type { PrepareStats } from './prepare-threads.ts';
import {
  chunkSize,
  type FromReader,
  type ReadChunk,
  type ReaderSetup,
  role,
  type ToReader,
} from './read-ahead.ts';
import { looksBinary } from './text.ts';

/**
 * One thread listing and reading ahead while this one parses. On 2–3 cores parsing
 * threads do not pay: the parse this thread no longer does comes back as JSON.parse and
 * the garbage collection of the documents, which stay here, and reads on several threads
 * slow each other down. But listing directories and reading files — a quarter of loading
 * — overlap with parsing for free.
 *
 * The thread is started at once, and takes some 40 ms to load (read-ahead.ts, bundled on
 * its own). In that time this thread prepares `head` (the files already listed here) and
 * goes on walking, a batch at a time, until the thread says it is ready
 * (`handOver: 'when-ready'`); then the walk is handed over where it stands, and the
 * thread stays a few chunks ahead. If it cannot start or dies, the walk goes on here from
 * where it was handed over, past the files that came back.
 */
export async function* prepareWithReader(
  walk: FileWalk,
  head: readonly DiscoveredFile[],
  maxFileSize: number,
  stats: PrepareStats,
  handOver: 'at-once' | 'when-ready' = 'when-ready',
): AsyncGenerator<readonly PreparedEntry[]> {
  const reader = new ReaderThread(maxFileSize);
  if (reader.alive) stats.threads++;
  try {
    yield prepareHere(head, maxFileSize, stats);
    if (handOver === 'when-ready')
      while (!reader.ready()) {
        const batch = walk.take(batchSize);
        if (batch.length === 0) return;
        yield prepareHere(batch, maxFileSize, stats);
      }
    // Files listed here before the hand-over, prepared while the thread lists and reads its
    // first chunk (some 30 ms, its code not yet optimised), so that this one does not wait.
    const bridge = handOver === 'when-ready' ? walk.take(2 * chunkSize) : [];
    const handedOver = walk.state();
    reader.start(handedOver);
    if (bridge.length > 0) yield prepareHere(bridge, maxFileSize, stats);
    let received = 0;
    for (let chunk = await reader.take(); chunk; chunk = await reader.take()) {
      const batch = preparedChunk(chunk);
      stats.onThreads += batch.length;
      received += batch.length;
      yield batch;
    }
    if (reader.done) return;
    const rest = FileWalk.resume(handedOver);
    rest.take(received);
    yield* prepareRest(rest, maxFileSize, stats);
  } finally {
    reader.close();
  }
}

/**
 * A chunk's files prepared: each from its bytes, or its failure to read. Printable ASCII
 * (checked on the reader thread) is neither binary nor anything the block reader must
 * look for before reading.
 */
function preparedChunk(chunk: ReadChunk): PreparedEntry[] {
  const text = asciiText(chunk.bytes);
  const facts: TextFacts = { printableAscii: chunk.printable };
  let start = 0;
  return chunk.paths.split('\0').map((path, i): PreparedEntry => {
    const end = chunk.ends[i]!;
    if (end === -1) return [path, prepareRead(path, chunk.failures[i]!)];
    const from = start;
    start = end;
    if (text !== undefined && chunk.printable)
      return [path, prepareText(path, text.slice(from, end), facts)];
    // A view on a file's bytes only where they are still to be looked at: 50,000 views
    // showed in profiles.
    const bytes = chunk.bytes.subarray(from, end);
    if (text === undefined || looksBinary(bytes)) return [path, prepareRead(path, { bytes })];
    return [path, prepareText(path, text.slice(from, end), facts)];
  });
}

/**
 * A chunk's files as one string, when they are all ASCII (then a character is a byte,
 * and a file's text is a slice at its byte offsets). One string of some 200 kB is born in
 * V8's large-object space, which the young-generation collector never copies: 50,000
 * small texts would each be copied twice on their way to the old generation. Otherwise
 * undefined, and each file is decoded on its own (strict UTF-8, a BOM dropped).
 */
function asciiText(bytes: Uint8Array): string | undefined {
  try {
    const text = strictUtf8.decode(bytes);
    // Valid UTF-8 with as many characters as bytes holds no multi-byte sequence.
    return text.length === bytes.length ? text : undefined;
  } catch {
    return undefined;
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The file of the bundle of read-ahead.ts that scripts/bundles.mjs writes beside every
 * bundle holding this module.
 */
export const readAheadBundle = 'fleetops-read-ahead.mjs';

/**
 * The module the reader thread runs. Among the sources, read-ahead.ts. In a bundle, the
 * small bundle of read-ahead.ts beside it, which a thread loads in a fraction of the
 * time the whole one takes (some 40 ms against 150 ms, while this thread reads files
 * itself); where there is none, the whole bundle, which holds read-ahead.ts too.
 */
function readAheadModule(): URL {
  const here = new URL(import.meta.url);
  if (here.pathname.endsWith('.ts')) return new URL('./read-ahead.ts', here);
  const beside = new URL(`./${readAheadBundle}`, here);
  return existsSync(beside) ? beside : here;
}

/** The reader thread, seen from this one: its chunks taken in order, and credit given. */
class ReaderThread {
  alive: boolean;
  /** Set to 1 by the thread once it has loaded: read without waiting for a message. */
  private readonly loaded = new Int32Array(new SharedArrayBuffer(4));
  /** Whether the thread listed and read the whole walk. */
  done = false;
  private readonly worker: Worker | undefined;
  private readonly chunks: ReadChunk[] = [];
  private wake: (() => void) | undefined;

  constructor(maxFileSize: number) {
    const data: ReaderSetup = { maxFileSize, loaded: this.loaded };
    this.worker = startModuleThread(readAheadModule(), role, data);
    this.alive = this.worker !== undefined;
    this.worker?.on('message', (message: FromReader) => {
      if ('paths' in message) this.chunks.push(message);
      else if ('done' in message) this.done = true;
      // A walk that failed there is walked again here, where the error is thrown.
      else this.alive = false;
      this.notify();
    });
    // A thread that cannot start or dies says so by 'exit' too.
    this.worker?.on('error', () => {});
    this.worker?.on('exit', () => {
      this.alive = false;
      this.notify();
    });
  }

  /**
   * Whether the thread has loaded and waits for the walk. A flag in shared memory, since
   * this thread, busy preparing files, turns no event loop that could bring a message.
   */
  ready(): boolean {
    return Atomics.load(this.loaded, 0) === 1;
  }

  /** Hands the walk over: the thread lists and reads it from `state` on. */
  start(state: WalkState): void {
    this.worker?.postMessage({ state } satisfies ToReader);
  }

  /** The next chunk, or undefined at the end of the walk or when the thread is gone. */
  async take(): Promise<ReadChunk | undefined> {
    while (this.chunks.length === 0 && this.alive && !this.done)
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    const chunk = this.chunks.shift();
    if (chunk && this.alive) this.worker!.postMessage('credit' satisfies ToReader);
    return chunk;
  }

  close(): void {
    if (this.worker) void this.worker.terminate();
  }

  private notify(): void {
    this.wake?.();
    this.wake = undefined;
  }
}
