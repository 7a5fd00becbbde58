import type { parentPort } from 'node:worker_threads';
import type { DiscoveredFile } from './discovery.ts';
import { FileWalk, type WalkState } from './file-walk.ts';
import { serveThread, threadRole } from './module-thread.ts';
import { FileBytes, type ReadFailure } from './read-files.ts';

// The reader thread's side of reader-thread.ts: what it runs, and the messages both sides
// exchange. It imports only the walk and the reads, so that its bundle (built beside each
// bundle that holds reader-thread.ts) is small and a thread loads it fast.

/**
 * Files per chunk: a round trip per 256 files costs nothing next to reading them, and a
 * chunk's text is large enough for V8's large-object space (asciiText, reader-thread.ts).
 */
export const chunkSize = 256;
/** Chunks the reader thread may be ahead of this one: a few megabytes of files at most. */
const readWindow = 16;

export interface ReaderSetup {
  maxFileSize: number;
  /** The thread's ready flag (ReaderThread.ready). */
  loaded: Int32Array;
}

/** The walk handed over, once; then 'credit' for each chunk taken. */
export type ToReader = { state: WalkState } | 'credit';

/** Files listed and read by the reader thread. */
export interface ReadChunk {
  /** Relative to the root, joined by NUL (no path holds one): one string clones fastest. */
  paths: string;
  /** Every file's bytes one after another, in one buffer: one transfer, not one per file. */
  bytes: Uint8Array;
  /** Where each file's bytes end in `bytes`; -1 for a file that did not read. */
  ends: number[];
  /** What reading gave for each file with end -1: too large, or an error. */
  failures: Record<number, ReadFailure>;
  /** Whether `bytes` are all printable ASCII or line feeds. */
  printable: boolean;
}

export type FromReader = ReadChunk | { done: true } | { failed: string };

export const role = 'fleetopsReader';

/**
 * The thread's side: once the walk is handed over, list and read chunk after chunk, while
 * there is credit.
 */
function serve(port: NonNullable<typeof parentPort>, { maxFileSize, loaded }: ReaderSetup): void {
  let credit = readWindow;
  let wake: (() => void) | undefined;
  const read = async (walk: FileWalk) => {
    for (;;) {
      const files = walk.take(chunkSize);
      if (files.length > 0) {
        while (credit === 0)
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        credit--;
        const chunk = readChunk(files, maxFileSize);
        port.postMessage(chunk satisfies FromReader, [chunk.bytes.buffer as ArrayBuffer]);
      }
      if (files.length < chunkSize) break;
    }
    port.postMessage({ done: true } satisfies FromReader);
  };
  port.on('message', (message: ToReader) => {
    if (message !== 'credit') {
      read(FileWalk.resume(message.state)).catch((error: unknown) => {
        port.postMessage({ failed: (error as Error).message } satisfies FromReader);
      });
      return;
    }
    credit++;
    wake?.();
  });
  Atomics.store(loaded, 0, 1);
}

function readChunk(files: readonly DiscoveredFile[], maxFileSize: number): ReadChunk {
  const read = new FileBytes(chunkCapacity);
  const ends: number[] = [];
  const failures: Record<number, ReadFailure> = {};
  for (const [i, file] of files.entries()) {
    const failure = read.append(file.absolutePath, maxFileSize);
    if (failure) failures[i] = failure;
    ends.push(failure ? -1 : read.length);
  }
  const paths = files.map((file) => file.path).join('\0');
  const bytes = read.bytes.subarray(0, read.length);
  return { paths, bytes, ends, failures, printable: isPrintableAscii(bytes) };
}

/** A chunk's first buffer: room for 256 manifests of some 1.5 kB and a first read. */
const chunkCapacity = 512 * 1024;

/**
 * Printable ASCII and line feeds only: checked here, where the thread has time to spare,
 * four bytes at a time. A word with a byte of 0x80 or more is not ASCII; one with a byte
 * below 0x20 or of 0x7f (found by the borrow tricks of "Bit Twiddling Hacks", exact for
 * whether such a byte exists) is looked at byte by byte, since line feeds are among them.
 */
export function isPrintableAscii(bytes: Uint8Array): boolean {
  if (bytes.byteOffset % 4 !== 0) return printableBytes(bytes, 0, bytes.length);
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >>> 2);
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if ((word & 0x80808080) !== 0) return false;
    const control = (word - 0x20202020) & ~word & 0x80808080;
    const deleteXor = word ^ 0x7f7f7f7f;
    const deletes = (deleteXor - 0x01010101) & ~deleteXor & 0x80808080;
    if ((control | deletes) !== 0 && !printableBytes(bytes, i * 4, i * 4 + 4)) return false;
  }
  return printableBytes(bytes, words.length * 4, bytes.length);
}

function printableBytes(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const byte = bytes[i]!;
    if ((byte < 32 || byte > 126) && byte !== 10) return false;
  }
  return true;
}

const setup = threadRole<ReaderSetup>(role);
if (setup) await serveThread((port) => serve(port, setup));
