import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { DiskCache } from './cache.ts';
import type { HttpClient } from './http.ts';

export type JsonSchema = { [key: string]: unknown };

/** One URL's answer. `not-found` lets resolution fall through to the next location. */
export type Loaded =
  | { readonly status: 'found'; readonly schema: JsonSchema }
  | { readonly status: 'not-found'; readonly reason: string }
  | { readonly status: 'error'; readonly message: string };

/**
 * How long a cached 404 stands: 24 hours. Schema catalogs publish a new kind now and then, not
 * by the minute, so a day bounds how long a newly published schema goes unseen while a warm
 * run (many a day in CI) asks nothing; after it, one request per missing URL a day.
 */
export const NOT_FOUND_TTL_MS = 24 * 60 * 60 * 1000;

export interface LoaderOptions {
  readonly http: HttpClient;
  readonly cache?: DiskCache | undefined;
  /** No network: remote schemas come from the on-disk cache or are not found. */
  readonly offline?: boolean | undefined;
  /**
   * How long a 404 recorded in the cache stands before the URL is asked again (from the
   * marker's mtime). Default NOT_FOUND_TTL_MS; 0 records and reads no 404; Infinity never
   * asks again.
   */
  readonly notFoundTtlMs?: number | undefined;
}

function parseSchema(text: string): JsonSchema | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as JsonSchema)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Loads schemas by URL, at most once per URL per run: concurrent callers share one promise, so
 * a thousand Deployments make one request.
 */
export class SchemaLoader {
  readonly #options: LoaderOptions;
  readonly #memo = new Map<string, Promise<Loaded>>();

  constructor(options: LoaderOptions) {
    this.#options = options;
  }

  load(url: string, remote: boolean): Promise<Loaded> {
    let loaded = this.#memo.get(url);
    if (loaded === undefined) {
      loaded = remote ? this.#loadRemote(url) : loadFile(url);
      this.#memo.set(url, loaded);
    }
    return loaded;
  }

  async #loadRemote(url: string): Promise<Loaded> {
    const { http, cache, offline } = this.#options;
    const ttl = this.#options.notFoundTtlMs ?? NOT_FOUND_TTL_MS;
    // Said alike for a live 404 and a cached one: the outcome must not tell them apart.
    const notFound: Loaded = { status: 'not-found', reason: `could not find schema at ${url}` };
    let notFoundSince: number | undefined;
    if (cache !== undefined) {
      // An unreadable or corrupt entry is treated as absent and replaced by a fresh download.
      const cached = await cache.get(url).catch(() => undefined);
      const schema = cached === undefined ? undefined : parseSchema(cached);
      if (schema !== undefined) return { status: 'found', schema };
      if (ttl > 0) {
        notFoundSince = await cache.notFoundSince(url).catch(() => undefined);
        // Offline, any marker is a 404: there is no asking again.
        if (notFoundSince !== undefined && (offline || fresh(notFoundSince, ttl))) return notFound;
      }
    }
    if (offline) return { status: 'not-found', reason: `offline: ${url} is not in the cache` };
    let response: Awaited<ReturnType<HttpClient['get']>>;
    try {
      response = await http.get(url);
    } catch (error) {
      return {
        status: 'error',
        message: `failed downloading schema at ${url}: ${(error as Error).message}`,
      };
    }
    if (response.status === 404) {
      // Only a 404 is definitive; 429, 5xx and network failures are never recorded. A marker
      // that cannot be written costs a request next run, never this run's outcome (kubeconform
      // writes nothing on a 404, so a read-only folder must not fail it).
      if (cache !== undefined && ttl > 0) await cache.setNotFound(url).catch(() => {});
      return notFound;
    }
    if (response.status !== 200) {
      return {
        status: 'error',
        message: `error while downloading schema at ${url} - received HTTP status ${response.status}`,
      };
    }
    const schema = parseSchema(response.body);
    // kubeconform treats a body that is not JSON (a proxy's HTML page) as "not here".
    if (schema === undefined) return { status: 'not-found', reason: `no JSON schema at ${url}` };
    if (cache !== undefined) {
      try {
        await cache.set(url, response.body);
      } catch (error) {
        return {
          status: 'error',
          message: `failed to write cache to disk: ${(error as Error).message}`,
        };
      }
      // The schema was published since the 404: its marker is stale.
      if (notFoundSince !== undefined) await cache.clearNotFound(url).catch(() => {});
    }
    return { status: 'found', schema };
  }
}

/**
 * Whether a 404 seen at `since` still stands. A marker dated ahead of this clock (another
 * machine's, restored from a shared cache) is trusted no further ahead than the TTL.
 */
function fresh(since: number, ttl: number): boolean {
  const age = Date.now() - since;
  return age < ttl && -age < ttl;
}

/** A local schema: a path or a file: URL. A missing file falls through; a broken one fails. */
export async function loadFile(location: string): Promise<Loaded> {
  const path = location.startsWith('file:') ? fileURLToPath(location) : location;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return { status: 'not-found', reason: `could not open file ${path}` };
    }
    return { status: 'error', message: `failed reading schema file ${path}: ${message}` };
  }
  const schema = parseSchema(text);
  return schema === undefined
    ? { status: 'error', message: `schema file ${path} is not a JSON object` }
    : { status: 'found', schema };
}
