import type { ErrorObject } from 'ajv';
import { goFloat, schemaQuote } from './go.ts';

// kubeconform validates with santhosh-tekuri/jsonschema v6 and prints that library's error
// tree. fleetops validates with ajv, whose errors are a flat list; this module rebuilds v6's
// tree from it, so messages read as kubeconform's:
// - a value's errors nest under their instance location; a location with one error shows
//   that error, one with several shows "validation failed" over them (at the root the list
//   is shown directly, under "jsonschema validation failed with '<url>#'");
// - type, const, enum and format fail a value alone (v6 returns before other keywords);
// - oneOf/anyOf/allOf carry one cause per failing branch;
// - required and additionalProperties report all names in one message.
// v6 visits an object's properties in Go map order (random); here they follow the document.

/** One node of the error tree: where, what, and the errors beneath it. */
export interface SchemaError {
  /** Instance location as JSON path tokens; [] is the resource itself. */
  readonly path: readonly (string | number)[];
  /** The ajv keyword behind it ('group' for "validation failed"). */
  readonly keyword: string;
  readonly message: string;
  readonly causes: readonly SchemaError[];
  /** The properties a required or additionalProperties error names. */
  readonly properties?: readonly string[];
}

const combinators = new Set(['oneOf', 'anyOf', 'allOf']);
const alone = ['type', 'const', 'enum', 'format'];
const typeOrder = ['null', 'boolean', 'number', 'integer', 'string', 'array', 'object'];
const rank: Record<string, number> = {
  minProperties: 1,
  maxProperties: 2,
  required: 3,
  dependencies: 4,
  minItems: 1,
  maxItems: 2,
  uniqueItems: 3,
  minLength: 1,
  maxLength: 2,
  pattern: 3,
  minimum: 1,
  maximum: 2,
  exclusiveMinimum: 3,
  exclusiveMaximum: 4,
  multipleOf: 5,
  // after the children:
  additionalProperties: 10,
  propertyNames: 11,
  dependentRequired: 12,
  contains: 13,
  not: 20,
  allOf: 21,
  anyOf: 22,
  oneOf: 23,
};
const childrenRank = 9;

interface Parsed {
  readonly error: ErrorObject;
  readonly instance: string[];
  readonly schema: string[];
}

/** An item placed at an instance location: a plain error or a combinator with its branches. */
type Item =
  | { readonly kind: 'error'; readonly at: string[]; readonly error: Parsed }
  | {
      readonly kind: 'combinator';
      readonly at: string[];
      readonly keyword: string;
      readonly scope: string[];
      readonly branches: Map<number, Parsed[]>;
      readonly own?: Parsed;
    };

/** The v6 causes of a failed validation (the children of "jsonschema validation failed"). */
export function schemaErrors(errors: readonly ErrorObject[], data: unknown): SchemaError[] {
  const parsed = errors
    .filter((error) => error.keyword !== 'if' && error.keyword !== '$ref')
    .map((error) => ({
      error,
      instance: pointerTokens(error.instancePath),
      schema: pointerTokens(error.schemaPath.replace(/^#/, '')),
    }));
  const causes = render(parsed, [], [], data);
  // v6 lists the root's errors directly: a single "validation failed" there is unwrapped.
  return causes.length === 1 && causes[0]!.keyword === 'group' ? [...causes[0]!.causes] : causes;
}

function render(
  errors: readonly Parsed[],
  scope: readonly string[],
  base: readonly (string | number)[],
  value: unknown,
): SchemaError[] {
  const items: Item[] = [];
  const groups = new Map<
    string,
    { keyword: string; scope: string[]; branches: Map<number, Parsed[]> }
  >();
  const plain: Parsed[] = [];
  for (const error of errors) {
    const rest = error.schema.slice(scope.length);
    const at = rest.findIndex(
      (token, i) => combinators.has(token) && i + 1 < rest.length && /^\d+$/.test(rest[i + 1]!),
    );
    if (at === -1) {
      plain.push(error);
      continue;
    }
    const groupScope = [...scope, ...rest.slice(0, at + 1)];
    const key = groupScope.join('/');
    let group = groups.get(key);
    if (!group) {
      group = { keyword: rest[at]!, scope: groupScope, branches: new Map() };
      groups.set(key, group);
    }
    const branch = Number(rest[at + 1]);
    group.branches.set(branch, [...(group.branches.get(branch) ?? []), error]);
  }
  const owners = new Map<string, Parsed>();
  for (const error of plain) {
    const key = error.schema.join('/');
    if (combinators.has(error.error.keyword) && groups.has(key)) owners.set(key, error);
    else items.push({ kind: 'error', at: error.instance, error });
  }
  for (const [key, group] of groups) {
    const own = owners.get(key);
    const at = own?.instance ?? commonPrefix([...group.branches.values()].flat());
    items.push({ kind: 'combinator', at, ...group, ...(own ? { own } : {}) });
  }
  return renderNode(items, base.map(String), value);
}

function renderNode(items: readonly Item[], base: string[], value: unknown): SchemaError[] {
  const own: Item[] = [];
  const children = new Map<string, Item[]>();
  for (const item of items) {
    if (item.at.length === base.length) own.push(item);
    else {
      const key = item.at[base.length]!;
      children.set(key, [...(children.get(key) ?? []), item]);
    }
  }
  const path = base.map((token, i) =>
    Array.isArray(valueAt(value, base, i)) ? Number(token) : token,
  );
  for (const keyword of alone) {
    const first = own.find((item) => item.kind === 'error' && item.error.error.keyword === keyword);
    if (first?.kind === 'error') return [leaf(path, first.error, value)];
  }
  const ranked: { rank: number; order: number; error: () => SchemaError }[] = [];
  const merged = new Map<string, Parsed[]>();
  for (const item of own) {
    if (item.kind === 'combinator') {
      ranked.push({
        rank: rank[item.keyword] ?? 30,
        order: 0,
        error: () => combinator(item, path, value),
      });
      continue;
    }
    const keyword = item.error.error.keyword;
    if (keyword === 'required' || keyword === 'additionalProperties') {
      // ajv reports each missing or extra name on its own; v6 names them all in one error.
      const key = `${keyword}\0${item.error.schema.join('/')}`;
      const names = merged.get(key);
      if (names) names.push(item.error);
      else {
        const list = [item.error];
        merged.set(key, list);
        ranked.push({ rank: rank[keyword]!, order: 0, error: () => mergedLeaf(path, list) });
      }
      continue;
    }
    const parsed = item.error;
    ranked.push({ rank: rank[keyword] ?? 30, order: 0, error: () => leaf(path, parsed, value) });
  }
  const target = valueAt(value, base, base.length);
  for (const [order, key] of childOrder(target, children).entries()) {
    const sub = renderNode(children.get(key)!, [...base, key], value);
    const childPath = [...path, Array.isArray(target) ? Number(key) : key];
    ranked.push({ rank: childrenRank, order, error: () => collapse(childPath, sub) });
  }
  ranked.sort((a, b) => a.rank - b.rank || a.order - b.order);
  return ranked.map((entry) => entry.error());
}

function combinator(
  item: Extract<Item, { kind: 'combinator' }>,
  path: (string | number)[],
  value: unknown,
): SchemaError {
  const causes = [...item.branches.keys()]
    .sort((a, b) => a - b)
    .map((branch) =>
      collapse(
        path,
        render(item.branches.get(branch)!, [...item.scope, String(branch)], path, value),
      ),
    );
  const message =
    item.keyword === 'oneOf'
      ? 'oneOf failed, none matched'
      : item.keyword === 'anyOf'
        ? 'anyOf failed'
        : 'allOf failed';
  return { path, keyword: item.keyword, message, causes };
}

/** One error as itself, several under v6's "validation failed". */
function collapse(path: (string | number)[], errors: SchemaError[]): SchemaError {
  if (errors.length === 1) return errors[0]!;
  return { path, keyword: 'group', message: 'validation failed', causes: errors };
}

function childOrder(target: unknown, children: Map<string, Item[]>): string[] {
  const keys = [...children.keys()];
  if (Array.isArray(target)) return keys.sort((a, b) => Number(a) - Number(b));
  if (target !== null && typeof target === 'object') {
    const order = Object.keys(target);
    return keys.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  }
  return keys;
}

function leaf(path: (string | number)[], parsed: Parsed, root: unknown): SchemaError {
  const { error } = parsed;
  const value = valueAt(root, parsed.instance, parsed.instance.length);
  return { path, keyword: error.keyword, message: describe(error, value), causes: [] };
}

function mergedLeaf(path: (string | number)[], errors: Parsed[]): SchemaError {
  const keyword = errors[0]!.error.keyword;
  if (keyword === 'required') {
    const names = errors.map((e) => String(e.error.params.missingProperty));
    const message =
      names.length === 1
        ? `missing property ${schemaQuote(names[0]!)}`
        : `missing properties ${names.map(schemaQuote).join(', ')}`;
    return { path, keyword, message, causes: [], properties: names };
  }
  const names = errors.map((e) => String(e.error.params.additionalProperty));
  return {
    path,
    keyword,
    message: `additional properties ${names.map(schemaQuote).join(', ')} not allowed`,
    causes: [],
    properties: names,
  };
}

/** v6's LocalizedString of each error kind (kind/kind.go). */
function describe(error: ErrorObject, value: unknown): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type': {
      const wanted = String(params.type).split(',');
      const want = typeOrder.filter((type) => wanted.includes(type)).join(' or ');
      return `got ${jsonType(value)}, want ${want}`;
    }
    case 'enum': {
      const values = (params.allowedValues as unknown[]) ?? [];
      if (values.some((item) => item !== null && typeof item === 'object')) return 'enum failed';
      if (values.length === 1) return `value must be ${display(values[0])}`;
      return `value must be one of ${values.map(display).join(', ')}`;
    }
    case 'const':
      return params.allowedValue !== null && typeof params.allowedValue === 'object'
        ? 'const failed'
        : `value must be ${display(params.allowedValue)}`;
    case 'format':
      return formatMessage(String(params.format), value);
    case 'minProperties':
    case 'maxProperties':
      return `${error.keyword}: got ${Object.keys(value as object).length}, want ${params.limit}`;
    case 'minItems':
    case 'maxItems':
      return `${error.keyword}: got ${(value as unknown[]).length}, want ${params.limit}`;
    case 'minLength':
    case 'maxLength':
      return `${error.keyword}: got ${[...String(value)].length}, want ${params.limit}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${error.keyword}: got ${goFloat(Number(value))}, want ${goFloat(Number(params.limit))}`;
    case 'multipleOf':
      return `multipleOf: got ${goFloat(Number(value))}, want ${goFloat(Number(params.multipleOf))}`;
    case 'pattern':
      return `${schemaQuote(String(value))} does not match pattern ${schemaQuote(String(params.pattern))}`;
    case 'uniqueItems':
      return `items at ${params.j} and ${params.i} are equal`;
    case 'oneOf':
      return Array.isArray(params.passingSchemas)
        ? `oneOf failed, subschemas ${params.passingSchemas[0]}, ${params.passingSchemas[1]} matched`
        : 'oneOf failed, none matched';
    case 'anyOf':
      return 'anyOf failed';
    case 'not':
      return 'not failed';
    case 'false schema':
      return 'false schema';
    case 'propertyNames':
      return `invalid propertyName ${schemaQuote(String(params.propertyName))}`;
    case 'dependencies':
      return `properties ${schemaQuote(String(params.missingProperty))} required, if ${schemaQuote(String(params.property))} exists`;
    case 'contains':
      return 'no items match contains schema';
    case 'additionalItems':
      return `last ${(value as unknown[]).length - Number(params.limit)} additionalItem(s) not allowed`;
    default:
      return error.message ?? error.keyword;
  }
}

/** Go duration or ISO 8601: the format kubeconform registers for "duration". */
let durationReason: (value: string) => string | undefined = () => undefined;

/** Lets the format module explain a duration error in kubeconform's words. */
export function explainDurations(explain: (value: string) => string | undefined): void {
  durationReason = explain;
}

function formatMessage(format: string, value: unknown): string {
  const reason =
    format === 'duration' && typeof value === 'string' ? durationReason(value) : undefined;
  return `${display(value)} is not valid ${format}: ${reason ?? `not a valid ${format}`}`;
}

function display(value: unknown): string {
  if (typeof value === 'string') return schemaQuote(value);
  if (value !== null && typeof value === 'object') return 'value';
  if (typeof value === 'number') return goFloat(value);
  return String(value === null ? '<nil>' : value);
}

/** v6 names the type of a decoded JSON value; every number is "number". */
export function jsonType(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  if (typeof value === 'bigint') return 'number';
  return typeof value;
}

function pointerTokens(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return pointer === '/' ? [''] : [];
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function commonPrefix(errors: readonly Parsed[]): string[] {
  if (errors.length === 0) return [];
  let prefix = errors[0]!.instance;
  for (const error of errors.slice(1)) {
    let i = 0;
    while (i < prefix.length && prefix[i] === error.instance[i]) i++;
    prefix = prefix.slice(0, i);
  }
  return prefix;
}

function valueAt(root: unknown, tokens: readonly string[], length: number): unknown {
  let current = root;
  for (const token of tokens.slice(0, length)) {
    if (Array.isArray(current)) current = current[Number(token)];
    else if (current !== null && typeof current === 'object')
      current = (current as Record<string, unknown>)[token];
    else return undefined;
  }
  return current;
}

/** A JSON pointer as v6 writes it in messages: `/spec/replicas`, ~ and / escaped. */
export function jsonPointer(path: readonly (string | number)[]): string {
  return path
    .map((token) => `/${String(token).replaceAll('~', '~0').replaceAll('/', '~1')}`)
    .join('');
}

/** v6's Error(): the root line, then each cause on its own line, indented by depth. */
export function formatSchemaErrors(schemaUrl: string, causes: readonly SchemaError[]): string {
  let text = `jsonschema validation failed with ${schemaQuote(`${schemaUrl}#`)}`;
  const walk = (error: SchemaError, depth: number) => {
    text += `\n${'  '.repeat(depth)}- at ${schemaQuote(jsonPointer(error.path))}: ${error.message}`;
    for (const cause of error.causes) walk(cause, depth + 1);
  };
  for (const cause of causes) walk(cause, 0);
  return text;
}
