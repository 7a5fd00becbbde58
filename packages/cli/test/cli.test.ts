import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeTree } from '@fleetops/test/tree';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/program.ts';
import { memoryIo } from './memory-io.ts';

const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));

const brokenFleet = {
  'clusters/a/cluster.yaml': `apiVersion: cluster.x-k8s.io/v1beta2
kind: Cluster
metadata:
  name: a
  labels: {stage: dev}
spec:
  clusterNetwork:
    pods: {cidrBlocks: [10.1.0.1/16]}
`,
  'clusters/a/bad.yaml': 'kind: [\n',
};

describe('fleetops check', () => {
  it('passes on the example fleet with exit 0', async () => {
    const io = memoryIo(repositoryRoot);
    expect(await runCli(['check', 'examples/fleet'], io)).toBe(0);
    // No schema source is configured there: one note says so, and nothing fails.
    expect(io.out()).toMatch(
      /^\.fleetops\.yaml: note validate\/schemas-off: schema validation is off: no schema source is configured; \d+ resources of \d+ kinds \(.*\) were checked for references only\. Set validation\.schemaLocations in \.fleetops\.yaml or pass --schema-location default \(and --crd\/--openapi for offline use\)\n\n0 errors, 0 warnings, 1 note in \d+ files \(.*6 clusters, 34 generated applications\)\n$/,
    );
  });

  it('exits 1 on error findings and prints file:line:col for each', async () => {
    const io = memoryIo(await writeTree(brokenFleet));
    expect(await runCli(['check'], io)).toBe(1);
    expect(io.out()).toContain('clusters/a/bad.yaml:2:1: error load/yaml-syntax:');
    expect(io.out()).toContain(
      'clusters/a/cluster.yaml:8:25: error fleet/invalid-cidr: Cluster/a spec.clusterNetwork.pods.cidrBlocks[0]',
    );
  });

  it('prints the documented JSON shape', async () => {
    const io = memoryIo(await writeTree(brokenFleet));
    expect(await runCli(['check', '--format', 'json'], io)).toBe(1);
    const report = JSON.parse(io.out());
    expect(Object.keys(report)).toEqual(['findings', 'summary']);
    expect(report.findings[0]).toMatchObject({
      ruleId: 'validate/schemas-off',
      severity: 'note',
      location: { file: '.' },
    });
    expect(report.findings[2]).toMatchObject({
      ruleId: 'fleet/invalid-cidr',
      severity: 'error',
      message: expect.stringContaining('host bits'),
      location: { file: 'clusters/a/cluster.yaml', line: 8, column: 25 },
    });
    expect(report.summary).toMatchObject({
      errors: 2,
      warnings: 0,
      notes: 1,
      files: 2,
      clusters: 1,
    });
  });

  it('writes SARIF to --output and nothing to stdout', async () => {
    const root = await writeTree(brokenFleet);
    const io = memoryIo(root);
    expect(await runCli(['check', '.', '--format', 'sarif', '--output', 'out.sarif'], io)).toBe(1);
    expect(io.out()).toBe('');
    const sarif = JSON.parse(await readFile(join(root, 'out.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.map((result: { ruleId: string }) => result.ruleId)).toEqual([
      'validate/schemas-off',
      'load/yaml-syntax',
      'fleet/invalid-cidr',
    ]);
  });

  it('exits 2 with file and line for a bad .fleetops.yaml, before reading anything else', async () => {
    const io = memoryIo(
      await writeTree({ ...brokenFleet, '.fleetops.yaml': 'stages: [dev]\nstage: dev\n' }),
    );
    expect(await runCli(['check'], io)).toBe(2);
    expect(io.err()).toBe(
      'fleetops: .fleetops.yaml:2:1: unknown key "stage" in the configuration; known keys: stages, stageLabels, clusters, include, exclude, maxFileSize, networks, repository, validation\n',
    );
    expect(io.out()).toBe('');
  });

  it('exits 2 for a missing directory and an unknown format', async () => {
    const io = memoryIo(repositoryRoot);
    expect(await runCli(['check', 'no/such/dir'], io)).toBe(2);
    expect(io.err()).toBe('fleetops: no/such/dir: no such directory\n');
    const format = memoryIo(repositoryRoot);
    expect(await runCli(['check', '--format', 'yaml', 'examples/fleet'], format)).toBe(2);
    expect(format.err()).toContain(
      'unknown format; use one of text, json, sarif, junit, github, markdown',
    );
  });

  it('takes schema options over .fleetops.yaml, and exits 2 on a bad one', async () => {
    const schemas = fileURLToPath(
      new URL('../../../../shared/schemas/kubernetes-json-schema/', import.meta.url),
    );
    const root = await writeTree({
      '.fleetops.yaml': 'validation:\n  kubernetesVersion: 9.9.9\n',
      'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\nextra: 1\n',
    });
    const io = memoryIo(root);
    const args = ['check', '--schema-location', schemas, '--kubernetes-version', '1.30.10'];
    expect(await runCli([...args, '--strict', '--offline', '--format', 'json'], io)).toBe(1);
    expect(JSON.parse(io.out()).findings).toEqual([
      expect.objectContaining({
        ruleId: 'validate/schema',
        location: { file: 'cm.yaml', line: 5, column: 1, endLine: 5, endColumn: 6 },
      }),
    ]);
    const lax = memoryIo(root);
    expect(await runCli([...args, '--offline'], lax)).toBe(0);
    const missing = memoryIo(root);
    const nowhere = ['check', '--schema-location', '/no/such/{{ .ResourceKind }}.json'];
    expect(await runCli([...nowhere, '--require-schemas', '--format', 'json'], missing)).toBe(1);
    expect(JSON.parse(missing.out()).findings[0].ruleId).toBe('validate/schema-not-found');
    const bad = memoryIo(root);
    expect(await runCli(['check', '--kubernetes-version', '1.30'], bad)).toBe(2);
    expect(bad.err()).toContain('--kubernetes-version 1.30: not a valid version');
  });

  it('takes CRDs (--crd, repeatable) and an OpenAPI document (--openapi), relative to the working directory', async () => {
    const capi = fileURLToPath(
      new URL(
        '../../../../shared/schemas/cluster-api-v1.14.0/core/config/crd/bases/',
        import.meta.url,
      ),
    );
    const openapi = fileURLToPath(
      new URL('../../check/test/fixtures/openapi-v2.json', import.meta.url),
    );
    const root = await writeTree({
      'clusters/a/cluster.yaml': brokenFleet['clusters/a/cluster.yaml'].replace(
        '[10.1.0.1/16]',
        '10.1.0.0/16',
      ),
      'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n',
      '.fleetops.yaml': 'validation:\n  crds: [no/such/crds]\n',
    });
    const cwd = join(root, 'clusters');
    const io = memoryIo(cwd);
    // The ConfigMap is valid by the OpenAPI document: no not-validated warning either.
    const args = ['check', '..', '--crd', `${capi}cluster.x-k8s.io_clusters.yaml`, '--crd', capi];
    expect(await runCli([...args, '--openapi', relative(cwd, openapi)], io)).toBe(1);
    expect(io.out()).toBe(
      'clusters/a/cluster.yaml:8:24: error validate/schema: Cluster a: /spec/clusterNetwork/pods/cidrBlocks: got string, want array\n\n1 error, 0 warnings in 2 files (2 documents, 0 empty documents, 2 resources, 0 skipped, 1 cluster, 0 generated applications)\n',
    );
    // The file's CRD folder does not exist: a configuration error, exit 2.
    const configured = memoryIo(root);
    expect(await runCli(['check'], configured)).toBe(2);
    expect(configured.err()).toMatch(
      /^fleetops: \.fleetops\.yaml: validation\.crds: .*no\/such\/crds/,
    );
    const missing = memoryIo(root);
    expect(await runCli(['check', '--openapi', 'nowhere.json'], missing)).toBe(2);
    expect(missing.err()).toMatch(/^fleetops: --openapi nowhere\.json: ENOENT/);
    const badCrd = memoryIo(root);
    expect(await runCli(['check', '--crd', 'nowhere'], badCrd)).toBe(2);
    expect(badCrd.err()).toMatch(/^fleetops: --crd: .*nowhere: no such file or directory\n$/);
  });

  it('prints help with exit 0', async () => {
    const io = memoryIo(repositoryRoot);
    expect(await runCli(['check', '--help'], io)).toBe(0);
    expect(io.out()).toContain('Usage: fleetops check [options] [path]');
    expect(io.out()).toContain('--crd <path>');
    expect(io.out()).toContain('--openapi <file>');
    expect(io.out()).toContain('validate/schemas-off');
  });
});

describe('fleetops inventory', () => {
  it('prints the clusters of the example fleet as the documented JSON', async () => {
    const io = memoryIo(repositoryRoot);
    expect(await runCli(['inventory', 'examples/fleet', '--format', 'json'], io)).toBe(0);
    const { clusters } = JSON.parse(io.out());
    expect(clusters).toHaveLength(6);
    for (const cluster of clusters) {
      expect(Object.keys(cluster)).toEqual(
        expect.arrayContaining([
          'name',
          'stage',
          'labels',
          'kubernetesVersion',
          'networks',
          'sources',
        ]),
      );
      expect(Object.keys(cluster.networks)).toEqual(['pods', 'services', 'infrastructure']);
      expect(cluster.sources[0]).toHaveProperty('file');
    }
    expect(new Set(clusters.map((cluster: { stage: string }) => cluster.stage))).toEqual(
      new Set(['dev', 'staging', 'production']),
    );
  });

  it('prints a table ordered by stage', async () => {
    const io = memoryIo(repositoryRoot);
    expect(await runCli(['inventory', 'examples/fleet'], io)).toBe(0);
    const lines = io.out().trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^CLUSTER\s+STAGE\s+VERSION\s+PODS\s+SERVICES\s+INFRASTRUCTURE\s+SOURCES$/,
    );
    const stages = lines.slice(1, -1).map((line) => line.split(/\s+/)[1]);
    expect(stages).toEqual(['dev', 'dev', 'staging', 'staging', 'production', 'production']);
    expect(lines.at(-1)).toBe('6 clusters');
  });
});
