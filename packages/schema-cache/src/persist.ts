import { mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SchemaCachePlan } from './plan.ts';

/**
 * A store of immutable folder snapshots by key: the Actions cache (actionsCacheStore) on a
 * runner, a fake in tests. Failures the store reports itself (a miss after a service error,
 * an entry not saved) come back as values; anything thrown is unexpected and only warned of.
 */
export interface CacheStore {
  /** Why this step cannot use the store (no service), or undefined when it can. */
  unavailable(): string | undefined;
  /** The key restored into `directory` (exact or by prefix), or undefined when none was. */
  restore(
    directory: string,
    key: string,
    restoreKeys: readonly string[],
  ): Promise<string | undefined>;
  /**
   * `saved`; `skipped` when the store may not write on this run (a read-only cache mode);
   * `failed` when it tried and could not (a conflict, a service error), reported by the store.
   */
  save(directory: string, key: string): Promise<'saved' | 'skipped' | 'failed'>;
}

export interface CacheLog {
  info(message: string): void;
  warning(message: string): void;
}

/**
 * Runs `work` with the plan's folder restored from the store before and, when `work` wrote
 * to it (a new schema, a 404 remembered or renewed), saved after under the plan's key. A warm run (everything restored)
 * saves nothing. The cache only ever saves time: an unavailable or failing store is a
 * warning and `work` runs the same; an error of `work` itself propagates and nothing is saved.
 */
export async function withSchemaCache<T>(
  plan: SchemaCachePlan | undefined,
  work: () => Promise<T>,
  { store, log }: { store: CacheStore; log: CacheLog },
): Promise<T> {
  if (!plan) return work();
  const unavailable = store.unavailable();
  if (unavailable) {
    log.warning(
      `Schema cache: ${unavailable}, so the schemas downloaded now are not kept for the next run. Set the input schema-cache to false to silence this.`,
    );
    await mkdir(plan.directory, { recursive: true });
    return work();
  }
  const restored = await restore(plan, store, log);
  const before = await cacheFiles(plan.directory);
  const result = await work();
  if (plan.save) await saveNew(plan, before, restored, store, log);
  return result;
}

/** Restores the newest entry into the folder (created if none was); returns its key. */
async function restore(
  plan: SchemaCachePlan,
  store: CacheStore,
  log: CacheLog,
): Promise<string | undefined> {
  let restored: string | undefined;
  try {
    restored = await store.restore(plan.directory, plan.key, plan.restoreKeys);
  } catch (error) {
    log.warning(`Schema cache: restore failed: ${errorMessage(error)}`);
  }
  await mkdir(plan.directory, { recursive: true });
  log.info(
    restored
      ? `Schema cache: ${describe([...(await cacheFiles(plan.directory)).keys()])} restored from ${restored}.`
      : `Schema cache: nothing restored under ${plan.restoreKeys.join(', ')}*; schemas are downloaded.`,
  );
  return restored;
}

/**
 * Saves the folder under the plan's key when the run wrote to it: a new file, or one
 * rewritten (a 404 marker renewed after it expired keeps its name, not its date — without
 * saving it, every later run would restore the expired marker and ask again).
 */
async function saveNew(
  plan: SchemaCachePlan,
  before: ReadonlyMap<string, number>,
  restored: string | undefined,
  store: CacheStore,
  log: CacheLog,
): Promise<void> {
  const after = await cacheFiles(plan.directory);
  const added = [...after].filter(([name, mtime]) => before.get(name) !== mtime).map(([n]) => n);
  if (added.length === 0) {
    log.info('Schema cache: nothing new downloaded, nothing to save.');
    return;
  }
  // Entries are immutable: a hit on this very key cannot be replaced (only a re-run of the
  // same attempt could get one).
  if (restored === plan.key) return;
  let saved: Awaited<ReturnType<CacheStore['save']>>;
  let reason = 'see above';
  try {
    saved = await store.save(plan.directory, plan.key);
  } catch (error) {
    saved = 'failed';
    reason = errorMessage(error);
  }
  const what = describe(added, 'new ');
  if (saved === 'saved') log.info(`Schema cache: ${what} saved as ${plan.key}.`);
  else if (saved === 'failed')
    log.warning(
      `Schema cache: ${what} could not be saved as ${plan.key} (${reason}); the next run downloads them again.`,
    );
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The files of the folder by name, with their modification times: kubeconform's cache
 * holds one file per URL, and packages/schemas a `<sha256>.404` marker per URL that
 * answered 404; a `.tmp` file is a write in progress or left by a crash.
 */
async function cacheFiles(directory: string): Promise<Map<string, number>> {
  const entries = await readdir(directory, { withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile() && !entry.name.endsWith('.tmp'));
  const times = await Promise.all(
    files.map(async (entry) => (await stat(join(directory, entry.name))).mtimeMs),
  );
  return new Map(files.map((entry, i) => [entry.name, times[i]!]));
}

/** "3 schemas and 2 remembered 404s": markers are counted apart from schemas. */
function describe(names: readonly string[], adjective = ''): string {
  const markers = names.filter((name) => name.endsWith('.404')).length;
  const schemas = plural(names.length - markers, `${adjective}schema`);
  return markers === 0 ? schemas : `${schemas} and ${plural(markers, 'remembered 404')}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
