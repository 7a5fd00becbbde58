import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** What reading one file gave: its bytes, its size when over the limit, or why it failed. */
export type FileRead =
  | { readonly bytes: Uint8Array }
  | { readonly tooLarge: number }
  | { readonly error: string };

/** Why a file was not read: over the size limit, or a failure. */
export type ReadFailure = Exclude<FileRead, { bytes: Uint8Array }>;

/**
 * Manifests are small: a read with this much room takes a whole file with no stat, which
 * is a third of the system calls' time on a 50,000-file fleet. Only a file that fills the
 * room is measured.
 */
const firstReadRoom = 64 * 1024;

/**
 * Files read one after another into one buffer, which grows as they need: a chunk of
 * files for another thread is one allocation and one transfer, not a buffer per file.
 */
export class FileBytes {
  bytes: Uint8Array;
  /** Bytes used: the files appended so far, end to end. */
  length = 0;

  constructor(private readonly capacity: number) {
    this.bytes = new Uint8Array(capacity);
  }

  /**
   * Appends a file's bytes, synchronously: open, one read, close (and a stat only for a
   * large file). Appends nothing when the file is over the limit or fails, and says why.
   */
  append(path: string, maxFileSize: number): ReadFailure | undefined {
    const start = this.length;
    let fd: number | undefined;
    try {
      fd = openSync(path, 'r');
      this.reserve(firstReadRoom);
      const room = this.bytes.length - start;
      const first = readSync(fd, this.bytes, start, room, null);
      this.length = start + first;
      // A read of a regular file that leaves room has reached the file's end.
      const failure = first < room ? undefined : this.appendRest(fd, start, maxFileSize);
      const size = this.length - start;
      if (failure === undefined && size <= maxFileSize) return undefined;
      this.length = start;
      return failure ?? { tooLarge: size };
    } catch (error) {
      this.length = start;
      return { error: (error as Error).message };
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  /** Empties the buffer, and lets go of one a large file made grow. */
  clear(): void {
    this.length = 0;
    if (this.bytes.length > this.capacity) this.bytes = new Uint8Array(this.capacity);
  }

  /** The rest of a file, starting at `start`, that filled the room of the first read. */
  private appendRest(fd: number, start: number, maxFileSize: number): ReadFailure | undefined {
    const size = fstatSync(fd).size;
    if (size > maxFileSize) return { tooLarge: size };
    for (;;) {
      this.reserve(Math.max(start + size - this.length, firstReadRoom));
      const count = readSync(fd, this.bytes, this.length, this.bytes.length - this.length, null);
      if (count === 0) return undefined;
      this.length += count;
    }
  }

  /** Room for at least `room` more bytes after `length`. */
  private reserve(room: number): void {
    if (this.bytes.length - this.length >= room) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + room));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }
}

/** One buffer per thread, used by one read at a time (reads are sync). */
const scratch = new FileBytes(firstReadRoom);

/**
 * One file's bytes as a view on this thread's scratch buffer, valid until the next read
 * here: for a file decoded at once (prepare.ts), which keeps none of its bytes.
 */
export function readFileView(path: string, maxFileSize: number): FileRead {
  scratch.clear();
  return scratch.append(path, maxFileSize) ?? { bytes: scratch.bytes.subarray(0, scratch.length) };
}

/** One file, in a buffer of its own (which may be transferred to another thread). */
export function readFile(path: string, maxFileSize: number): FileRead {
  const read = readFileView(path, maxFileSize);
  return 'bytes' in read ? { bytes: read.bytes.slice() } : read;
}
