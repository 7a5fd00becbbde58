import type { JsonSchema } from '@fleetops/schemas';
import { Ajv, type ErrorObject, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { durationError } from './duration.ts';
import { explainDurations } from './schema-errors.ts';

// ajv-formats is CommonJS; under ESM its function may sit on .default.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as (ajv: Ajv, formats: string[]) => Ajv;

explainDurations(durationError);

/**
 * The formats santhosh-tekuri/jsonschema v6 knows (format.go). It asserts them for drafts
 * before 2019-09; others ("int32", "byte", "int-or-string") are annotations and never fail.
 */
const assertedFormats = [
  'date-time',
  'date',
  'time',
  'uri',
  'uri-reference',
  'uri-template',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'regex',
  'uuid',
  'json-pointer',
  'relative-json-pointer',
];

/** A compiled schema: whether a value is valid, and every error when it is not. */
export interface CompiledSchema {
  /** Whether format assertions apply (schemas without a 2019+ `$schema`, as in kubeconform). */
  readonly formats: boolean;
  validate(value: unknown): boolean;
  /** Every error of an invalid value (ajv allErrors), for kubeconform's error tree. */
  errors(value: unknown): ErrorObject[];
}

/**
 * Compiles schemas with ajv, once per schema object: the registry hands every resource of a
 * kind the same object, so a thousand Deployments share one compiled validator.
 */
export class SchemaCompiler {
  readonly #compiled = new WeakMap<JsonSchema, CompiledSchema>();
  readonly #instances = new Map<string, Ajv>();

  /** Throws when ajv cannot compile the schema (the caller then tries the next location). */
  compile(schema: JsonSchema): CompiledSchema {
    const hit = this.#compiled.get(schema);
    if (hit) return hit;
    const formats = assertsFormats(schema);
    const prepared = prepare(schema) as JsonSchema;
    // One validator listing every error: a second, fail-fast one per kind would cost another
    // compile (the larger part of a run's fixed cost) to save little on valid resources.
    const validate = this.#ajv(formats).compile(prepared);
    const compiled: CompiledSchema = {
      formats,
      validate: (value) => validate(value) as boolean,
      errors: (value) => (validate(value) ? [] : [...(validate.errors ?? [])]),
    };
    this.#compiled.set(schema, compiled);
    return compiled;
  }

  #ajv(formats: boolean): Ajv {
    const key = String(formats);
    let ajv = this.#instances.get(key);
    if (!ajv) {
      const options: Options = {
        strict: false,
        allErrors: true,
        logger: false,
        validateSchema: false,
        addUsedSchema: false,
        validateFormats: formats,
        // ajv's code optimisation passes cost about half the compile time of a Kubernetes
        // schema (hundreds of kilobytes, compiled once per kind) and buy nothing measurable
        // at validation time.
        code: { regExp: goRegExp, optimize: false },
      };
      ajv = new Ajv(options);
      if (formats) {
        addFormats(ajv, assertedFormats);
        ajv.addFormat('duration', (value: string) => durationError(value) === undefined);
        ajv.addFormat('iri', (value: string) => test(ajv!, 'uri', value));
        ajv.addFormat('iri-reference', (value: string) => test(ajv!, 'uri-reference', value));
      }
      this.#instances.set(key, ajv);
    }
    return ajv;
  }
}

function test(ajv: Ajv, format: string, value: string): boolean {
  const definition = ajv.formats[format];
  if (definition instanceof RegExp) return definition.test(value);
  if (typeof definition === 'function') return definition(value) as boolean;
  if (definition && typeof definition === 'object' && 'validate' in definition) {
    const validate = definition.validate;
    return validate instanceof RegExp
      ? validate.test(value)
      : Boolean((validate as (v: string) => unknown)(value));
  }
  return true;
}

/**
 * v6 picks the draft from `$schema`: none means draft-04 (kubeconform's default), whose
 * formats are assertions; the Kubernetes schemas say `http://json-schema.org/schema#`, the
 * latest draft, where formats are annotations only.
 */
function assertsFormats(schema: JsonSchema): boolean {
  const uri = schema.$schema;
  if (typeof uri !== 'string') return true;
  const name = uri.replace(/^https?:\/\//, '').replace(/#$/, '');
  return /^json-schema\.org\/draft-0[4-7]\/schema$/.test(name);
}

/**
 * Kubernetes patterns are Go (RE2) expressions; most are valid JavaScript with the `u` flag,
 * some only without it. One that neither accepts is not enforced rather than failing the
 * whole schema.
 */
function goRegExp(pattern: string, flags: string): RegExp {
  for (const attempt of [flags, flags.replace('u', '')]) {
    try {
      return new RegExp(pattern, attempt);
    } catch {}
  }
  return /(?:)/;
}
goRegExp.code = 'new RegExp';

const schemaMaps = new Set([
  'properties',
  'patternProperties',
  'definitions',
  '$defs',
  'dependencies',
]);
const schemaValues = new Set([
  'additionalProperties',
  'additionalItems',
  'items',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
]);
const schemaLists = new Set(['allOf', 'anyOf', 'oneOf', 'items']);

/**
 * A copy that ajv compiles as v6 reads it: `$schema` dropped (ajv does not know
 * `http://json-schema.org/schema#`), `nullable` dropped (draft-04 has no such keyword; ajv
 * would reject it without `type`), draft-04's boolean exclusiveMinimum/Maximum rewritten.
 * Only schema positions are touched: a field named "nullable" under `properties` stays.
 */
export function prepare(schema: unknown): unknown {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const out: Record<string, unknown> = {};
  const source = schema as Record<string, unknown>;
  for (const [key, value] of Object.entries(source)) {
    if (key === '$schema' || key === 'nullable') continue;
    if (schemaMaps.has(key) && value !== null && typeof value === 'object' && !Array.isArray(value))
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, Array.isArray(sub) ? sub : prepare(sub)]),
      );
    else if (schemaLists.has(key) && Array.isArray(value)) out[key] = value.map(prepare);
    else if (schemaValues.has(key)) out[key] = prepare(value);
    else out[key] = value;
  }
  for (const [exclusive, limit] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof out[exclusive] !== 'boolean') continue;
    if (out[exclusive] === true && typeof out[limit] === 'number') {
      out[exclusive] = out[limit];
      delete out[limit];
    } else delete out[exclusive];
  }
  return out;
}
