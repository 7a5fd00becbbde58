import { fileURLToPath } from 'node:url';
import type { Finding } from '@fleetops/core';
import { clusterSecret } from '@fleetops/test/argocd';
import { gitRepo } from '@fleetops/test/git';
import { writeTree } from '@fleetops/test/tree';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../src/index.ts';

const exampleFleet = fileURLToPath(new URL('../../../examples/fleet', import.meta.url));
const kubernetesSchemas = fileURLToPath(
  new URL('../../../../shared/schemas/kubernetes-json-schema/', import.meta.url),
);

/** A production cluster's Argo CD secret. */
const productionCluster = (name: string) =>
  clusterSecret(name, { stage: 'production' }, { server: `https://${name}.k8s.example.com` });

/** ExternalDNS for every cluster, from one ApplicationSet whose owner id forgets the cluster. */
const externalDnsEverywhere = (ownerId: string) => `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: external-dns
  namespace: argocd
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
    - clusters:
        selector:
          matchLabels: {stage: production}
  template:
    metadata:
      name: '{{.name}}-external-dns'
    spec:
      project: default
      source:
        repoURL: https://kubernetes-sigs.github.io/external-dns/
        chart: external-dns
        targetRevision: 1.19.0
        helm:
          valuesObject:
            provider:
              name: aws
            txtOwnerId: ${ownerId}
            policy: sync
            domainFilters: [example.com]
      destination:
        name: '{{.name}}'
        namespace: external-dns
`;

/** The findings but the note that no schema source is configured (its own tests are below). */
const withoutSchemasOff = (findings: readonly Finding[]) =>
  findings.filter((finding) => finding.ruleId !== 'validate/schemas-off');

describe('fleetops check', () => {
  it('is clean on the example fleet, with every ApplicationSet expanded', async () => {
    const result = await runCheck({ root: exampleFleet });
    // The example configures no schema source: a note says so, never an error or a warning.
    expect(result.findings).toEqual([
      expect.objectContaining({
        ruleId: 'validate/schemas-off',
        severity: 'note',
        location: { file: '.fleetops.yaml' },
      }),
    ]);
    expect(result.stats).toMatchObject({ clusters: 6, generatedApplications: 34 });
  });

  it('sees what ApplicationSets deploy: one owner id rendered for every cluster is caught at the template', async () => {
    const root = await gitRepo({
      'clusters/a.yaml': productionCluster('a'),
      'clusters/b.yaml': productionCluster('b'),
      'apps/external-dns.yaml': externalDnsEverywhere('fleet'),
    });
    const result = await runCheck({ root });
    const shared = result.findings.filter(
      (finding) => finding.ruleId === 'externaldns/shared-owner-id',
    );
    expect(shared).toHaveLength(1);
    expect(shared[0]).toMatchObject({
      severity: 'error',
      location: { file: 'apps/external-dns.yaml' },
    });
    expect(shared[0]!.location.line).toBe(26);
    expect(shared[0]!.message).toContain('a-external-dns');
    expect(shared[0]!.message).toContain('b-external-dns');
    expect(result.stats).toMatchObject({ generatedApplications: 2 });

    const fixed = await gitRepo({
      'clusters/a.yaml': productionCluster('a'),
      'clusters/b.yaml': productionCluster('b'),
      'apps/external-dns.yaml': externalDnsEverywhere('"{{.name}}"'),
    });
    expect(withoutSchemasOff((await runCheck({ root: fixed })).findings)).toEqual([]);
  });

  it('reports an ApplicationSet that fails to render as frozen, never as no Applications', async () => {
    const root = await gitRepo({
      'clusters/a.yaml': productionCluster('a'),
      'apps/external-dns.yaml': externalDnsEverywhere('"{{.nosuch}}"'),
    });
    const result = await runCheck({ root });
    expect(withoutSchemasOff(result.findings)).toEqual([
      expect.objectContaining({
        ruleId: 'appset/frozen',
        severity: 'error',
        message: expect.stringContaining('map has no entry for key "nosuch"'),
        location: expect.objectContaining({ file: 'apps/external-dns.yaml' }),
      }),
    ]);
  });

  it('checks the references that schemas cannot see', async () => {
    const root = await writeTree({
      'cluster.yaml': `apiVersion: cluster.x-k8s.io/v1beta2
kind: Cluster
metadata: {name: a, namespace: fleet}
spec:
  infrastructureRef: {apiGroup: infrastructure.cluster.x-k8s.io, kind: AWSCluster, name: a-typo}
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta2
kind: AWSCluster
metadata: {name: a, namespace: fleet}
spec: {region: us-east-1}
`,
    });
    const result = await runCheck({ root });
    expect(withoutSchemasOff(result.findings)).toEqual([
      expect.objectContaining({
        ruleId: 'validate/capi-infrastructure-ref',
        severity: 'error',
        location: expect.objectContaining({ file: 'cluster.yaml', line: 5 }),
      }),
    ]);
  });

  it('validates schemas when .fleetops.yaml says where they are, at the exact field', async () => {
    const root = await writeTree({
      '.fleetops.yaml': `validation:\n  schemaLocations: ["${kubernetesSchemas}{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json"]\n  strict: true\n  offline: true\n`,
      'app.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: "two"
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx}]
`,
    });
    const result = await runCheck({ root });
    expect(result.findings).toEqual([
      expect.objectContaining({
        ruleId: 'validate/schema',
        severity: 'error',
        location: expect.objectContaining({ file: 'app.yaml', line: 5, column: 13 }),
      }),
    ]);
  });
  it('takes schema settings from the caller over .fleetops.yaml', async () => {
    const location = `${kubernetesSchemas}{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json`;
    const root = await writeTree({
      '.fleetops.yaml':
        'validation:\n  schemaLocations: ["/no/such/schemas/{{ .ResourceKind }}.json"]\n  strict: false\n',
      'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\nextra: 1\n',
    });
    // The file's location has no schema and schemas are not required: a warning only.
    expect((await runCheck({ root })).findings.map((finding) => finding.ruleId)).toEqual([
      'validate/not-validated',
    ]);
    const result = await runCheck({
      root,
      validation: {
        schemaLocations: [location],
        strict: true,
        offline: true,
        kubernetesVersion: '1.30.10',
      },
    });
    expect(result.findings).toEqual([
      expect.objectContaining({
        ruleId: 'validate/schema',
        message: expect.stringContaining('unknown field "extra"'),
        location: expect.objectContaining({ file: 'cm.yaml', line: 5, column: 1 }),
      }),
    ]);
    const required = await runCheck({ root, validation: { requireSchemas: true } });
    expect(required.findings.map((finding) => finding.ruleId)).toEqual([
      'validate/schema-not-found',
    ]);
  });
});
