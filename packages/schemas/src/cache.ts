import { createHash, randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * kubeconform's on-disk cache: one file per URL, named by the hex SHA-256 of the URL, holding
 * the response body. The same directory serves kubeconform and fleetops alike.
 */
export class DiskCache {
  constructor(readonly directory: string) {}

  pathFor(url: string): string {
    return join(this.directory, createHash('sha256').update(url).digest('hex'));
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

  /**
   * Writes through a temporary file and a rename, so a concurrent reader (another shard on a
   * shared cache) sees either no file or the whole body, never a torn one.
   */
  async set(url: string, body: string): Promise<void> {
    const path = this.pathFor(url);
    const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temporary, body);
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
}
