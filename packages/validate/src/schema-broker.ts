import type { ResourceType, SchemaForOptions, SchemaResult } from '@fleetops/schemas';
import { SchemaCompiler } from './compiler.ts';
import type { SchemaSource } from './validator.ts';

// Worker threads never load schemas: they ask the main thread, which owns the registry (its
// CRDs, HTTP client, disk cache and per-URL memo), so a run makes one request per URL
// however many threads validate. What crosses is the schema's JSON.

/**
 * The main thread's end: answers each type once, at most `concurrency` loads at a time
 * (kubeconform's -n). The registry passes over a schema that does not compile; rather than
 * compiling every schema here as well as in each worker, the first schema found is handed
 * out as it is, and only when a worker cannot compile it (compiling is deterministic, so
 * then none can) is the type resolved again here with the compile test, as a single thread
 * resolves it. The loader's memo serves the second pass without a new request.
 */
export class SchemaBroker {
  readonly #registry: SchemaSource;
  readonly #first = new Map<string, Promise<SchemaResult>>();
  readonly #compiling = new Map<string, Promise<SchemaResult>>();
  readonly #limit: <T>(task: () => Promise<T>) => Promise<T>;
  #compiler: SchemaCompiler | undefined;

  constructor(registry: SchemaSource, options: { concurrency: number }) {
    this.#registry = registry;
    this.#limit = limiter(Math.max(1, options.concurrency));
  }

  /** The first schema a source has or, `compiles`, the first that compiles. */
  answer(type: ResourceType, compiles: boolean): Promise<SchemaResult> {
    const key = `${type.apiVersion}\0${type.kind}`;
    const memo = compiles ? this.#compiling : this.#first;
    let answer = memo.get(key);
    if (!answer) {
      const options: SchemaForOptions = compiles
        ? { accept: (schema) => this.#compiles(schema) }
        : {};
      const resource = { apiVersion: type.apiVersion, kind: type.kind };
      answer = this.#limit(() => this.#registry.schemaFor(resource, options));
      memo.set(key, answer);
    }
    return answer;
  }

  #compiles(schema: Parameters<SchemaCompiler['compile']>[0]): boolean {
    this.#compiler ??= new SchemaCompiler();
    try {
      this.#compiler.compile(schema);
      return true;
    } catch {
      return false;
    }
  }
}

/** The worker's end: a schema source that asks the main thread's broker. */
export class RemoteSchemas implements SchemaSource {
  readonly #ask: (type: ResourceType, compiles: boolean) => Promise<SchemaResult>;

  constructor(ask: (type: ResourceType, compiles: boolean) => Promise<SchemaResult>) {
    this.#ask = ask;
  }

  async schemaFor(resource: ResourceType, options: SchemaForOptions = {}): Promise<SchemaResult> {
    const first = await this.#ask(resource, false);
    if (!('schema' in first) || !options.accept || options.accept(first.schema, first.source))
      return first;
    return this.#ask(resource, true);
  }
}

/** Runs tasks at most `size` at a time, in the order they come. */
function limiter(size: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    // A finished task hands its slot to the next waiting one.
    if (running < size) running++;
    else await new Promise<void>((start) => waiting.push(start));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
