import { writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@fleetops/core';
import { writeTree } from '@fleetops/test/tree';
import { describe, expect, it } from 'vitest';
import { runCheck, SchemaSourceError } from '../src/index.ts';

// The upstream Cluster API CRDs, read in place (see /work/shared/schemas/PROVENANCE.md).
const capiCrds = fileURLToPath(
  new URL('../../../../shared/schemas/cluster-api-v1.14.0/core/config/crd/bases/', import.meta.url),
);
const clusterCrd = `${capiCrds}cluster.x-k8s.io_clusters.yaml`;
/** A hand-written /openapi/v2 excerpt serving ConfigMap. */
const openapi = fileURLToPath(new URL('fixtures/openapi-v2.json', import.meta.url));

/** A Cluster API Cluster whose pod CIDRs are a string where a list belongs (line 8). */
const cluster = `apiVersion: cluster.x-k8s.io/v1beta2
kind: Cluster
metadata:
  name: eu-west
  namespace: fleet
spec:
  clusterNetwork:
    pods: {cidrBlocks: 10.1.0.0/16}
`;
const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: 1}\n';

const ruleIds = (findings: readonly { ruleId: string }[]) => findings.map((f) => f.ruleId);

describe('fleetops check: CRDs and an OpenAPI document as schema sources', () => {
  it('validates a Cluster API Cluster against the CRD given (--crd), at the exact line', async () => {
    const root = await writeTree({ 'clusters/eu-west/cluster.yaml': cluster });
    const { findings } = await runCheck({ root, validation: { crds: [clusterCrd] } });
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'validate/schema',
        severity: 'error',
        message: expect.stringContaining('cidrBlocks'),
        location: expect.objectContaining({ file: 'clusters/eu-west/cluster.yaml', line: 8 }),
      }),
    ]);
  });

  it('takes a folder of CRDs, and passes a sound Cluster', async () => {
    const root = await writeTree({
      'clusters/eu-west/cluster.yaml': cluster.replace('10.1.0.0/16', '[10.1.0.0/16]'),
    });
    expect((await runCheck({ root, validation: { crds: [capiCrds] } })).findings).toEqual([]);
  });

  it('reads validation.crds from .fleetops.yaml, relative to the repository root', async () => {
    const root = await writeTree({ 'clusters/eu-west/cluster.yaml': cluster });
    const config = `validation:\n  crds: ["${relative(root, capiCrds)}"]\n`;
    await writeFile(join(root, '.fleetops.yaml'), config);
    const { findings } = await runCheck({ root });
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'validate/schema',
        location: expect.objectContaining({ file: 'clusters/eu-west/cluster.yaml', line: 8 }),
      }),
    ]);
  });

  it('serves core kinds from an OpenAPI v2 document; kinds it lacks are named, not passed', async () => {
    const root = await writeTree({
      '.fleetops.yaml': `validation:\n  openapi: ${openapi}\n`,
      'cm.yaml': configMap,
      'clusters/eu-west/cluster.yaml': cluster,
    });
    const { findings } = await runCheck({ root });
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'validate/not-validated',
        severity: 'warning',
        message: expect.stringContaining(
          'cluster.x-k8s.io/v1beta2 Cluster resource was not validated',
        ),
      }),
      expect.objectContaining({
        ruleId: 'validate/schema',
        location: expect.objectContaining({ file: 'cm.yaml', line: 4 }),
      }),
    ]);
    // The command line's CRDs join the file's OpenAPI document.
    const both = await runCheck({ root, validation: { crds: [clusterCrd] } });
    expect(ruleIds(both.findings)).toEqual(['validate/schema', 'validate/schema']);
  });

  it('names the source that cannot be read: the flag for overrides, .fleetops.yaml for settings', async () => {
    const root = await writeTree({ 'cm.yaml': configMap });
    const flag = runCheck({ root, validation: { crds: ['/no/such/crds'] } });
    await expect(flag).rejects.toBeInstanceOf(SchemaSourceError);
    const broken = await writeTree({ 'cm.yaml': configMap, 'openapi.json': '{"swagger": "2.0"' });
    await expect(
      runCheck({ root: broken, validation: { openapi: 'openapi.json' } }),
    ).rejects.toMatchObject({ name: 'SchemaSourceError', setting: 'openapi' });
    await writeFile(join(broken, '.fleetops.yaml'), 'validation:\n  openapi: openapi.json\n');
    const configured = runCheck({ root: broken });
    await expect(configured).rejects.toBeInstanceOf(ConfigError);
    await expect(configured).rejects.toMatchObject({
      message: expect.stringMatching(/^validation\.openapi openapi\.json: /),
      location: { file: '.fleetops.yaml' },
    });
  });
});

describe('fleetops check: validate/schemas-off', () => {
  it('is one note naming the resources and kinds checked for references only', async () => {
    const root = await writeTree({
      'cm.yaml': configMap,
      'clusters/eu-west/cluster.yaml': cluster,
    });
    const { findings } = await runCheck({ root });
    expect(findings).toEqual([
      {
        ruleId: 'validate/schemas-off',
        severity: 'note',
        message:
          'schema validation is off: no schema source is configured; 2 resources of 2 kinds (Cluster, ConfigMap) were checked for references only. Set validation.schemaLocations in .fleetops.yaml or pass --schema-location default (and --crd/--openapi for offline use)',
        location: { file: '.' },
        data: { resources: 2, kinds: { ConfigMap: 1, Cluster: 1 } },
      },
    ]);
  });

  it('sits at .fleetops.yaml when there is one, and goes with any schema source', async () => {
    const root = await writeTree({ '.fleetops.yaml': 'stages: [dev]\n', 'cm.yaml': configMap });
    expect((await runCheck({ root })).findings).toEqual([
      expect.objectContaining({
        ruleId: 'validate/schemas-off',
        location: { file: '.fleetops.yaml' },
      }),
    ]);
    const withOpenApi = await runCheck({ root, validation: { openapi } });
    expect(ruleIds(withOpenApi.findings)).toEqual(['validate/schema']);
  });

  it('is left out when there is no resource to validate', async () => {
    const root = await writeTree({ 'values.yaml': 'replicas: 2\n' });
    expect((await runCheck({ root })).findings).toEqual([]);
  });

  it('is left out when disabledRules names it', async () => {
    const root = await writeTree({
      '.fleetops.yaml': 'validation:\n  disabledRules: [validate/schemas-off]\n',
      'cm.yaml': configMap,
    });
    expect((await runCheck({ root })).findings).toEqual([]);
  });
});
