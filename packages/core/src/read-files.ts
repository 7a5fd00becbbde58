import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/** What reading one file gave: its bytes, its size when over the limit, or why it failed. */
export type FileRead =
  | { readonly bytes: Uint8Array }
  | { readonly tooLarge: number }
  | { readonly error: string };

export interface ReadFilesOptions {
  /** Files larger than this are not read; their size is reported instead. */
  maxFileSize: number;
  /**
   * `auto` (the default) reads on a second thread when there are enough files for it to
   * pay; `always` and `never` force the choice (tests).
   */
  thread?: 'auto' | 'always' | 'never';
}

/** Below this many files a thread costs more to start than it saves. */
const threadThreshold = 2000;

/**
 * Reads `paths` in order, yielding one FileRead per path. For a big repository the reads
 * run on a second thread, so the disk's system calls (about a third of loading 50,000
 * small files) overlap with parsing on this one: the bytes come back transferred, not
 * copied. Anything wrong with the thread — it cannot start, it dies — and the rest are
 * read here: a read is never lost.
 */
export async function* readFiles(
  paths: readonly string[],
  options: ReadFilesOptions,
): AsyncGenerator<FileRead> {
  const mode = options.thread ?? 'auto';
  const threaded = mode === 'always' || (mode === 'auto' && paths.length >= threadThreshold);
  let next = 0;
  if (threaded) {
    for await (const read of readOnThread(paths, options.maxFileSize)) {
      next++;
      yield read;
    }
  }
  for (; next < paths.length; next++) yield readFile(paths[next]!, options.maxFileSize);
}

/** One file, synchronously: open, size, read, close — no more system calls than that. */
export function readFile(path: string, maxFileSize: number): FileRead {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const stats = fstatSync(fd);
    const { size } = stats;
    // A directory is not over the limit: reading it fails below with EISDIR.
    if (stats.isFile() && size > maxFileSize) return { tooLarge: size };
    const bytes = new Uint8Array(size);
    let filled = 0;
    while (filled < size) {
      const count = readSync(fd, bytes, filled, size - filled, null);
      if (count === 0) break;
      filled += count;
    }
    return { bytes: filled === size ? bytes : bytes.subarray(0, filled) };
  } catch (error) {
    return { error: (error as Error).message };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The reading thread's whole program. It is source text, evaluated by the Worker, because
 * a thread started from a file would need that file beside every bundle (the actions'
 * dist/index.js, the CLI's) and a loader for TypeScript in development; this needs neither.
 * It mirrors readFile above and posts batches, transferring each file's buffer.
 */
const readerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { openSync, fstatSync, readSync, closeSync } = require('node:fs');
const { paths, maxFileSize, batchBytes, batchFiles } = workerData;
let batch = [], transfer = [], bytesInBatch = 0;
for (const path of paths) {
  let fd, read;
  try {
    fd = openSync(path, 'r');
    const stats = fstatSync(fd), size = stats.size;
    if (stats.isFile() && size > maxFileSize) read = { tooLarge: size };
    else {
      const bytes = new Uint8Array(size);
      let filled = 0;
      while (filled < size) {
        const count = readSync(fd, bytes, filled, size - filled, null);
        if (count === 0) break;
        filled += count;
      }
      read = { bytes: filled === size ? bytes : bytes.slice(0, filled) };
      transfer.push(read.bytes.buffer);
      bytesInBatch += filled;
    }
  } catch (error) {
    read = { error: error.message };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  batch.push(read);
  if (batch.length >= batchFiles || bytesInBatch >= batchBytes) {
    parentPort.postMessage(batch, transfer);
    batch = []; transfer = []; bytesInBatch = 0;
  }
}
parentPort.postMessage(batch, transfer);
`;

/**
 * Yields the thread's reads as they arrive, in order. Ends early, without an error, if the
 * thread fails: the caller reads what is left itself.
 */
async function* readOnThread(
  paths: readonly string[],
  maxFileSize: number,
): AsyncGenerator<FileRead> {
  let worker: Worker;
  try {
    worker = new Worker(readerSource, {
      eval: true,
      workerData: { paths, maxFileSize, batchBytes: 1 << 20, batchFiles: 256 },
    });
  } catch {
    return;
  }
  const inbox: FileRead[][] = [];
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  worker.on('message', (batch: FileRead[]) => {
    inbox.push(batch);
    notify();
  });
  // An error is followed by 'exit'; either way the thread is done and the caller takes over.
  worker.on('error', () => {});
  worker.on('exit', () => {
    ended = true;
    notify();
  });
  try {
    let received = 0;
    while (received < paths.length) {
      const batch = inbox.shift();
      if (batch) {
        received += batch.length;
        yield* batch;
      } else if (ended) {
        return;
      } else {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    }
  } finally {
    if (!ended) void worker.terminate();
  }
}
