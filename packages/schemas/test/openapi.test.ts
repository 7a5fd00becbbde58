import { describe, expect, it } from 'vitest';
import {
  CORE_SCHEMA_DIALECT,
  type JsonSchema,
  OpenApiError,
  openApiSchemas,
  SchemaRegistry,
} from '../src/index.ts';

/** A trimmed /openapi/v2 document in Kubernetes' own shape (our fixture). */
const document = {
  swagger: '2.0',
  definitions: {
    'io.k8s.api.apps.v1.Deployment': {
      type: 'object',
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
        spec: { $ref: '#/definitions/io.k8s.api.apps.v1.DeploymentSpec' },
      },
      'x-kubernetes-group-version-kind': [{ group: 'apps', kind: 'Deployment', version: 'v1' }],
    },
    'io.k8s.api.apps.v1.DeploymentSpec': {
      type: 'object',
      required: ['selector'],
      properties: {
        replicas: { type: 'integer', format: 'int32' },
        selector: { type: 'object', additionalProperties: { type: 'string' } },
        maxSurge: { $ref: '#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString' },
        memory: { $ref: '#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity' },
        schema: { $ref: '#/definitions/io.k8s.apiextensions.v1.JSONSchemaProps' },
      },
    },
    'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': {
      type: 'object',
      properties: { name: { type: 'string' } },
    },
    'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { type: 'string', format: 'int-or-string' },
    'io.k8s.apimachinery.pkg.api.resource.Quantity': { type: 'string' },
    'io.k8s.apiextensions.v1.JSONSchemaProps': {
      type: 'object',
      properties: {
        items: { $ref: '#/definitions/io.k8s.apiextensions.v1.JSONSchemaProps' },
      },
    },
  },
};

/** A core kind whose metadata carries a `date-time` format. */
const configMapDocument = {
  swagger: '2.0',
  definitions: {
    'io.k8s.api.core.v1.ConfigMap': {
      type: 'object',
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
        data: { type: 'object', additionalProperties: { type: 'string' } },
      },
      'x-kubernetes-group-version-kind': [{ group: '', kind: 'ConfigMap', version: 'v1' }],
    },
    'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': {
      type: 'object',
      properties: {
        name: { type: 'string' },
        creationTimestamp: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Time' },
      },
    },
    'io.k8s.apimachinery.pkg.apis.meta.v1.Time': { type: 'string', format: 'date-time' },
  },
};

describe('Kubernetes OpenAPI v2 → JSON schemas', () => {
  it('inlines references, admits null where optional, pins apiVersion and kind', () => {
    const [deployment] = openApiSchemas(document);
    expect(deployment).toMatchObject({ group: 'apps', kind: 'Deployment', version: 'v1' });
    const schema = deployment!.schema();
    const properties = schema.properties as Record<string, Record<string, unknown>>;
    expect(properties.apiVersion).toEqual({ type: ['string', 'null'], enum: ['apps/v1'] });
    expect(properties.kind).toEqual({ type: ['string', 'null'], enum: ['Deployment'] });
    const spec = properties.spec as { properties: Record<string, unknown>; type: unknown };
    expect(spec.type).toEqual(['object', 'null']);
    expect(spec.properties.replicas).toEqual({ type: ['integer', 'null'], format: 'int32' });
    expect(spec.properties.selector).toEqual({
      type: 'object',
      additionalProperties: { type: ['string', 'null'] },
    });
    expect(spec.properties.maxSurge).toEqual({
      oneOf: [{ type: ['string', 'null'] }, { type: ['integer', 'null'] }],
    });
    expect(spec.properties.memory).toEqual({
      oneOf: [{ type: ['string', 'null'] }, { type: ['number', 'null'] }],
    });
    // A definition containing itself keeps a reference into the definitions carried along.
    expect(spec.properties.schema).toMatchObject({
      properties: { items: { $ref: '#/definitions/io.k8s.apiextensions.v1.JSONSchemaProps' } },
    });
    expect(Object.keys(schema.definitions as object)).toEqual([
      'io.k8s.apiextensions.v1.JSONSchemaProps',
    ]);
  });

  it('stamps the yannh $schema so a core kind does not assert formats', async () => {
    // The compiler in @fleetops/validate treats a schema without `$schema` as draft-04, whose
    // formats assert; with kubeconform's core `$schema` a creationTimestamp of "yesterday" is
    // valid, as kubeconform finds it.
    for (const strict of [false, true]) {
      const schema = openApiSchemas(document, { strict })[0]!.schema();
      expect(schema.$schema).toBe('http://json-schema.org/schema#');
    }
    const registry = new SchemaRegistry({ locations: ['/nowhere'], offline: true });
    registry.addOpenApi(configMapDocument, 'cluster-openapi.json');
    const result = await registry.schemaFor({ apiVersion: 'v1', kind: 'ConfigMap' });
    if (!('schema' in result)) throw new Error('no schema');
    expect(result.schema.$schema).toBe(CORE_SCHEMA_DIALECT);
    // The timestamp keeps its format annotation; only the dialect decides it is not asserted.
    const metadata = (result.schema.properties as Record<string, JsonSchema>).metadata!;
    expect((metadata.properties as Record<string, JsonSchema>).creationTimestamp).toEqual({
      type: ['string', 'null'],
      format: 'date-time',
    });
  });

  it('closes every object with properties when strict', () => {
    const schema = openApiSchemas(document, { strict: true })[0]!.schema();
    expect(schema.additionalProperties).toBe(false);
    const spec = (schema.properties as Record<string, Record<string, unknown>>).spec!;
    expect(spec.additionalProperties).toBe(false);
  });

  it('serves the kinds from the registry ahead of every location, converted on first use', async () => {
    const registry = new SchemaRegistry({ locations: ['/nowhere'], offline: true });
    expect(registry.addOpenApi(document, 'cluster-openapi.json')).toBe(1);
    const result = await registry.schemaFor({ apiVersion: 'apps/v1', kind: 'Deployment' });
    expect(result).toMatchObject({ source: 'cluster-openapi.json' });
    const again = await registry.schemaFor({ apiVersion: 'apps/v1', kind: 'Deployment' });
    expect('schema' in again && 'schema' in result && again.schema === result.schema).toBe(true);
    expect(await registry.schemaFor({ apiVersion: 'v1', kind: 'Pod' })).toMatchObject({
      notFound: true,
    });
  });

  it('rejects a document without definitions', () => {
    expect(() => openApiSchemas({ openapi: '3.0.0' })).toThrow(OpenApiError);
  });
});
