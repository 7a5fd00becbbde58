import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeTree } from '@fleetops/test/tree';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../schemas/test/server.ts';
import { runCheck } from '../src/index.ts';

const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n';

describe('fleetops check: validation.cacheDirectory', () => {
  it('creates a missing cache folder, parents included, and caches the schemas in it', async () => {
    const server = await startServer();
    const root = await writeTree({
      '.fleetops.yaml': `validation:\n  schemaLocations: ["${server.url}/kubernetes-json-schema"]\n  cacheDirectory: .cache/fleetops/schemas\n`,
      'cm.yaml': configMap,
    });

    expect((await runCheck({ root })).findings).toEqual([]);
    expect(await readdir(join(root, '.cache/fleetops/schemas'))).toHaveLength(1);
    expect((await runCheck({ root })).findings).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('creates the folder named on the command line (--cache) too', async () => {
    const root = await writeTree({ '.fleetops.yaml': 'validation:\n  offline: true\n' });
    const cacheDirectory = join(root, 'elsewhere', 'schemas');
    const validation = { schemaLocations: ['https://schemas.invalid/'], cacheDirectory };
    await runCheck({ root, validation });
    expect((await stat(cacheDirectory)).isDirectory()).toBe(true);
  });

  it('still fails on a file where the folder should be', async () => {
    const root = await writeTree({
      '.fleetops.yaml':
        'validation:\n  schemaLocations: ["https://schemas.invalid/"]\n  cacheDirectory: schemas\n  offline: true\n',
      schemas: 'not a folder\n',
      'cm.yaml': configMap,
    });
    await expect(runCheck({ root })).rejects.toThrow(
      `cache folder ${join(root, 'schemas')} is not a directory`,
    );
  });
});
