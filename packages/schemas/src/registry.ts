import { statSync } from 'node:fs';
import { DiskCache } from './cache.ts';
import { crdSchemas } from './crd.ts';
import { HttpClient, type HttpOptions } from './http.ts';
import { type JsonSchema, NOT_FOUND_TTL_MS, SchemaLoader } from './loader.ts';
import {
  CRDS_CATALOG_LOCATION,
  parseSchemaLocation,
  type SchemaLocation,
  schemaUrl,
  templateValues,
} from './location.ts';
import { openApiSchemas } from './openapi.ts';
import type { SchemaHeader } from './schema-header.ts';

export interface ResourceType {
  readonly kind: string;
  /** As written in the resource: `apps/v1`, `v1`. Template variables derive from it. */
  readonly apiVersion: string;
  /** Derived from apiVersion when absent ('' for the core group). */
  readonly group?: string;
  readonly version?: string;
}

export type SchemaResult =
  | { readonly schema: JsonSchema; readonly source: string }
  | { readonly notFound: true; readonly tried: readonly string[] }
  | { readonly error: string };

export interface RegistryOptions {
  /** kubeconform `-schema-location`s, tried in order. Default: `default`, then the CRD catalog. */
  readonly locations?: readonly string[];
  /** `master` (default) or x.y.z. */
  readonly kubernetesVersion?: string;
  readonly strict?: boolean;
  /**
   * kubeconform's `-cache` directory; it must exist. Beside the schemas it keeps the URLs that
   * answered 404 (`<sha256>.404`), so a warm run asks them nothing either.
   */
  readonly cacheDirectory?: string;
  /**
   * How long a 404 kept in `cacheDirectory` stands before its URL is asked again, so a schema
   * published later is found. Default NOT_FOUND_TTL_MS (24 hours); 0 keeps no 404.
   */
  readonly notFoundTtlMs?: number;
  readonly offline?: boolean;
  readonly headers?: readonly SchemaHeader[];
  /** kubeconform's `-insecure-skip-tls-verify`: HTTPS certificates are not verified. */
  readonly insecureSkipTlsVerify?: boolean;
  readonly http?: Omit<HttpOptions, 'headers'>;
}

export interface SchemaForOptions {
  /** Return false to pass over a schema and try the next source. */
  readonly accept?: (schema: JsonSchema, source: string) => boolean;
}

export const DEFAULT_LOCATIONS: readonly string[] = ['default', CRDS_CATALOG_LOCATION];

/** Splits an apiVersion into group and version: `v1` is the core group ''. */
export function groupVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash === -1
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

function checkCacheDirectory(directory: string): void {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(directory).isDirectory();
  } catch (error) {
    throw new Error(`failed opening cache folder ${directory}: ${(error as Error).message}`);
  }
  if (!isDirectory) throw new Error(`cache folder ${directory} is not a directory`);
}

const embeddedKey = (group: string, kind: string, version: string) => `${group}/${version}/${kind}`;

/**
 * Where schemas come from: schemas added in-process (from CRDs) first, then the locations in
 * order. Construction parses every location, so a bad template fails before any file is read.
 */
export class SchemaRegistry {
  readonly locations: readonly SchemaLocation[];
  readonly #kubernetesVersion: string;
  readonly #strict: boolean;
  readonly #loader: SchemaLoader;
  readonly #embedded = new Map<
    string,
    { schema: JsonSchema | (() => JsonSchema); source: string }
  >();

  constructor(options: RegistryOptions = {}) {
    this.locations = (options.locations ?? DEFAULT_LOCATIONS).map(parseSchemaLocation);
    this.#kubernetesVersion = options.kubernetesVersion ?? 'master';
    this.#strict = options.strict ?? false;
    if (options.cacheDirectory !== undefined) checkCacheDirectory(options.cacheDirectory);
    const notFoundTtlMs = options.notFoundTtlMs ?? NOT_FOUND_TTL_MS;
    if (!(notFoundTtlMs >= 0))
      throw new Error(`notFoundTtlMs ${notFoundTtlMs}: expected milliseconds, 0 or more`);
    const headers = options.headers ?? [];
    this.#loader = new SchemaLoader({
      http: new HttpClient({
        ...options.http,
        headers,
        insecureSkipTlsVerify:
          options.insecureSkipTlsVerify ?? options.http?.insecureSkipTlsVerify ?? false,
      }),
      cache:
        options.cacheDirectory === undefined ? undefined : new DiskCache(options.cacheDirectory),
      offline: options.offline,
      notFoundTtlMs,
    });
  }

  /**
   * Serves `schema` for group/kind/version ahead of every location; `source` names where it
   * came from (a CRD file) in messages. A later addition for the same key replaces the earlier.
   */
  addSchema(
    type: { group: string; kind: string; version: string },
    schema: JsonSchema,
    source: string,
  ): void {
    this.#embedded.set(embeddedKey(type.group, type.kind, type.version), { schema, source });
  }

  /**
   * Serves every kind of a Kubernetes OpenAPI v2 document (`/openapi/v2` saved to a file),
   * converted on first use; CRDs added later take precedence for their kinds. Throws an
   * OpenApiError when the document has no definitions. Returns how many kinds were added.
   */
  addOpenApi(document: unknown, source: string): number {
    const schemas = openApiSchemas(document, { strict: this.#strict });
    for (const { schema, ...type } of schemas)
      this.#embedded.set(embeddedKey(type.group, type.kind, type.version), { schema, source });
    return schemas.length;
  }

  /**
   * Adds every served version of a CustomResourceDefinition, converted with this registry's
   * strictness; returns the group/kind/version keys added. Throws a CrdError on a malformed CRD.
   */
  addCrd(crd: unknown, source: string): { group: string; kind: string; version: string }[] {
    return crdSchemas(crd, { strict: this.#strict }).map(({ schema, ...type }) => {
      this.addSchema(type, schema, source);
      return type;
    });
  }

  /**
   * The schema of a resource type from the first source that has one. `accept` lets the caller
   * pass over a schema it cannot use (kubeconform moves on to the next location when a schema
   * does not compile); a passed-over source counts as not found.
   */
  async schemaFor(resource: ResourceType, options: SchemaForOptions = {}): Promise<SchemaResult> {
    const accept = options.accept ?? (() => true);
    const derived = groupVersion(resource.apiVersion);
    const embedded = this.#embedded.get(
      embeddedKey(
        resource.group ?? derived.group,
        resource.kind,
        resource.version ?? derived.version,
      ),
    );
    if (embedded !== undefined) {
      // Deferred schemas (OpenAPI kinds) are converted once, on first use.
      if (typeof embedded.schema === 'function') embedded.schema = embedded.schema();
      if (accept(embedded.schema, embedded.source))
        return { schema: embedded.schema, source: embedded.source };
    }

    const values = templateValues({
      kind: resource.kind,
      apiVersion: resource.apiVersion,
      kubernetesVersion: this.#kubernetesVersion,
      strict: this.#strict,
    });
    const tried: string[] = [];
    for (const location of this.locations) {
      let url: string;
      try {
        url = schemaUrl(location, values);
      } catch (error) {
        return { error: (error as Error).message };
      }
      tried.push(url);
      const loaded = await this.#loader.load(url, location.remote);
      if (loaded.status === 'found') {
        if (accept(loaded.schema, url)) return { schema: loaded.schema, source: url };
        continue;
      }
      if (loaded.status === 'error') return { error: loaded.message };
    }
    return { notFound: true, tried };
  }
}
