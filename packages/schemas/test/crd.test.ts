import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { CrdError, type CrdSchema, crdSchemas, toJsonSchema } from '../src/crd.ts';
import type { JsonSchema } from '../src/loader.ts';
import { SchemaRegistry } from '../src/registry.ts';
import { sharedPath } from './server.ts';

const CAPI = 'cluster-api-v1.14.0/core/config/crd/bases';
const CAPA = 'cluster-api-provider-aws-v2.11.1/config/crd/bases';
const ARGO = 'argo-cd-v3.5.1/manifests/crds';

const crdFile = (path: string): unknown => {
  const [document] = parseAllDocuments(readFileSync(sharedPath(path), 'utf8'));
  return document?.toJS();
};
const catalog = (group: string, kind: string, version: string): JsonSchema =>
  JSON.parse(
    readFileSync(sharedPath(`crds-catalog/${group}/${kind.toLowerCase()}_${version}.json`), 'utf8'),
  );
const only = (schemas: CrdSchema[], version: string): JsonSchema => {
  const found = schemas.find((s) => s.version === version);
  if (!found) throw new Error(`no ${version} in ${schemas.map((s) => s.version)}`);
  return found.schema;
};
/** Follows a path of keys through nested objects. */
const at = (schema: unknown, ...path: string[]): JsonSchema =>
  path.reduce((node, key) => (node as JsonSchema)[key], schema) as JsonSchema;
const props = (...names: string[]) => names.flatMap((name) => ['properties', name]);

const ajv = new Ajv({ strict: false, allErrors: true });

describe('crdSchemas on real CRDs', () => {
  it('yields one schema per served version, keyed by group, kind and version', () => {
    const cluster = crdSchemas(crdFile(`${CAPI}/cluster.x-k8s.io_clusters.yaml`));
    expect(cluster.map(({ group, kind, version }) => `${group}/${version}/${kind}`)).toEqual([
      'cluster.x-k8s.io/v1beta1/Cluster',
      'cluster.x-k8s.io/v1beta2/Cluster',
    ]);
    // CAPA lists v1beta1 with served: false.
    const awsCluster = crdSchemas(
      crdFile(`${CAPA}/infrastructure.cluster.x-k8s.io_awsclusters.yaml`),
    );
    expect(awsCluster.map((s) => s.version)).toEqual(['v1beta2']);
  });

  // The catalog's files come from kubeconform's openapi2jsonschema.py; where the CRD is the
  // same upstream version, the conversion must produce the very same document.
  it.each([
    [`${ARGO}/application-crd.yaml`, 'argoproj.io', 'Application', 'v1alpha1'],
    [`${ARGO}/applicationset-crd.yaml`, 'argoproj.io', 'ApplicationSet', 'v1alpha1'],
    [`${ARGO}/appproject-crd.yaml`, 'argoproj.io', 'AppProject', 'v1alpha1'],
    [
      `${CAPI}/cluster.x-k8s.io_machinehealthchecks.yaml`,
      'cluster.x-k8s.io',
      'MachineHealthCheck',
      'v1beta2',
    ],
    [
      `${CAPI}/addons.cluster.x-k8s.io_clusterresourcesets.yaml`,
      'addons.cluster.x-k8s.io',
      'ClusterResourceSet',
      'v1beta1',
    ],
    [
      `${CAPI}/ipam.cluster.x-k8s.io_ipaddressclaims.yaml`,
      'ipam.cluster.x-k8s.io',
      'IPAddressClaim',
      'v1beta2',
    ],
  ])('equals the CRDs-catalog for %s %s', (file, group, kind, version) => {
    const schema = only(crdSchemas(crdFile(file)), version);
    expect(schema).toEqual(catalog(group, kind, version));
  });

  it.each([
    [`${CAPI}/cluster.x-k8s.io_clusters.yaml`, 'cluster.x-k8s.io', 'Cluster', 'v1beta2'],
    [
      `${CAPA}/infrastructure.cluster.x-k8s.io_awsclusters.yaml`,
      'infrastructure.cluster.x-k8s.io',
      'AWSCluster',
      'v1beta2',
    ],
  ])(
    'closes the same objects as the catalog where upstream drifted: %s',
    (file, group, kind, version) => {
      const ours = only(crdSchemas(crdFile(file)), version);
      const theirs = catalog(group, kind, version);
      const compared: string[] = [];
      const disagreements: string[] = [];
      const walk = (a: unknown, b: unknown, path: string) => {
        if (typeof a !== 'object' || typeof b !== 'object' || !a || !b) return;
        const x = a as JsonSchema;
        const y = b as JsonSchema;
        if (x.properties && y.properties && !Array.isArray(x)) {
          compared.push(path);
          if (x.additionalProperties !== y.additionalProperties) disagreements.push(path);
        }
        for (const key of Object.keys(x)) if (key in y) walk(x[key], y[key], `${path}/${key}`);
      };
      walk(ours, theirs, '');
      expect(compared.length).toBeGreaterThan(20);
      expect(disagreements).toEqual([]);
    },
  );

  it('keeps x-kubernetes-* keys and leaves preserve-unknown-fields objects open', () => {
    const schema = only(
      crdSchemas(crdFile(`${ARGO}/application-crd.yaml`), { strict: true }),
      'v1alpha1',
    );
    const valuesObject = at(schema, ...props('spec', 'source', 'helm', 'valuesObject'));
    expect(valuesObject['x-kubernetes-preserve-unknown-fields']).toBe(true);
    expect(valuesObject).not.toHaveProperty('additionalProperties');
    const validate = ajv.compile(schema);
    const app = (helm: object) => ({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'web' },
      spec: {
        project: 'default',
        destination: { server: 'https://kubernetes.default.svc' },
        source: { repoURL: 'https://charts.example.com', chart: 'web', helm },
      },
    });
    expect(validate(app({ valuesObject: { any: { nested: ['thing'] } } }))).toBe(true);
    expect(validate(app({ valuesObjekt: {} }))).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({
      keyword: 'additionalProperties',
      params: { additionalProperty: 'valuesObjekt' },
    });
  });

  it('keeps real int-or-string anyOf and admits null where nullable', () => {
    const md = only(
      crdSchemas(crdFile(`${CAPI}/cluster.x-k8s.io_machinedeployments.yaml`)),
      'v1beta1',
    );
    const maxSurge = at(md, ...props('spec', 'strategy', 'rollingUpdate', 'maxSurge'));
    expect(maxSurge.anyOf).toEqual([{ type: 'integer' }, { type: 'string' }]);
    expect(maxSurge['x-kubernetes-int-or-string']).toBe(true);

    const identity = crdSchemas(
      crdFile(`${CAPA}/infrastructure.cluster.x-k8s.io_awsclustercontrolleridentities.yaml`),
    );
    const allowed = at(only(identity, 'v1beta2'), ...props('spec', 'allowedNamespaces'));
    expect(allowed.type).toEqual(['object', 'null']);
    expect(at(allowed, ...props('list')).type).toEqual(['array', 'null']);
  });
});

describe('toJsonSchema', () => {
  const openApi: JsonSchema = {
    type: 'object',
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      spec: {
        type: 'object',
        properties: {
          port: { format: 'int-or-string', description: 'a port' },
          replicas: { 'x-kubernetes-int-or-string': true },
          mode: { type: 'string', enum: ['a', 'b'], nullable: true },
          extra: {
            type: 'object',
            'x-kubernetes-preserve-unknown-fields': true,
            properties: { known: { type: 'string' } },
          },
          labels: { type: 'object', additionalProperties: { type: 'string' } },
          choice: {
            type: 'object',
            properties: { a: { type: 'string' }, b: { type: 'string' } },
            oneOf: [
              { properties: { a: { type: 'string' } }, required: ['a'] },
              { required: ['b'] },
            ],
          },
          list: {
            type: 'array',
            items: { type: 'object', properties: { n: { type: 'integer' } } },
          },
        },
      },
    },
  };

  it('closes nested objects, and the root only when strict', () => {
    const open = toJsonSchema(openApi);
    expect(open).not.toHaveProperty('additionalProperties');
    expect(at(open, ...props('spec')).additionalProperties).toBe(false);
    expect(at(open, ...props('spec', 'list'), 'items').additionalProperties).toBe(false);
    expect(toJsonSchema(openApi, { strict: true }).additionalProperties).toBe(false);
    // Maps keep their own additionalProperties; logic branches are never closed.
    expect(at(open, ...props('spec', 'labels')).additionalProperties).toEqual({ type: 'string' });
    expect(at(open, ...props('spec', 'choice'), 'oneOf', '0')).not.toHaveProperty(
      'additionalProperties',
    );
  });

  it('closes the root under strict, keeping apiVersion, kind and metadata a CRD leaves out', () => {
    const bare = { type: 'object', properties: { spec: { type: 'object' } } };
    const validate = ajv.compile(toJsonSchema(bare, { strict: true }));
    const widget = { apiVersion: 'x/v1', kind: 'Widget', metadata: { name: 'w' }, spec: {} };
    expect(validate(widget)).toBe(true);
    expect(validate({ ...widget, extra: 1 })).toBe(false);
    expect(validate.errors?.[0]?.params).toEqual({ additionalProperty: 'extra' });
    // Not strict: the root stays open and nothing is added to it.
    expect(toJsonSchema(bare).properties).toEqual({ spec: { type: 'object' } });
  });

  it('validates as Kubernetes would accept', () => {
    const validate = ajv.compile(toJsonSchema(openApi, { strict: true }));
    const resource = (spec: object, top: object = {}) => ({
      apiVersion: 'x/v1',
      kind: 'X',
      spec,
      ...top,
    });
    const good = {
      port: '8080',
      replicas: 3,
      mode: null,
      extra: { known: 'k', unknown: { deep: true } },
      choice: { a: 'x' },
      list: [{ n: 1 }],
    };
    expect(validate(resource(good))).toBe(true);
    expect(validate(resource({ ...good, port: 80, replicas: '50%' }))).toBe(true);
    expect(validate(resource({ ...good, port: true }))).toBe(false);
    expect(validate(resource({ ...good, replicas: 1.5 }))).toBe(false);
    expect(validate(resource({ ...good, mode: 'c' }))).toBe(false);
    expect(validate(resource({ ...good, list: [{ n: 1, m: 2 }] }))).toBe(false);
    expect(validate(resource(good, { status: {} }))).toBe(false);
  });

  it('replaces format int-or-string as openapi2jsonschema does, keeping the description', () => {
    expect(at(toJsonSchema(openApi), ...props('spec', 'port'))).toEqual({
      description: 'a port',
      oneOf: [{ type: 'string' }, { type: 'integer' }],
    });
  });

  it('does not modify its input', () => {
    const before = JSON.stringify(openApi);
    toJsonSchema(openApi, { strict: true });
    expect(JSON.stringify(openApi)).toBe(before);
  });
});

describe('crdSchemas on hand-written CRDs', () => {
  const crd = (spec: object) => ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: { group: 'example.com', names: { kind: 'Widget', plural: 'widgets' }, ...spec },
  });
  const schema = { type: 'object', properties: { spec: { type: 'object', properties: {} } } };

  it('skips versions without a schema and reads the v1beta1 shared validation', () => {
    expect(
      crdSchemas(
        crd({
          versions: [
            { name: 'v1', served: true },
            { name: 'v2', served: true, schema: { openAPIV3Schema: schema } },
          ],
        }),
      ).map((s) => s.version),
    ).toEqual(['v2']);
    expect(
      crdSchemas(crd({ version: 'v1alpha1', validation: { openAPIV3Schema: schema } })).map((s) => [
        s.version,
        s.kind,
      ]),
    ).toEqual([['v1alpha1', 'Widget']]);
  });

  it('rejects what is not a CRD, saying what is missing', () => {
    expect(() => crdSchemas({ kind: 'ConfigMap', apiVersion: 'v1' })).toThrow(CrdError);
    expect(() => crdSchemas(crd({ group: 3 }))).toThrow(
      'spec.group and spec.names.kind must be strings',
    );
  });

  it('is served by the registry ahead of every location, strict as the registry', async () => {
    const registry = new SchemaRegistry({
      locations: [
        sharedPath('crds-catalog/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json'),
      ],
      strict: true,
    });
    const added = registry.addCrd(
      crdFile(`${CAPI}/cluster.x-k8s.io_clusters.yaml`),
      'crds/clusters.yaml',
    );
    expect(added).toEqual([
      { group: 'cluster.x-k8s.io', kind: 'Cluster', version: 'v1beta1' },
      { group: 'cluster.x-k8s.io', kind: 'Cluster', version: 'v1beta2' },
    ]);
    const result = await registry.schemaFor({
      kind: 'Cluster',
      apiVersion: 'cluster.x-k8s.io/v1beta2',
    });
    expect(result).toMatchObject({
      source: 'crds/clusters.yaml',
      schema: { additionalProperties: false },
    });
    const machine = await registry.schemaFor({
      kind: 'Machine',
      apiVersion: 'cluster.x-k8s.io/v1beta2',
    });
    expect(machine).toMatchObject({
      source: sharedPath('crds-catalog/cluster.x-k8s.io/machine_v1beta2.json'),
    });
  });
});
