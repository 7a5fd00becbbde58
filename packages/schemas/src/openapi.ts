import type { JsonSchema } from './loader.ts';

// A Kubernetes OpenAPI v2 document (`kubectl get --raw /openapi/v2 > cluster.json`) → one JSON
// schema per kind, shaped as yannh/kubernetes-json-schema's standalone schemas (what
// kubeconform validates against), so a cluster's own API serves core kinds fully offline:
// - references are inlined (standalone); a definition that contains itself (JSONSchemaProps)
//   keeps a $ref into the definitions carried along;
// - an optional property admits null, as that script writes `type: [x, "null"]`;
// - IntOrString becomes oneOf string|integer, Quantity oneOf string|number;
// - apiVersion and kind are pinned by enum to the group/version/kind;
// - strict closes every object that lists properties (the `-strict` schemas);
// - `$schema: http://json-schema.org/schema#`, as those schemas say, so formats do not assert.

export interface OpenApiSchema {
  readonly group: string;
  readonly kind: string;
  readonly version: string;
  /** Builds the schema; conversion is deferred because a cluster serves hundreds of kinds. */
  readonly schema: () => JsonSchema;
}

export class OpenApiError extends Error {
  override name = 'OpenApiError';
}

const isObject = (value: unknown): value is JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The `$schema` of yannh/kubernetes-json-schema's schemas (kubeconform's core kinds). */
export const CORE_SCHEMA_DIALECT = 'http://json-schema.org/schema#';

const refPrefix = '#/definitions/';
const intOrString = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const quantity = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

/** Every kind of the document with an `x-kubernetes-group-version-kind`. Throws an OpenApiError. */
export function openApiSchemas(
  document: unknown,
  options: { strict?: boolean } = {},
): OpenApiSchema[] {
  if (!isObject(document) || !isObject(document.definitions))
    throw new OpenApiError(
      'not an OpenAPI v2 document (no "definitions"); save `kubectl get --raw /openapi/v2`',
    );
  const definitions = document.definitions as Record<string, JsonSchema>;
  const out: OpenApiSchema[] = [];
  for (const [name, definition] of Object.entries(definitions)) {
    const gvks = definition['x-kubernetes-group-version-kind'];
    if (!Array.isArray(gvks)) continue;
    for (const gvk of gvks) {
      if (!isObject(gvk) || typeof gvk.kind !== 'string' || typeof gvk.version !== 'string')
        continue;
      const group = typeof gvk.group === 'string' ? gvk.group : '';
      const apiVersion = group === '' ? gvk.version : `${group}/${gvk.version}`;
      out.push({
        group,
        kind: gvk.kind,
        version: gvk.version,
        schema: () => {
          const converter = new Converter(definitions, options.strict ?? false);
          const schema = converter.convert(definition, true, [name]);
          const properties = isObject(schema.properties) ? { ...schema.properties } : {};
          if (isObject(properties.apiVersion))
            properties.apiVersion = { ...properties.apiVersion, enum: [apiVersion] };
          if (isObject(properties.kind)) properties.kind = { ...properties.kind, enum: [gvk.kind] };
          const result: JsonSchema = { ...schema, properties };
          if (converter.kept.size > 0) result.definitions = converter.keptDefinitions();
          // As the yannh schemas carry it: the latest draft, where formats are annotations, so
          // a core kind never asserts formats (a compiler reads no `$schema` as draft-04).
          result.$schema = CORE_SCHEMA_DIALECT;
          return result;
        },
      });
    }
  }
  return out;
}

class Converter {
  readonly kept = new Set<string>();
  readonly #definitions: Record<string, JsonSchema>;
  readonly #strict: boolean;

  constructor(definitions: Record<string, JsonSchema>, strict: boolean) {
    this.#definitions = definitions;
    this.#strict = strict;
  }

  /** `required`: whether the parent lists this property as required (else it admits null). */
  convert(node: JsonSchema, required: boolean, stack: readonly string[]): JsonSchema {
    if (typeof node.$ref === 'string' && node.$ref.startsWith(refPrefix)) {
      const name = node.$ref.slice(refPrefix.length);
      const { $ref: _, ...siblings } = node;
      if (name === intOrString) return nullableOneOf(['string', 'integer'], required, siblings);
      if (name === quantity) return nullableOneOf(['string', 'number'], required, siblings);
      const target = this.#definitions[name];
      if (!target) return siblings;
      if (stack.includes(name)) {
        this.kept.add(name);
        return { ...siblings, $ref: node.$ref };
      }
      return { ...siblings, ...this.convert(target, required, [...stack, name]) };
    }
    if (node.format === 'int-or-string') {
      const { format: _, type: __, ...rest } = node;
      return nullableOneOf(['string', 'integer'], required, rest);
    }
    const out: JsonSchema = {};
    const requiredNames = Array.isArray(node.required) ? node.required : [];
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties' && isObject(value)) {
        out[key] = Object.fromEntries(
          Object.entries(value).map(([prop, schema]) => [
            prop,
            isObject(schema) ? this.convert(schema, requiredNames.includes(prop), stack) : schema,
          ]),
        );
      } else if ((key === 'items' || key === 'additionalProperties') && isObject(value)) {
        out[key] = this.convert(value, false, stack);
      } else {
        out[key] = value;
      }
    }
    if (!required && typeof out.type === 'string') out.type = [out.type, 'null'];
    if (this.#strict && isObject(node.properties) && !('additionalProperties' in node))
      out.additionalProperties = false;
    return out;
  }

  /** The definitions a kept $ref points to, converted (with their own references). */
  keptDefinitions(): JsonSchema {
    const out: JsonSchema = {};
    const pending = [...this.kept];
    for (let name = pending.shift(); name !== undefined; name = pending.shift()) {
      if (name in out) continue;
      const before = new Set(this.kept);
      out[name] = this.convert(this.#definitions[name]!, true, [name]);
      for (const added of this.kept) if (!before.has(added)) pending.push(added);
    }
    return out;
  }
}

function nullableOneOf(types: string[], required: boolean, siblings: JsonSchema): JsonSchema {
  return { ...siblings, oneOf: types.map((type) => ({ type: required ? type : [type, 'null'] })) };
}
