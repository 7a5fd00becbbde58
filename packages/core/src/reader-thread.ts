import type { parentPort, Worker } from 'node:worker_threads';
import { serveThread, startModuleThread, threadRole } from './module-thread.ts';
import { type PreparedFile, prepareRead } from './prepare.ts';
import type { Chunk, PrepareStats } from './prepare-threads.ts';
import { type FileRead, readFile } from './read-files.ts';

/** Chunks the reader thread may be ahead of this one: a few megabytes of files at most. */
const readWindow = 16;

/**
 * One thread reading ahead while this one parses: on 2–3 cores the parsing threads do
 * not pay (the parse that this thread no longer does comes back as JSON.parse and the
 * garbage collection of the documents, which stay here, and reads on several threads
 * slow each other down), but reading — a fifth of loading — overlaps with parsing for
 * free. The thread stays `readWindow` chunks ahead; a chunk it did not read (it could
 * not start, or died) is read here.
 */
export async function* prepareWithReader(
  chunks: readonly Chunk[],
  reader: ReaderThread,
  stats: PrepareStats,
): AsyncGenerator<PreparedFile> {
  if (reader.alive) stats.threads++;
  let sent = 0;
  try {
    for (const chunk of chunks) {
      for (; sent < Math.min(chunks.length, chunk.id + readWindow); sent++)
        reader.request(chunks[sent]!);
      const reads = await reader.take(chunk.id);
      for (const [i, file] of chunk.files.entries()) {
        if (reads) stats.onThreads++;
        else stats.here++;
        const read = reads?.[i] ?? readFile(file.absolutePath, reader.maxFileSize);
        yield prepareRead(file.path, read);
      }
    }
  } finally {
    reader.close();
  }
}

/** The reader thread, seen from this one: chunks requested, and their reads taken. */
export class ReaderThread {
  alive: boolean;
  private readonly worker: Worker | undefined;
  private readonly reads = new Map<number, FileRead[]>();
  private wake: (() => void) | undefined;

  constructor(readonly maxFileSize: number) {
    this.worker = startModuleThread(new URL(import.meta.url), role, { maxFileSize });
    this.alive = this.worker !== undefined;
    this.worker?.on('message', (message: ReadBack) => this.received(message));
    // A thread that cannot start or dies says so by 'exit' too: its chunks are read here.
    this.worker?.on('error', () => {});
    this.worker?.on('exit', () => {
      this.alive = false;
      this.notify();
    });
  }

  request(chunk: Chunk): void {
    if (!this.alive) return;
    const paths = chunk.files.map((file) => file.absolutePath).join('\0');
    this.worker!.postMessage({ id: chunk.id, paths } satisfies ReadRequest);
  }

  /** The reads of a requested chunk, once they are back; undefined when they never will be. */
  async take(id: number): Promise<FileRead[] | undefined> {
    while (this.alive && !this.reads.has(id))
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    const reads = this.reads.get(id);
    this.reads.delete(id);
    return reads;
  }

  private received({ id, bytes, ends, failures }: ReadBack): void {
    let start = 0;
    const reads = ends.map((end, i): FileRead => {
      if (end === -1) return failures[i]!;
      const read = { bytes: bytes.subarray(start, end) };
      start = end;
      return read;
    });
    this.reads.set(id, reads);
    this.notify();
  }

  close(): void {
    if (this.worker) void this.worker.terminate();
  }

  private notify(): void {
    this.wake?.();
    this.wake = undefined;
  }
}

/** A chunk read by the reader thread. */
interface ReadBack {
  id: number;
  /** Every file's bytes one after another, in one buffer: one transfer, not 128. */
  bytes: Uint8Array;
  /** Where each file's bytes end in `bytes`; -1 for a file that did not read. */
  ends: number[];
  /** What reading gave for each file with end -1: too large, or an error. */
  failures: Record<number, FileRead>;
}

/**
 * A chunk to read, its paths joined by NUL (no path holds one): one string is cloned
 * faster than an array of them.
 */
interface ReadRequest {
  id: number;
  paths: string;
}

const role = 'fleetopsReader';

/** The thread's side: read each chunk and send it back. */
function serve(port: NonNullable<typeof parentPort>, maxFileSize: number): void {
  port.on('message', ({ id, paths }: ReadRequest) => readChunk(port, id, paths, maxFileSize));
}

function readChunk(
  port: NonNullable<typeof parentPort>,
  id: number,
  paths: string,
  maxFileSize: number,
): void {
  const reads = paths.split('\0').map((path) => readFile(path, maxFileSize));
  let length = 0;
  for (const read of reads) if ('bytes' in read) length += read.bytes.length;
  const bytes = new Uint8Array(length);
  const ends: number[] = [];
  const failures: Record<number, FileRead> = {};
  let end = 0;
  for (const [i, read] of reads.entries()) {
    if (!('bytes' in read)) {
      failures[i] = read;
      ends.push(-1);
      continue;
    }
    bytes.set(read.bytes, end);
    end += read.bytes.length;
    ends.push(end);
  }
  port.postMessage({ id, bytes, ends, failures } satisfies ReadBack, [bytes.buffer]);
}

const setup = threadRole<{ maxFileSize: number }>(role);
if (setup) await serveThread((port) => serve(port, setup.maxFileSize));
