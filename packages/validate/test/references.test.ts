import { SchemaRegistry } from '@fleetops/schemas';
import { writeTree } from '@fleetops/test/tree';
import { describe, expect, it } from 'vitest';
import { runFindings, runValidation } from '../src/index.ts';
import { kubernetesSchemas } from './fixtures.ts';

/** The findings of a run over `files`, with the cross-references checked. */
async function findings(files: Record<string, string>, disabled: string[] = []) {
  const cwd = await writeTree(files);
  const run = await runValidation({
    paths: Object.keys(files),
    cwd,
    readStdin: async () => '',
    registry: new SchemaRegistry({ locations: [kubernetesSchemas] }),
    ignoreMissingSchemas: true,
  });
  return runFindings(run.results, { references: { disabled: new Set(disabled) } });
}

const machineDeployment = `apiVersion: v1
kind: List
items:
- apiVersion: cluster.x-k8s.io/v1beta1
  kind: MachineDeployment
  metadata: {name: workers, namespace: fleet}
  spec:
    clusterName: prodd
    template:
      spec:
        bootstrap:
          configRef: {apiVersion: bootstrap.cluster.x-k8s.io/v1beta1, kind: KubeadmConfigTemplate, name: w}
`;
const cluster = `apiVersion: cluster.x-k8s.io/v1beta1
kind: Cluster
metadata: {name: prod, namespace: fleet}
`;

describe('runFindings: cross-references among the resources read', () => {
  it('locates a dangling reference inside a List item, across files', async () => {
    const found = await findings({ 'md.yaml': machineDeployment, 'cluster.yaml': cluster });
    expect(found).toEqual([
      expect.objectContaining({
        ruleId: 'validate/capi-cluster-name',
        message: expect.stringContaining('did you mean "prod"?'),
        location: expect.objectContaining({ file: 'md.yaml', line: 8, column: 18 }),
      }),
    ]);
  });

  it('leaves out disabled rules, and is off unless asked for', async () => {
    const files = { 'md.yaml': machineDeployment, 'cluster.yaml': cluster };
    expect(await findings(files, ['validate/capi-cluster-name'])).toEqual([]);
    const cwd = await writeTree(files);
    const run = await runValidation({
      paths: Object.keys(files),
      cwd,
      readStdin: async () => '',
      registry: new SchemaRegistry({ locations: [kubernetesSchemas] }),
      ignoreMissingSchemas: true,
    });
    expect(runFindings(run.results)).toEqual([]);
  });
});
