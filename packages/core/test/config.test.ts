import { writeTree } from '@fleetops/test/tree';
import { describe, expect, it } from 'vitest';
import { ConfigError, defaultConfig, loadConfig, parseConfig } from '../src/config.ts';

const parse = (text: string) => parseConfig(Buffer.from(text), '.fleetops.yaml');

describe('configuration', () => {
  it('defaults when there is no .fleetops.yaml', async () => {
    const root = await writeTree({ 'a.yaml': '' });
    expect(await loadConfig(root)).toEqual(defaultConfig);
    expect(defaultConfig.stages).toEqual(['dev', 'staging', 'production']);
    expect(defaultConfig.stageLabels).toEqual(['stage', 'environment']);
    expect(defaultConfig.clusters.directories).toEqual(['clusters/*']);
  });

  it('overrides only what the file sets', () => {
    const config = parse('stages: [test, prod]\nclusters:\n  directories: ["regions/*/*"]\n');
    expect(config).toMatchObject({
      stages: ['test', 'prod'],
      stageLabels: ['stage', 'environment'],
      clusters: { directories: ['regions/*/*'] },
      source: '.fleetops.yaml',
    });
  });

  it('names file, line and known keys for an unknown key', () => {
    const error = captureError(() => parse('stages: [dev]\nclusters:\n  directory: clusters\n'));
    expect(error.location).toMatchObject({ file: '.fleetops.yaml', line: 3, column: 3 });
    expect(error.message).toBe('unknown key "directory" in clusters; known keys: directories');
  });

  it('names the line of a value of the wrong type', () => {
    const error = captureError(() => parse('stages: [dev]\nmaxFileSize: big\n'));
    expect(error.location).toMatchObject({ line: 2, column: 14 });
    expect(error.message).toBe('maxFileSize must be integer');
  });

  it('reports YAML errors in the configuration with their position', () => {
    const error = captureError(() => parse('stages: [dev\n'));
    expect(error.location.line).toBeGreaterThanOrEqual(1);
  });
});

function captureError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('network groups', () => {
  it('accepts networks.groups and rejects a group without clusters, with its line', () => {
    const config = parse(
      'networks:\n  groups:\n    - name: prod-mesh\n      clusters: ["prod-*"]\n',
    );
    expect(config.networks).toEqual({ groups: [{ name: 'prod-mesh', clusters: ['prod-*'] }] });
    const error = captureError(() => parse('networks:\n  groups:\n    - name: prod-mesh\n'));
    expect(error.location).toMatchObject({ line: 3, column: 7 });
    expect(error.message).toBe("networks.groups.0 must have required property 'clusters'");
  });
});

describe('validation schema sources', () => {
  it('takes crds (files or folders) and an openapi document, absent by default', () => {
    expect(defaultConfig.validation).toBeUndefined();
    const config = parse(
      'validation:\n  crds: [crds/, vendor/capi/cluster.x-k8s.io_clusters.yaml]\n  openapi: cluster-openapi.json\n',
    );
    expect(config.validation).toEqual({
      crds: ['crds/', 'vendor/capi/cluster.x-k8s.io_clusters.yaml'],
      openapi: 'cluster-openapi.json',
    });
  });

  it('rejects a crds that is not a list and an empty openapi, with their lines', () => {
    const crds = captureError(() => parse('validation:\n  crds: crds/\n'));
    expect(crds.location).toMatchObject({ line: 2, column: 9 });
    expect(crds.message).toBe('validation.crds must be array');
    const openapi = captureError(() => parse('validation:\n  strict: true\n  openapi: ""\n'));
    expect(openapi.location).toMatchObject({ line: 3 });
    expect(openapi.message).toBe('validation.openapi must NOT have fewer than 1 characters');
  });

  it('lists them among the known keys of validation', () => {
    const error = captureError(() => parse('validation:\n  crd: [crds/]\n'));
    expect(error.message).toBe(
      'unknown key "crd" in validation; known keys: schemaLocations, crds, openapi, kubernetesVersion, strict, offline, cacheDirectory, requireSchemas, disabledRules',
    );
  });
});
