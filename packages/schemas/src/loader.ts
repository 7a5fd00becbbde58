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

export interface LoaderOptions {
  readonly http: HttpClient;
  readonly cache?: DiskCache | undefined;
  /** No network: remote schemas come from the on-disk cache or are not found. */
  readonly offline?: boolean | undefined;
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
    if (cache !== undefined) {
      // An unreadable or corrupt entry is treated as absent and replaced by a fresh download.
      const cached = await cache.get(url).catch(() => undefined);
      const schema = cached === undefined ? undefined : parseSchema(cached);
      if (schema !== undefined) return { status: 'found', schema };
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
      return { status: 'not-found', reason: `could not find schema at ${url}` };
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
    }
    return { status: 'found', schema };
  }
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
