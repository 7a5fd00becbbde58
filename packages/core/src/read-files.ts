import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** What reading one file gave: its bytes, its size when over the limit, or why it failed. */
export type FileRead =
  | { readonly bytes: Uint8Array }
  | { readonly tooLarge: number }
  | { readonly error: string };

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
