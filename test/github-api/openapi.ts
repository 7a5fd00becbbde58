/**
 * GitHub's own OpenAPI description (from @octokit/openapi) as the contract the double
 * keeps: it routes a request to its operation, checks path, query and body against the
 * operation's parameters and request body, and checks every response the double sends
 * against the schema for its status. Schemas compile lazily, per operation, because the
 * description holds some 800 paths and a test touches a dozen.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS with a default export; under ESM the callable sits on .default.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

type Json = Record<string, unknown>;
type Schema = Json;

export interface Operation {
  id: string;
  method: string;
  template: string;
  spec: Json;
}

export interface RouteMatch {
  operation: Operation;
  params: Record<string, string>;
}

/** What one request looks like after the server has parsed it. */
export interface ParsedRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

export class OpenApiContract {
  readonly #spec: Json;
  readonly #ajv: Ajv;
  readonly #routes: Route[];
  readonly #validators = new Map<string, ValidateFunction>();

  constructor(spec: Json) {
    this.#spec = spec;
    this.#ajv = new Ajv({ strict: false, allErrors: true, logger: false });
    addFormats(this.#ajv);
    this.#ajv.addSchema({
      $id: rootId,
      components: { schemas: rebase((spec.components as Json).schemas) },
    });
    this.#routes = buildRoutes(spec.paths as Record<string, Json>);
  }

  /** The operation a method and a raw (still percent-encoded) path name. */
  route(method: string, rawPath: string): RouteMatch | undefined {
    const segments = rawPath.split('/').slice(1);
    for (const route of this.#routes) {
      if (route.method !== method.toLowerCase()) continue;
      const params = route.match(segments);
      if (params) return { operation: route.operation, params };
    }
    return undefined;
  }

  /** Problems with a request, as sentences; empty when the request is one GitHub would take. */
  checkRequest(operation: Operation, request: ParsedRequest): string[] {
    const problems: string[] = [];
    const parameters = (operation.spec.parameters as Json[] | undefined) ?? [];
    const known = new Set<string>();
    for (const ref of parameters) {
      const parameter = this.#deref(ref);
      const name = parameter.name as string;
      const place = parameter.in as string;
      if (place === 'query') known.add(name);
      const raw = place === 'path' ? request.params[name] : request.query.get(name);
      if (raw === undefined || raw === null) {
        if (parameter.required) problems.push(`${place} parameter ${name} is required`);
        continue;
      }
      const schema = parameter.schema as Schema;
      const value = coerce(raw, schema);
      const validate = this.#validator(`${operation.id}:param:${name}`, schema);
      if (!validate(value)) problems.push(`${place} parameter ${name}: ${describe(validate)}`);
    }
    for (const name of request.query.keys()) {
      if (!known.has(name)) problems.push(`query parameter ${name} is not described`);
    }
    problems.push(...this.#checkBody(operation, request.body));
    return problems;
  }

  /** Problems with a response the double is about to send. */
  checkResponse(operation: Operation, status: number, body: unknown): string[] {
    const responses = operation.spec.responses as Record<string, Json>;
    const described = responses[String(status)] ?? responses.default;
    if (!described) return [`status ${status} is not described for ${operation.id}`];
    const response = this.#deref(described);
    const schema = (response.content as Json | undefined)?.['application/json'] as Json | undefined;
    if (!schema?.schema) {
      return body === undefined ? [] : [`status ${status} of ${operation.id} has no body`];
    }
    const validate = this.#validator(`${operation.id}:response:${status}`, schema.schema as Schema);
    return validate(body) ? [] : [`response ${status} of ${operation.id}: ${describe(validate)}`];
  }

  /** A named component schema, for error bodies the double sends outside any operation. */
  checkComponent(name: string, value: unknown): string[] {
    const validate = this.#validator(`component:${name}`, { $ref: `#/components/schemas/${name}` });
    return validate(value) ? [] : [`${name}: ${describe(validate)}`];
  }

  /** The component schema itself, for building representations from its required fields. */
  component(name: string): Schema {
    const schema = ((this.#spec.components as Json).schemas as Json)[name];
    if (!schema) throw new Error(`no component schema ${name}`);
    return schema as Schema;
  }

  #checkBody(operation: Operation, body: unknown): string[] {
    const requestBody = operation.spec.requestBody as Json | undefined;
    if (!requestBody) return [];
    if (body === undefined) return requestBody.required ? ['a JSON request body is required'] : [];
    const content = (this.#deref(requestBody).content as Json)['application/json'] as Json;
    if (!content) return ['the operation takes no JSON body'];
    const validate = this.#validator(`${operation.id}:body`, content.schema as Schema);
    return validate(body) ? [] : [`request body: ${describe(validate)}`];
  }

  #validator(key: string, schema: Schema): ValidateFunction {
    let validate = this.#validators.get(key);
    if (!validate) {
      validate = this.#ajv.compile(rebase(schema));
      this.#validators.set(key, validate);
    }
    return validate;
  }

  #deref(node: Json): Json {
    const ref = node.$ref as string | undefined;
    if (!ref) return node;
    const path = ref.replace(/^#\//, '').split('/');
    let current: unknown = this.#spec;
    for (const part of path) current = (current as Json)[part];
    return this.#deref(current as Json);
  }
}

let cached: OpenApiContract | undefined;

/** The api.github.com description, parsed once per test worker (13 MB of JSON). */
export function githubContract(): OpenApiContract {
  if (!cached) {
    const require = createRequire(import.meta.url);
    const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
    cached = new OpenApiContract(JSON.parse(readFileSync(file, 'utf8')) as Json);
  }
  return cached;
}

const rootId = 'https://github-api.double/components.json';

interface Route {
  method: string;
  operation: Operation;
  match(segments: string[]): Record<string, string> | undefined;
}

function buildRoutes(paths: Record<string, Json>): Route[] {
  const routes: Route[] = [];
  for (const [template, item] of Object.entries(paths)) {
    const parts = template.split('/').slice(1);
    for (const [method, spec] of Object.entries(item)) {
      if (typeof spec !== 'object' || spec === null || !('responses' in spec)) continue;
      const operation = { id: (spec as Json).operationId as string, method, template, spec };
      routes.push({ method, operation, match: (segments) => matchSegments(parts, segments) });
    }
  }
  // Literal segments win over parameters: /pulls/comments/{id} before /pulls/{number}/...
  return routes.sort((a, b) => paramCount(a) - paramCount(b));
}

function paramCount(route: Route): number {
  return (route.operation.template.match(/\{/g) ?? []).length;
}

/** A trailing parameter may span slashes, as a git ref (heads/feature/x) does. */
function matchSegments(parts: string[], segments: string[]): Record<string, string> | undefined {
  const last = parts.at(-1) ?? '';
  const greedy = last === '{ref}' || last === '{path}';
  if (segments.length !== parts.length && !(greedy && segments.length > parts.length)) {
    return undefined;
  }
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const isLast = i === parts.length - 1;
    const segment = isLast && greedy ? segments.slice(i).join('/') : segments[i]!;
    if (part.startsWith('{')) {
      if (segment === '') return undefined;
      params[part.slice(1, -1)] = decodeURIComponent(segment);
    } else if (part !== segment) {
      return undefined;
    }
  }
  return params;
}

/** Query and path values arrive as text; the schema says what they mean. */
function coerce(raw: string, schema: Schema): unknown {
  if (schema.type === 'integer' || schema.type === 'number') {
    return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  }
  if (schema.type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  if (schema.type === 'array') return raw.split(',');
  return raw;
}

/**
 * Two rewrites before Ajv sees a schema: local references point into the description's
 * components, which we registered under rootId; and OpenAPI 3.0's `nullable` next to a
 * `$ref`/`allOf` without `type`, which Ajv refuses, becomes "that, or null".
 */
function rebase(schema: unknown): Schema {
  return JSON.parse(JSON.stringify(schema), (key, value) => {
    // Octokit's extensions (x-github-breaking-changes holds whole schema patches) and
    // examples are documentation, not contract.
    if (key.startsWith('x-') || key === 'example' || key === 'examples') return undefined;
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')) {
      return `${rootId}${value}`;
    }
    if (isUntypedNullable(value)) {
      const { nullable, ...rest } = value;
      return nullable ? { anyOf: [rest, { type: 'null' }] } : rest;
    }
    // Ajv reads `nullable` as widening `type` only; an enum must list null itself.
    if (isNullableEnum(value)) return { ...value, enum: [...value.enum, null] };
    return value;
  }) as Schema;
}

function isNullableEnum(value: unknown): value is Json & { enum: unknown[] } {
  const schema = value as Json;
  return (
    typeof value === 'object' &&
    value !== null &&
    schema.nullable === true &&
    Array.isArray(schema.enum) &&
    !schema.enum.includes(null)
  );
}

function isUntypedNullable(value: unknown): value is Json {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Json).nullable === 'boolean' &&
    (value as Json).type === undefined
  );
}

function describe(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .slice(0, 5)
    .map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`)
    .join('; ');
}
