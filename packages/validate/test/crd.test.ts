import { pathToFileURL } from 'node:url';
import { SchemaRegistry } from '@fleetops/schemas';
import { writeTree } from '@fleetops/test/tree';
import { describe, expect, it } from 'vitest';
import { runFindings } from '../src/findings.ts';
import { runValidation } from '../src/index.ts';
import { kubeconform, kubernetesSchemas, shared } from './fixtures.ts';

const capiCrds = `${shared}cluster-api-v1.14.0/core/config/crd/bases`;
const argoCrds = `${shared}argo-cd-v3.5.1/manifests/crds`;

const cluster = (extra = '') => `apiVersion: cluster.x-k8s.io/v1beta2
kind: Cluster
metadata:
  name: eu-west-prod
  namespace: fleet
spec:
  clusterNetwork:
    pods:
      cidrBlocks: ["10.0.0.0/16"]
  controlPlaneRef:
    apiGroup: controlplane.cluster.x-k8s.io
    kind: KubeadmControlPlane
    name: eu-west-prod
${extra}`;

const application = (helm: string) => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: guestbook
  namespace: argocd
spec:
  project: default
  destination:
    server: https://kubernetes.default.svc
    namespace: guestbook
  source:
    repoURL: https://github.com/argoproj/argocd-example-apps
    path: helm-guestbook
    helm:
${helm}`;

function offline(strict = false): SchemaRegistry {
  return new SchemaRegistry({ locations: [kubernetesSchemas], strict });
}

describe('CRDs as a schema source', () => {
  it('validates custom resources against --crd files, naming the CRD file in the error', async () => {
    const bad = cluster().replace('cidrBlocks: ["10.0.0.0/16"]', 'cidrBlocks: "10.0.0.0/16"');
    const run = await kubeconform({ 'cluster.yaml': bad }, ['cluster.yaml'], {
      registry: offline(),
      crds: [capiCrds],
    });
    const crdUrl = pathToFileURL(`${capiCrds}/cluster.x-k8s.io_clusters.yaml`).href;
    expect(run).toEqual({
      out: `cluster.yaml - Cluster eu-west-prod is invalid: problem validating schema. Check JSON formatting: jsonschema validation failed with '${crdUrl}#' - at '/spec/clusterNetwork/pods/cidrBlocks': got string, want array\n`,
      exit: 1,
    });
    const good = await kubeconform({ 'cluster.yaml': cluster() }, ['cluster.yaml'], {
      registry: offline(),
      crds: [capiCrds],
      summary: true,
    });
    expect(good.exit).toBe(0);
  });

  it('uses CRDs found among the validated files, before any location', async () => {
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: { kind: Widget, plural: widgets }
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: { type: integer }
`;
    const widget =
      'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: big\n';
    const run = await kubeconform(
      { 'crd.yaml': crd, 'widget.yaml': widget },
      ['crd.yaml', 'widget.yaml'],
      { registry: offline(), ignoreMissingSchemas: true },
    );
    expect(run.out).toMatch(
      /^widget\.yaml - Widget w is invalid: .* - at '\/spec\/size': got string, want integer\n$/,
    );
  });

  it('closes CRD schemas below the root, and at the root only under -strict', async () => {
    const extra = cluster('bogus: 1\n');
    const loose = await kubeconform({ 'c.yaml': extra }, ['c.yaml'], {
      registry: offline(),
      crds: [capiCrds],
    });
    expect(loose.exit).toBe(0);
    const strict = await kubeconform({ 'c.yaml': extra }, ['c.yaml'], {
      registry: offline(true),
      crds: [capiCrds],
      strict: true,
    });
    expect(strict.out).toContain(`- at '': additional properties 'bogus' not allowed\n`);
    const nested = await kubeconform(
      { 'c.yaml': cluster().replace('  clusterNetwork:', '  bogusField: 1\n  clusterNetwork:') },
      ['c.yaml'],
      { registry: offline(), crds: [capiCrds] },
    );
    expect(nested.out).toContain(`- at '/spec': additional properties 'bogusField' not allowed\n`);
  });

  it('keeps x-kubernetes-preserve-unknown-fields objects open, even under -strict', async () => {
    const open = application('      valuesObject:\n        anything:\n          nested: [1, 2]\n');
    const run = await kubeconform({ 'app.yaml': open }, ['app.yaml'], {
      registry: offline(true),
      crds: [argoCrds],
      strict: true,
      summary: true,
    });
    expect(run).toEqual({
      out: 'Summary: 1 resource found in 1 file - Valid: 1, Invalid: 0, Errors: 0, Skipped: 0\n',
      exit: 0,
    });
    const closed = application('      bogus: true\n');
    const failing = await kubeconform({ 'app.yaml': closed }, ['app.yaml'], {
      registry: offline(true),
      crds: [argoCrds],
      strict: true,
    });
    expect(failing.out).toContain(
      `- at '/spec/source/helm': additional properties 'bogus' not allowed`,
    );
  });
});

describe('positions of schema errors', () => {
  it('puts each error at its field: a missing property at its object, an unknown one at its key', async () => {
    const text = `apiVersion: v1
kind: ConfigMap
metadata:
  name: first
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: "3"
  template:
    spec:
      containers:
        - image: nginx
          bogus: 1
`;
    const cwd = await writeTree({ 'deploy.yaml': text });
    const run = await runValidation({
      paths: ['deploy.yaml'],
      cwd,
      readStdin: async () => '',
      registry: offline(true),
      strict: true,
    });
    const findings = runFindings(run.results);
    const at = findings.map((f) => [f.location.line, f.location.column, f.message]);
    expect(at).toEqual([
      [11, 1, "Deployment web: /spec: missing property 'selector'"],
      [12, 13, 'Deployment web: /spec/replicas: got string, want null or integer'],
      [16, 11, "Deployment web: /spec/template/spec/containers/0: missing property 'name'"],
      [
        17,
        11,
        `Deployment web: /spec/template/spec/containers/0/bogus: unknown field "bogus" (additional properties 'bogus' not allowed)`,
      ],
    ]);
    expect(
      findings.every((f) => f.ruleId === 'validate/schema' && f.location.file === 'deploy.yaml'),
    ).toBe(true);
  });
});
