import type { JsonSchema } from './loader.ts';

// CRD → JSON schema. kubeconform users convert CRDs with scripts/openapi2jsonschema.py and
// host the result; here a CRD becomes a schema in-process. The conversion keeps what that
// script gets right and fixes what it gets wrong:
// - objects with `properties` below the root are closed (additionalProperties: false), as the
//   script does; the root too when strict (the script's DENY_ROOT_ADDITIONAL_PROPERTIES),
//   which then still takes apiVersion, kind and metadata when the CRD does not list them;
// - `x-kubernetes-preserve-unknown-fields: true` keeps an object open (the script closes it);
// - the walk follows schema keywords (properties, items, additionalProperties, …) rather than
//   every dictionary, so a field that happens to be named "properties" is not mistaken for a
//   keyword, and nothing inside allOf/anyOf/oneOf/not is closed (a branch that names some
//   fields must not reject the others), as the script leaves lists alone;
// - `format: int-or-string` becomes oneOf string|integer as in the script, and
//   `x-kubernetes-int-or-string: true` without its own anyOf gets anyOf integer|string;
// - `nullable: true` admits null, as the API server does;
// - every `x-kubernetes-*` key is kept (validators ignore unknown keywords).

export interface CrdSchema {
  readonly group: string;
  readonly kind: string;
  readonly version: string;
  readonly schema: JsonSchema;
}

export interface ConversionOptions {
  /** Also close the root object, as kubeconform's -strict closes core schemas. */
  readonly strict?: boolean;
}

export class CrdError extends Error {
  override name = 'CrdError';
}

const isObject = (value: unknown): value is JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const isCustomResourceDefinition = (value: unknown): boolean =>
  isObject(value) &&
  value.kind === 'CustomResourceDefinition' &&
  typeof value.apiVersion === 'string' &&
  value.apiVersion.startsWith('apiextensions.k8s.io/');

/**
 * One JSON schema per served version of a CustomResourceDefinition (apiextensions.k8s.io/v1,
 * and the per-CRD `validation` of v1beta1). Throws a CrdError saying what is missing.
 */
export function crdSchemas(crd: unknown, options: ConversionOptions = {}): CrdSchema[] {
  if (!isCustomResourceDefinition(crd) || !isObject((crd as JsonSchema).spec)) {
    throw new CrdError('not a CustomResourceDefinition with a spec');
  }
  const spec = (crd as { spec: JsonSchema }).spec;
  const group = spec.group;
  const kind = isObject(spec.names) ? spec.names.kind : undefined;
  if (typeof group !== 'string' || typeof kind !== 'string') {
    throw new CrdError('spec.group and spec.names.kind must be strings');
  }
  const shared = isObject(spec.validation) ? spec.validation.openAPIV3Schema : undefined;
  const versions = Array.isArray(spec.versions)
    ? spec.versions.filter(isObject)
    : typeof spec.version === 'string'
      ? [{ name: spec.version, served: true }]
      : [];
  const result: CrdSchema[] = [];
  for (const version of versions) {
    if (version.served === false || typeof version.name !== 'string') continue;
    const source = isObject(version.schema) ? version.schema.openAPIV3Schema : shared;
    if (!isObject(source)) continue;
    result.push({ group, kind, version: version.name, schema: toJsonSchema(source, options) });
  }
  return result;
}

/** Converts one openAPIV3Schema; the input is not modified. */
export function toJsonSchema(openApi: JsonSchema, options: ConversionOptions = {}): JsonSchema {
  const schema = convert(openApi, { close: options.strict ?? false, inBranch: false });
  if (schema.additionalProperties === false && isObject(schema.properties)) {
    // A root closed by strict still takes what every object has, listed in the CRD or not
    // (a hand-written CRD often leaves them out): the API server accepts them always, while
    // the script's DENY_ROOT_ADDITIONAL_PROPERTIES would reject every such resource.
    schema.properties = { ...objectFields, ...schema.properties };
  }
  return schema;
}

const objectFields: JsonSchema = {
  apiVersion: { type: 'string' },
  kind: { type: 'string' },
  metadata: { type: 'object' },
};

interface Walk {
  /** Whether this node, if it has properties, gets additionalProperties: false. */
  readonly close: boolean;
  /** At or below allOf/anyOf/oneOf/not, where nothing is closed. */
  readonly inBranch: boolean;
}

const CHILD: Walk = { close: true, inBranch: false };
const BRANCH: Walk = { close: false, inBranch: true };

const SCHEMA_MAPS = ['properties', 'patternProperties', 'definitions', 'dependencies'];
const BRANCHES = ['allOf', 'anyOf', 'oneOf'];

function convert(node: JsonSchema, walk: Walk): JsonSchema {
  if (node.format === 'int-or-string') {
    const { format: _, ...rest } = node;
    return { ...rest, oneOf: [{ type: 'string' }, { type: 'integer' }] };
  }
  // Below the root every node closes unless it sits inside a logic branch.
  const child = walk.inBranch ? BRANCH : CHILD;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (SCHEMA_MAPS.includes(key) && isObject(value)) {
      out[key] = mapValues(value, (schema) => convert(schema, child));
    } else if ((key === 'items' || key === 'additionalItems') && isObject(value)) {
      out[key] = convert(value, child);
    } else if (key === 'items' && Array.isArray(value)) {
      out[key] = value.map((item) => (isObject(item) ? convert(item, child) : item));
    } else if (key === 'additionalProperties' && isObject(value)) {
      out[key] = convert(value, child);
    } else if (BRANCHES.includes(key) && Array.isArray(value)) {
      out[key] = value.map((item) => (isObject(item) ? convert(item, BRANCH) : item));
    } else if (key === 'not' && isObject(value)) {
      out[key] = convert(value, BRANCH);
    } else {
      out[key] = value;
    }
  }
  if (node['x-kubernetes-int-or-string'] === true && !('anyOf' in node) && !('oneOf' in node)) {
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (node.nullable === true) admitNull(out);
  if (
    walk.close &&
    isObject(node.properties) &&
    !('additionalProperties' in node) &&
    node['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    out.additionalProperties = false;
  }
  return out;
}

function admitNull(schema: JsonSchema): void {
  if (typeof schema.type === 'string') schema.type = [schema.type, 'null'];
  if (Array.isArray(schema.enum) && !schema.enum.includes(null)) {
    schema.enum = [...schema.enum, null];
  }
}

function mapValues(map: JsonSchema, f: (schema: JsonSchema) => JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [name, value] of Object.entries(map)) out[name] = isObject(value) ? f(value) : value;
  return out;
}
