import { createHash, randomBytes } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * kubeconform's on-disk cache: one file per URL, named by the hex SHA-256 of the URL, holding
 * the response body. The same directory serves kubeconform and fleetops alike.
 *
 * Beside it, fleetops keeps the URLs that answered 404: an empty `<sha256>.404` whose mtime is
 * when the 404 was seen. kubeconform opens only `<sha256>` files, so it never sees a marker and
 * a folder shared with it stays valid.
 */
export class DiskCache {
  constructor(readonly directory: string) {}

  pathFor(url: string): string {
    return join(this.directory, createHash('sha256').update(url).digest('hex'));
  }

  /** The marker of a 404 at `url`. */
  notFoundPathFor(url: string): string {
    return `${this.pathFor(url)}.404`;
  }

  /** The cached body, or undefined when there is none. */
  async get(url: string): Promise<string | undefined> {
    try {
      return await readFile(this.pathFor(url), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Caches a body; a marker of an earlier 404 is left to the caller (clearNotFound). */
  set(url: string, body: string): Promise<void> {
    return write(this.pathFor(url), body);
  }

  /** When `url` was last seen answering 404 (ms since the epoch), or undefined. */
  async notFoundSince(url: string): Promise<number | undefined> {
    try {
      const info = await stat(this.notFoundPathFor(url));
      return info.isFile() ? info.mtimeMs : undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Records a 404 at `url` now: a new marker, or a fresh one over an expired one. */
  setNotFound(url: string): Promise<void> {
    return write(this.notFoundPathFor(url), '');
  }

  clearNotFound(url: string): Promise<void> {
    return rm(this.notFoundPathFor(url), { force: true });
  }
}

/**
 * Writes through a temporary file and a rename, so a concurrent reader (another shard on a
 * shared cache) sees either no file or the whole body, never a torn one. The `.tmp` suffix
 * tells a write in progress (or left by a crash) from an entry.
 */
async function write(path: string, body: string): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, body);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
