import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SchemaRegistry } from '@fleetops/schemas';
import { type CompiledSchema, SchemaCompiler } from './compiler.ts';
import { KindFilter } from './filters.ts';
import { formatSchemaErrors, type SchemaError, schemaErrors } from './schema-errors.ts';
import { type Signature, signatureOf } from './signature.ts';

/** kubeconform's statuses. */
export type Status = 'valid' | 'invalid' | 'error' | 'skipped' | 'empty';

/** Why a resource ended as it did, beyond its status: the finding's rule. */
export type Reason =
  | 'valid'
  | 'invalid'
  | 'empty'
  | 'skipped'
  | 'missing-schema'
  | 'rejected'
  | 'schema-not-found'
  | 'schema-error'
  | 'missing-type'
  | 'parse-error'
  | 'duplicate-key'
  | 'unreadable';

/** kubeconform's ValidationError: a top-level cause, path as `/a/b` (unescaped) and message. */
export interface KubeconformValidationError {
  readonly path: string;
  readonly msg: string;
}

/** The verdict on one object, before it is tied to a file. */
export interface Verdict {
  readonly status: Status;
  readonly reason: Reason;
  readonly signature: Signature;
  /** kubeconform's error text (Result.Err), for invalid and error. */
  readonly error?: string;
  /** The schema's causes, for invalid: the tree kubeconform prints. */
  readonly causes?: readonly SchemaError[];
  readonly validationErrors?: readonly KubeconformValidationError[];
  /** Where the schema came from (URL, path or CRD file). */
  readonly schemaSource?: string;
}

/** Where a validator gets schemas: the registry, or (in a worker thread) the main thread's. */
export type SchemaSource = Pick<SchemaRegistry, 'schemaFor'>;

export interface ValidatorOptions {
  readonly registry: SchemaSource;
  readonly skip?: KindFilter;
  readonly reject?: KindFilter;
  /** A resource without a schema is skipped rather than an error. */
  readonly ignoreMissingSchemas?: boolean;
  /** Resolves relative local schema paths in messages (file:// URLs, as kubeconform shows). */
  readonly cwd?: string;
  readonly compiler?: SchemaCompiler;
}

type Resolved =
  | { readonly compiled: CompiledSchema; readonly source: string; readonly url: string }
  | { readonly notFound: true }
  | { readonly error: string };

/**
 * kubeconform's ValidateResource over a decoded object: skip, reject, find the schema (once
 * per apiVersion and kind), validate. Pure but for the registry's loading.
 */
export class ResourceValidator {
  readonly #options: ValidatorOptions;
  readonly #compiler: SchemaCompiler;
  readonly #skip: KindFilter;
  readonly #reject: KindFilter;
  readonly #schemas = new Map<string, Promise<Resolved>>();

  constructor(options: ValidatorOptions) {
    this.#options = options;
    this.#compiler = options.compiler ?? new SchemaCompiler();
    this.#skip = options.skip ?? new KindFilter([]);
    this.#reject = options.reject ?? new KindFilter([]);
  }

  /** Starts loading the schema `value` needs, if any, so that many types load at once. */
  async prefetch(value: Record<string, unknown>): Promise<void> {
    const { apiVersion, kind } = value;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') return;
    const target = { ...signatureOf(value), apiVersion };
    if (this.#skip.matches(target) || this.#reject.matches(target)) return;
    await this.#schema(apiVersion, kind);
  }

  /** The types whose schema has been asked for, to warm another thread's validator with. */
  types(): { apiVersion: string; kind: string }[] {
    return [...this.#schemas.keys()].map((key) => {
      const [apiVersion, kind] = key.split('\0') as [string, string];
      return { apiVersion, kind };
    });
  }

  /** Loads (and compiles) the schemas of these types ahead of their resources. */
  async warm(types: readonly { apiVersion: string; kind: string }[]): Promise<void> {
    await Promise.all(types.map((type) => this.#schema(type.apiVersion, type.kind)));
  }

  async validate(value: Record<string, unknown>): Promise<Verdict> {
    const signature = signatureOf(value);
    if (typeof value.kind !== 'string')
      return typeError(signature, "error while parsing: missing 'kind' key");
    if (typeof value.apiVersion !== 'string')
      return typeError(signature, "error while parsing: missing 'apiVersion' key");
    const target = { ...signature, apiVersion: signature.version };
    if (this.#skip.matches(target)) return { status: 'skipped', reason: 'skipped', signature };
    if (this.#reject.matches(target)) {
      const error = `prohibited resource kind ${signature.kind}`;
      return { status: 'error', reason: 'rejected', signature, error };
    }
    const resolved = await this.#schema(value.apiVersion, value.kind);
    if ('error' in resolved)
      return { status: 'error', reason: 'schema-error', signature, error: resolved.error };
    if ('notFound' in resolved) {
      if (this.#options.ignoreMissingSchemas)
        return { status: 'skipped', reason: 'missing-schema', signature };
      const error = `could not find schema for ${signature.kind}`;
      return { status: 'error', reason: 'schema-not-found', signature, error };
    }
    if (resolved.compiled.validate(value))
      return { status: 'valid', reason: 'valid', signature, schemaSource: resolved.source };
    const causes = schemaErrors(resolved.compiled.errors(value), value);
    const text = formatSchemaErrors(resolved.url, causes);
    return {
      status: 'invalid',
      reason: 'invalid',
      signature,
      error: `problem validating schema. Check JSON formatting: ${text.replaceAll('\n', ' ')}`,
      causes,
      validationErrors: causes.map((cause) => ({
        path: cause.path.map((token) => `/${token}`).join(''),
        msg: cause.message,
      })),
      schemaSource: resolved.source,
    };
  }

  #schema(apiVersion: string, kind: string): Promise<Resolved> {
    const key = `${apiVersion}\0${kind}`;
    let resolved = this.#schemas.get(key);
    if (!resolved) {
      resolved = this.#resolve(apiVersion, kind);
      this.#schemas.set(key, resolved);
    }
    return resolved;
  }

  async #resolve(apiVersion: string, kind: string): Promise<Resolved> {
    // kubeconform moves on to the next location when a schema does not compile.
    const result = await this.#options.registry.schemaFor(
      { apiVersion, kind },
      { accept: (schema) => this.#compiles(schema) },
    );
    if ('error' in result) return { error: result.error };
    if ('notFound' in result) return { notFound: true };
    return {
      compiled: this.#compiler.compile(result.schema),
      source: result.source,
      url: schemaUrl(result.source, this.#options.cwd ?? process.cwd()),
    };
  }

  #compiles(schema: Parameters<SchemaCompiler['compile']>[0]): boolean {
    try {
      this.#compiler.compile(schema);
      return true;
    } catch {
      return false;
    }
  }
}

function typeError(signature: Signature, error: string): Verdict {
  return { status: 'error', reason: 'missing-type', signature, error };
}

/** The schema's URL as v6 names it: HTTP(S) and file: URLs as they are, paths as file URLs. */
export function schemaUrl(source: string, cwd: string): string {
  if (/^(https?|file):/.test(source)) return source;
  return pathToFileURL(isAbsolute(source) ? source : resolve(cwd, source)).href;
}
