import type { FleetConfig } from '@fleetops/core';
import type { LoadedFleet } from '@fleetops/fleet';
import { describe, expect, it } from 'vitest';
import { schemaCacheFor } from '../src/schema-cache.ts';

const env = { RUNNER_TEMP: '/runner/_temp', RUNNER_OS: 'Linux', GITHUB_RUN_ID: '7' };

function loaded(validation: FleetConfig['validation']): LoadedFleet {
  return { config: { validation }, repository: { root: '/work/fleet' } } as unknown as LoadedFleet;
}

describe('schemaCacheFor', () => {
  it('keeps nothing when .fleetops.yaml names no schema locations: check fetches no schema then', () => {
    expect(schemaCacheFor(loaded(undefined), true, env)).toEqual({});
    expect(schemaCacheFor(loaded({ schemaLocations: [] }), true, env)).toEqual({});
  });

  it('keeps a folder under RUNNER_TEMP and points the check at it', () => {
    const { plan, validation } = schemaCacheFor(
      loaded({ schemaLocations: ['default'], kubernetesVersion: '1.30.10' }),
      true,
      env,
    );

    expect(plan).toMatchObject({ directory: '/runner/_temp/fleetops-schemas', save: true });
    expect(plan?.key).toMatch(/^fleetops-schemas-linux-[0-9a-f]{16}-7-1$/);
    expect(validation).toEqual({ cacheDirectory: '/runner/_temp/fleetops-schemas' });
  });

  it('keeps cacheDirectory, under the repository root, and only restores it offline', () => {
    const { plan, validation } = schemaCacheFor(
      loaded({ schemaLocations: ['default'], cacheDirectory: '.schemas', offline: true }),
      true,
      env,
    );

    expect(plan).toMatchObject({ directory: '/work/fleet/.schemas', save: false });
    expect(validation).toEqual({ cacheDirectory: '/work/fleet/.schemas' });
  });

  it('leaves the settings alone when off, or when every location is local', () => {
    expect(schemaCacheFor(loaded({ schemaLocations: ['default'] }), false, env)).toEqual({});
    expect(schemaCacheFor(loaded({ schemaLocations: ['./schemas'] }), true, env)).toEqual({});
  });
});
