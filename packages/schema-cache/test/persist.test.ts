import { cp, mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CacheStore, withSchemaCache } from '../src/persist.ts';
import type { SchemaCachePlan } from '../src/plan.ts';

/** A store of folder copies in memory of the disk, as the Actions cache keeps archives. */
class FolderStore implements CacheStore {
  readonly entries = new Map<string, string>();
  readonly calls: string[] = [];
  failures: { restore?: Error; save?: 'failed' | Error } = {};
  reason: string | undefined;

  constructor(private readonly root: string) {}

  unavailable() {
    return this.reason;
  }

  async restore(directory: string, key: string, restoreKeys: readonly string[]) {
    this.calls.push(`restore ${key} ${restoreKeys.join(' ')}`);
    if (this.failures.restore) throw this.failures.restore;
    const found = this.entries.has(key)
      ? key
      : [...this.entries.keys()].reverse().find((k) => restoreKeys.some((p) => k.startsWith(p)));
    if (!found) return undefined;
    await cp(this.entries.get(found) ?? '', directory, { recursive: true });
    return found;
  }

  async save(directory: string, key: string) {
    this.calls.push(`save ${key}`);
    const failure = this.failures.save;
    if (failure instanceof Error) throw failure;
    if (failure) return failure;
    const copy = path.join(this.root, `entry-${this.entries.size}`);
    await cp(directory, copy, { recursive: true });
    this.entries.set(key, copy);
    return 'saved' as const;
  }
}

let scratch: string;
let store: FolderStore;
let log: { info: string[]; warning: string[] };
const logger = () => ({
  info: (message: string) => log.info.push(message),
  warning: (message: string) => log.warning.push(message),
});

beforeEach(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'fleetops-schema-cache-'));
  store = new FolderStore(scratch);
  log = { info: [], warning: [] };
});

afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});

const plan = (run: number, overrides: Partial<SchemaCachePlan> = {}): SchemaCachePlan => ({
  directory: path.join(scratch, `run-${run}`, 'schemas'),
  key: `fleetops-schemas-linux-0123456789abcdef-${run}-1`,
  restoreKeys: ['fleetops-schemas-linux-0123456789abcdef-'],
  save: true,
  ...overrides,
});

/** A job that "downloads" the schemas missing from the folder, as the loader does. */
function job(directory: string, names: string[]) {
  const downloaded: string[] = [];
  return {
    downloaded,
    run: async () => {
      const present = new Set(await readdir(directory));
      for (const name of names.filter((name) => !present.has(name))) {
        await writeFile(path.join(directory, name), '{}');
        downloaded.push(name);
      }
      return 'outcome';
    },
  };
}

describe('withSchemaCache', () => {
  it('saves what a cold run downloads; a warm run restores it, downloads nothing and saves nothing', async () => {
    const cold = plan(1);
    const coldJob = job(cold.directory, ['a', 'b']);
    expect(await withSchemaCache(cold, coldJob.run, { store, log: logger() })).toBe('outcome');
    expect(coldJob.downloaded).toEqual(['a', 'b']);
    expect([...store.entries.keys()]).toEqual([cold.key]);
    expect(log.info).toEqual([
      'Schema cache: nothing restored under fleetops-schemas-linux-0123456789abcdef-*; schemas are downloaded.',
      `Schema cache: 2 new schemas saved as ${cold.key}.`,
    ]);

    log.info = [];
    const warm = plan(2);
    const warmJob = job(warm.directory, ['a', 'b']);
    await withSchemaCache(warm, warmJob.run, { store, log: logger() });

    expect(warmJob.downloaded).toEqual([]);
    expect(store.calls.filter((call) => call.startsWith('save'))).toEqual([`save ${cold.key}`]);
    expect(log.info).toEqual([
      `Schema cache: 2 schemas restored from ${cold.key}.`,
      'Schema cache: nothing new downloaded, nothing to save.',
    ]);
    expect(log.warning).toEqual([]);
  });

  it('saves a restored folder again, under the new run, when the run adds to it', async () => {
    await withSchemaCache(plan(1), job(plan(1).directory, ['a']).run, { store, log: logger() });
    const second = plan(2);
    const secondJob = job(second.directory, ['a', 'c']);

    await withSchemaCache(second, secondJob.run, { store, log: logger() });

    expect(secondJob.downloaded).toEqual(['c']);
    expect([...store.entries.keys()]).toEqual([plan(1).key, second.key]);
    expect(await readdir(store.entries.get(second.key) ?? '')).toEqual(['a', 'c']);
  });

  it('saves again when the run renews a remembered 404, whose name stays the same', async () => {
    const first = plan(1);
    await withSchemaCache(first, job(first.directory, ['a', 'b.404']).run, {
      store,
      log: logger(),
    });
    const second = plan(2);
    log.info = [];
    await withSchemaCache(
      second,
      async () => {
        // packages/schemas rewrites an expired marker in place: a later date, the same name.
        const marker = path.join(second.directory, 'b.404');
        const later = new Date(Date.now() + 60_000);
        await utimes(marker, later, later);
      },
      { store, log: logger() },
    );

    expect([...store.entries.keys()]).toEqual([first.key, second.key]);
    expect(log.info).toEqual([
      `Schema cache: 1 schema and 1 remembered 404 restored from ${first.key}.`,
      `Schema cache: 0 new schemas and 1 remembered 404 saved as ${second.key}.`,
    ]);
  });

  it('ignores temporary files left in the folder', async () => {
    const cold = plan(1);
    await withSchemaCache(
      cold,
      async () => {
        await writeFile(path.join(cold.directory, 'abc.123.tmp'), '');
      },
      { store, log: logger() },
    );

    expect(store.calls).toEqual([`restore ${cold.key} ${cold.restoreKeys[0]}`]);
  });

  it('only restores offline', async () => {
    const offline = plan(1, { save: false });
    await withSchemaCache(offline, job(offline.directory, ['a']).run, { store, log: logger() });

    expect(store.calls).toEqual([`restore ${offline.key} ${offline.restoreKeys[0]}`]);
  });

  it('runs the job alone without a plan', async () => {
    expect(await withSchemaCache(undefined, async () => 7, { store, log: logger() })).toBe(7);
    expect(store.calls).toEqual([]);
  });

  it('warns once and runs the job in a fresh folder when the service is not available', async () => {
    store.reason = 'the Actions cache service is not available to this step';
    const cold = plan(1);
    const coldJob = job(cold.directory, ['a']);

    await withSchemaCache(cold, coldJob.run, { store, log: logger() });

    expect(coldJob.downloaded).toEqual(['a']);
    expect(store.calls).toEqual([]);
    expect(log.warning).toEqual([
      'Schema cache: the Actions cache service is not available to this step, so the schemas downloaded now are not kept for the next run. Set the input schema-cache to false to silence this.',
    ]);
  });

  it('warns when the store fails, and the job’s outcome is the same', async () => {
    store.failures = { restore: new Error('socket hang up'), save: new Error('unexpected') };
    const cold = plan(1);

    expect(
      await withSchemaCache(cold, job(cold.directory, ['a']).run, { store, log: logger() }),
    ).toBe('outcome');
    expect(log.warning).toEqual([
      'Schema cache: restore failed: socket hang up',
      `Schema cache: 1 new schema could not be saved as ${cold.key} (unexpected); the next run downloads them again.`,
    ]);
  });

  it('warns when the store reports a save it could not make, and says nothing when it may not write', async () => {
    store.failures = { save: 'failed' };
    await withSchemaCache(plan(1), job(plan(1).directory, ['a']).run, { store, log: logger() });
    expect(log.warning).toHaveLength(1);

    log.warning = [];
    const readOnly: CacheStore = {
      ...store,
      unavailable: () => undefined,
      restore: async () => undefined,
      save: async () => 'skipped',
    };
    await withSchemaCache(plan(2), job(plan(2).directory, ['a']).run, {
      store: readOnly,
      log: logger(),
    });
    expect(log.warning).toEqual([]);
  });

  it('propagates the job’s own error and saves nothing', async () => {
    const cold = plan(1);
    const failing = async () => {
      await mkdir(cold.directory, { recursive: true });
      await writeFile(path.join(cold.directory, 'a'), '{}');
      throw new Error('bad .fleetops.yaml');
    };

    await expect(withSchemaCache(cold, failing, { store, log: logger() })).rejects.toThrow(
      'bad .fleetops.yaml',
    );
    expect(store.entries.size).toBe(0);
  });
});
