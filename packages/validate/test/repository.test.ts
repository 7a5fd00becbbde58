import { loadRepository } from '@fleetops/core';
import { SchemaRegistry } from '@fleetops/schemas';
import { writeTree } from '@fleetops/test/tree';
import { describe, expect, it } from 'vitest';
import { nearestName, validateResources, validateRules } from '../src/index.ts';
import { kubernetesSchemas, shared } from './fixtures.ts';

const catalog = `${shared}crds-catalog/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`;
const registry = () => new SchemaRegistry({ locations: [kubernetesSchemas, catalog] });

const fleet = {
  'clusters/eu-west.yaml': `apiVersion: cluster.x-k8s.io/v1beta2
kind: Cluster
metadata:
  name: eu-west
  namespace: fleet
spec:
  infrastructureRef:
    apiGroup: infrastructure.cluster.x-k8s.io
    kind: DockerCluster
    name: eu-wset
  controlPlaneRef:
    apiGroup: controlplane.cluster.x-k8s.io
    kind: KubeadmControlPlane
    name: eu-west-cp
  topology:
    classRef:
      name: quick-start
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta2
kind: DockerCluster
metadata:
  name: eu-west
  namespace: fleet
---
apiVersion: cluster.x-k8s.io/v1beta2
kind: MachineDeployment
metadata:
  name: eu-west-md
  namespace: fleet
spec:
  clusterName: eu-wes
  template:
    spec:
      clusterName: eu-west
      bootstrap:
        configRef:
          apiGroup: bootstrap.cluster.x-k8s.io
          kind: KubeadmConfigTemplate
          name: eu-west-md
      infrastructureRef:
        apiGroup: infrastructure.cluster.x-k8s.io
        kind: DockerMachineTemplate
        name: eu-west-md
`,
  'apps/project.yaml': `apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata:
  name: platform
  namespace: argocd
spec: {}
`,
  'apps/guestbook.yaml': `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: guestbook
  namespace: argocd
spec:
  project: platfrom
  destination:
    name: eu-west
    namespace: guestbook
  source:
    repoURL: https://example.com/repo.git
    path: guestbook
`,
  'values/guestbook.yaml': 'replicaCount: 2\nimage:\n  tag: "1.0"\n',
  'apps/bad.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\ndata: 3\n',
};

describe('validateResources: the check job', () => {
  it('validates, warns once per kind without a schema, and checks cross-references', async () => {
    const root = await writeTree(fleet);
    const repository = await loadRepository(root);
    const findings = await validateResources(repository, registry(), {
      clusters: [{ name: 'eu-west-prod', server: 'https://eu-west.example.com' }],
    });
    const summary = findings.map(
      (f) => `${f.ruleId} ${f.location.file}:${f.location.line}:${f.location.column} ${f.message}`,
    );
    expect(summary).toEqual([
      'validate/schema apps/bad.yaml:5:7 ConfigMap bad: /data: got number, want null or object',
      "validate/schema clusters/eu-west.yaml:15:3 Cluster eu-west: /spec/topology: missing property 'version'",
      "validate/schema clusters/eu-west.yaml:30:1 MachineDeployment eu-west-md: /spec: missing property 'selector'",
      expect.stringMatching(
        /^validate\/not-validated clusters\/eu-west\.yaml:19:1 1 infrastructure\.cluster\.x-k8s\.io\/v1beta2 DockerCluster resource was not validated \(could not find schema for DockerCluster\): DockerCluster\/fleet\/eu-west$/,
      ),
      'validate/capi-infrastructure-ref clusters/eu-west.yaml:10:11 Cluster eu-west: infrastructureRef names DockerCluster "eu-wset" in namespace fleet, which is not in the repository; did you mean "eu-west"?',
      'validate/capi-cluster-name clusters/eu-west.yaml:31:16 MachineDeployment eu-west-md: clusterName names Cluster "eu-wes" in namespace fleet, which is not in the repository; did you mean "eu-west"?',
      'validate/argocd-project apps/guestbook.yaml:7:12 Application guestbook: project "platfrom" is not an AppProject of the repository nor "default"; did you mean "platform"?',
      'validate/argocd-destination apps/guestbook.yaml:9:11 Application guestbook: destination name "eu-west" is not a cluster of the fleet',
    ]);
    // Referenced kinds the repository does not hold (KubeadmControlPlane, ClusterClass,
    // KubeadmConfigTemplate, DockerMachineTemplate) are someone else's: no finding.
    expect(findings.every((f) => validateRules.has(f.ruleId))).toBe(true);
  });

  it('makes a missing schema an error with requireSchemas, and each rule can be switched off', async () => {
    const root = await writeTree(fleet);
    const repository = await loadRepository(root);
    const findings = await validateResources(repository, registry(), {
      requireSchemas: true,
      disabled: new Set(['validate/argocd-project', 'validate/capi-cluster-name']),
    });
    const rules = findings.map((f) => f.ruleId);
    expect(rules).toContain('validate/schema-not-found');
    expect(rules).not.toContain('validate/not-validated');
    expect(rules).not.toContain('validate/argocd-project');
    expect(rules).not.toContain('validate/capi-cluster-name');
    // No fleet clusters and no cluster Secrets: destinations are not checked.
    expect(rules).not.toContain('validate/argocd-destination');
  });

  it('accepts destinations declared by Argo CD cluster Secrets', async () => {
    const secret = `apiVersion: v1
kind: Secret
metadata:
  name: eu-west
  namespace: argocd
  labels:
    argocd.argoproj.io/secret-type: cluster
stringData:
  name: eu-west
  server: https://eu-west.example.com
`;
    const root = await writeTree({ ...fleet, 'apps/cluster-secret.yaml': secret });
    const findings = await validateResources(await loadRepository(root), registry(), {
      references: true,
    });
    expect(findings.map((f) => f.ruleId)).not.toContain('validate/argocd-destination');
  });

  it('suggests only close names', () => {
    expect(nearestName('eu-wset', ['eu-west', 'us-east'])).toBe('eu-west');
    expect(nearestName('production', ['staging', 'dev'])).toBeUndefined();
  });
});
