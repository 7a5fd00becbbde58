/**
 * GitHub's JSON objects carry dozens of required fields (a pull request embeds two full
 * repositories). The double writes the fields a test cares about and fills every other
 * required field from the description's own schema, so responses stay valid by
 * construction and the fields that matter stay readable.
 */
import type { OpenApiContract } from './openapi.ts';

type Json = Record<string, unknown>;

const epoch = '2024-01-01T00:00:00Z';

/** An object of component `name`: `fields` as given, every other required field filled in. */
export function represent(
  contract: OpenApiContract,
  name: string,
  fields: Json,
  baseUrl: string,
): Json {
  return fill(contract, contract.component(name), fields, baseUrl, 0) as Json;
}

function fill(
  contract: OpenApiContract,
  schema: Json,
  fields: Json | undefined,
  baseUrl: string,
  depth: number,
): unknown {
  const resolved = resolve(contract, schema);
  if (resolved.nullable && fields === undefined) return null;
  if (resolved.type !== 'object' || !resolved.properties) {
    return fields ?? placeholder(resolved, '', baseUrl);
  }
  const properties = resolved.properties as Record<string, Json>;
  const out: Json = { ...fields };
  for (const key of (resolved.required as string[] | undefined) ?? []) {
    if (key in out) continue;
    const property = resolve(contract, properties[key] ?? {});
    out[key] =
      property.type === 'object' && !property.nullable && depth < 6
        ? fill(contract, property, undefined, baseUrl, depth + 1)
        : placeholder(property, key, baseUrl);
  }
  return out;
}

function resolve(contract: OpenApiContract, schema: Json): Json {
  if (typeof schema.$ref === 'string') {
    const resolved = contract.component(schema.$ref.split('/').pop()!);
    return schema.nullable ? { ...resolved, nullable: true } : resolved;
  }
  const choices = (schema.allOf ?? schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (choices?.[0]) return { ...resolve(contract, choices[0]), nullable: schema.nullable };
  return schema;
}

function placeholder(schema: Json, key: string, baseUrl: string): unknown {
  if (schema.nullable) return null;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  switch (schema.type) {
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      if (schema.format === 'date-time') return epoch;
      if (schema.format === 'uri' || key.endsWith('url')) return `${baseUrl}/_/${key}`;
      return key;
  }
}
