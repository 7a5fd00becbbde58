import { DEFAULT_LOCATIONS } from '@fleetops/schemas';
import { describe, expect, it } from 'vitest';
import { downloadsSchemas, schemaCacheKeys } from '../src/key.ts';
import { planSchemaCache } from '../src/plan.ts';

const run = { os: 'Linux', runId: '9876543210', runAttempt: '1' };
const hashOf = (key: string) => /^fleetops-schemas-linux-([0-9a-f]{16})-/.exec(key)?.[1];

describe('schemaCacheKeys', () => {
  it('saves under the run and restores the newest entry of the same source', () => {
    const { key, restoreKeys } = schemaCacheKeys({ locations: ['default'] }, run);

    expect(key).toMatch(/^fleetops-schemas-linux-[0-9a-f]{16}-9876543210-1$/);
    expect(restoreKeys).toEqual([`fleetops-schemas-linux-${hashOf(key)}-`]);
    expect(key.startsWith(restoreKeys[0] ?? '?')).toBe(true);
  });

  it('is stable: the same source gives the same prefix on every run', () => {
    const first = schemaCacheKeys({ locations: ['default'], kubernetesVersion: '1.30.10' }, run);
    const later = schemaCacheKeys(
      { locations: ['default'], kubernetesVersion: '1.30.10' },
      { ...run, runId: '9876549999', runAttempt: '2' },
    );

    expect(later.restoreKeys).toEqual(first.restoreKeys);
    expect(later.key).not.toBe(first.key);
    expect(later.key).toMatch(/-9876549999-2$/);
  });

  it('takes no locations as the defaults, and the defaults written out as the same source', () => {
    const none = schemaCacheKeys({}, run);
    expect(schemaCacheKeys({ locations: [] }, run).restoreKeys).toEqual(none.restoreKeys);
    expect(schemaCacheKeys({ locations: DEFAULT_LOCATIONS }, run).restoreKeys).toEqual(
      none.restoreKeys,
    );
    expect(
      schemaCacheKeys(
        { locations: DEFAULT_LOCATIONS, kubernetesVersion: 'master', strict: false },
        run,
      ).restoreKeys,
    ).toEqual(none.restoreKeys);
  });

  it.each([
    ['another Kubernetes version', { kubernetesVersion: '1.31.0' }],
    ['strict', { strict: true }],
    ['another location', { locations: ['https://schemas.example.com/'] }],
    ['the same locations in another order', { locations: [...DEFAULT_LOCATIONS].reverse() }],
  ])('changes the hash for %s', (_, source) => {
    expect(hashOf(schemaCacheKeys(source, run).key)).not.toBe(hashOf(schemaCacheKeys({}, run).key));
  });

  it('puts the OS in the key, and tells apart the jobs of one run that save different folders', () => {
    const windows = schemaCacheKeys({}, { ...run, os: 'Windows' });
    expect(windows.restoreKeys[0]).toMatch(/^fleetops-schemas-windows-/);

    const shard = schemaCacheKeys({}, { ...run, job: 'shard-2-of-4' });
    expect(shard.key).toMatch(/-9876543210-1-shard-2-of-4$/);
    expect(shard.restoreKeys).toEqual(schemaCacheKeys({}, run).restoreKeys);
  });

  it('keeps keys inside the cache service’s rules: no commas, at most 512 characters', () => {
    const { key } = schemaCacheKeys(
      {},
      { os: 'Linux, arm', runId: '1', runAttempt: '1', job: 'x'.repeat(600) },
    );

    expect(key).not.toContain(',');
    expect(key.length).toBeLessThanOrEqual(512);
    expect(key).toMatch(/^fleetops-schemas-linux-arm-/);
  });
});

describe('downloadsSchemas', () => {
  it.each([
    [[], true],
    [['default'], true],
    [['https://example.com/schemas/{{ .ResourceKind }}.json'], true],
    [['./schemas', 'default'], true],
    [['./schemas'], false],
    [['/srv/schemas/{{ .ResourceKind }}.json', 'file:///srv/crds/'], false],
  ])('%j: %s', (locations, expected) => {
    expect(downloadsSchemas({ locations })).toBe(expected);
  });
});

describe('planSchemaCache', () => {
  const env = {
    RUNNER_TEMP: '/home/runner/work/_temp',
    RUNNER_OS: 'Linux',
    GITHUB_RUN_ID: '42',
    GITHUB_RUN_ATTEMPT: '3',
  };

  it('keeps a folder under RUNNER_TEMP by default', () => {
    const plan = planSchemaCache({ enabled: true }, env);

    expect(plan).toEqual({
      directory: '/home/runner/work/_temp/fleetops-schemas',
      key: expect.stringMatching(/^fleetops-schemas-linux-[0-9a-f]{16}-42-3$/),
      restoreKeys: [expect.stringMatching(/^fleetops-schemas-linux-[0-9a-f]{16}-$/)],
      save: true,
    });
  });

  it('keeps the folder the user names, and only restores it offline', () => {
    const plan = planSchemaCache(
      { enabled: true, directory: '/work/repo/.schemas', offline: true },
      env,
    );

    expect(plan).toMatchObject({ directory: '/work/repo/.schemas', save: false });
  });

  it('plans nothing when turned off or when every location is local', () => {
    expect(planSchemaCache({ enabled: false }, env)).toBeUndefined();
    expect(planSchemaCache({ enabled: true, locations: ['./schemas'] }, env)).toBeUndefined();
  });
});
