/**
 * Go's predefined template functions: and, or, not, len, index, slice, print, printf,
 * println, html, js, urlquery, call and the comparisons, with Go's error texts.
 */
import { formatValue, sprint, sprintf, sprintln } from '../formatter.ts';
import {
  byteLength,
  GoNumber,
  type GoValue,
  isMap,
  isTrue,
  kindOf,
  num,
  typeName,
} from '../value.ts';
import { evalArgs, htmlEscape, jsEscape, queryEscape } from './escapers.ts';
import { def, type GoFunc } from './signature.ts';

/** indirectInterface: a nil interface reads as no value at all. */
function concrete(v: GoValue): GoValue {
  return v === null ? undefined : v;
}

type BasicKind = 'bool' | 'int' | 'uint' | 'float' | 'string' | 'invalid';

function basicKind(v: GoValue): BasicKind {
  const k = kindOf(v);
  return k === 'bool' || k === 'int' || k === 'uint' || k === 'float' || k === 'string'
    ? k
    : 'invalid';
}

const BAD_TYPE = 'invalid type for comparison';
const INCOMPATIBLE = 'incompatible types for comparison';

function eqOne(a: GoValue, b: GoValue): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 !== k2) {
    if (k1 === 'int' && k2 === 'uint') return num(a) >= 0 && num(a) === num(b);
    if (k1 === 'uint' && k2 === 'int') return num(b) >= 0 && num(a) === num(b);
    if (a !== undefined && b !== undefined) throw new Error(INCOMPATIBLE);
    return false;
  }
  if (k1 === 'invalid') {
    if (a === undefined || b === undefined) return a === b;
    if (typeName(a) !== typeName(b)) {
      throw new Error(
        `non-comparable types ${formatValue(a)}: ${typeName(a)}, ${typeName(b)}: ${formatValue(b)}`,
      );
    }
    throw new Error(`non-comparable type ${formatValue(b)}: ${typeName(b)}`);
  }
  return k1 === 'string' || k1 === 'bool' ? a === b : num(a) === num(b);
}

function lt(a0: GoValue, b0: GoValue): boolean {
  const a = concrete(a0);
  const b = concrete(b0);
  const k1 = basicKind(a);
  if (k1 === 'invalid') throw new Error(BAD_TYPE);
  const k2 = basicKind(b);
  if (k2 === 'invalid') throw new Error(BAD_TYPE);
  if (k1 !== k2) {
    if (k1 === 'int' && k2 === 'uint') return num(a) < 0 || num(a) < num(b);
    if (k1 === 'uint' && k2 === 'int') return num(b) >= 0 && num(a) < num(b);
    throw new Error(INCOMPATIBLE);
  }
  if (k1 === 'bool') throw new Error(BAD_TYPE);
  if (k1 === 'string') return (a as string) < (b as string);
  return num(a) < num(b);
}

function eq(a: GoValue, ...rest: GoValue[]): boolean {
  const first = concrete(a);
  if (rest.length === 0) throw new Error('missing argument for comparison');
  for (const b of rest) if (eqOne(first, concrete(b))) return true;
  return false;
}

/** indexArg: an integer index within 0..cap. */
function indexArg(index: GoValue, cap: number): number {
  const k = kindOf(index);
  if (k === 'invalid' || k === 'nil') throw new Error('cannot index slice/array with nil');
  if (k !== 'int' && k !== 'uint') {
    throw new Error(`cannot index slice/array with type ${typeName(index)}`);
  }
  const x = num(index);
  if (x < 0 || x > cap) throw new Error(`index out of range: ${x}`);
  return x;
}

function utf8(s: string): Buffer {
  return Buffer.from(s, 'utf8');
}

function index(item0: GoValue, ...indexes: GoValue[]): GoValue {
  let item = concrete(item0);
  if (item === undefined) throw new Error('index of untyped nil');
  for (const i0 of indexes) {
    const i = concrete(i0);
    if (item === null) throw new Error('index of nil pointer');
    if (typeof item === 'string') {
      const bytes = utf8(item);
      const x = indexArg(i, bytes.length);
      if (x === bytes.length) throw new Error('reflect: string index out of range');
      item = new GoNumber('uint8', bytes[x]!);
    } else if (Array.isArray(item)) {
      const x = indexArg(i, item.length);
      if (x === item.length) throw new Error('reflect: slice index out of range');
      item = item[x] ?? null;
    } else if (isMap(item)) {
      if (i === undefined) throw new Error('value is nil; should be of type string');
      if (typeof i !== 'string') throw new Error(`value has type ${typeName(i)}; should be string`);
      item = Object.hasOwn(item, i) && item[i] !== undefined ? item[i] : null;
    } else {
      throw new Error(`can't index item of type ${typeName(item)}`);
    }
  }
  return item;
}

function slice(item0: GoValue, ...indexes: GoValue[]): GoValue {
  const item = concrete(item0);
  if (item === undefined) throw new Error('slice of untyped nil');
  if (indexes.length > 3) throw new Error(`too many slice indexes: ${indexes.length}`);
  let length: number;
  if (typeof item === 'string') {
    if (indexes.length === 3) throw new Error('cannot 3-index slice a string');
    length = byteLength(item);
  } else if (Array.isArray(item)) {
    length = item.length;
  } else {
    throw new Error(`can't slice item of type ${typeName(item)}`);
  }
  const idx = [0, length, length];
  indexes.forEach((x, i) => {
    idx[i] = indexArg(concrete(x), length);
  });
  if (idx[0]! > idx[1]!) throw new Error(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1]! > idx[2]!) {
    throw new Error(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  }
  if (typeof item === 'string') {
    return length === item.length
      ? item.slice(idx[0], idx[1])
      : utf8(item).subarray(idx[0], idx[1]).toString('utf8');
  }
  return item.slice(idx[0], idx[1]);
}

function length(item: GoValue): number {
  if (item === null) throw new Error('len of nil pointer');
  if (item === undefined) throw new Error('reflect: call of reflect.Value.Type on zero Value');
  if (typeof item === 'string') return byteLength(item);
  if (Array.isArray(item)) return item.length;
  if (isMap(item)) return Object.keys(item).length;
  throw new Error(`len of type ${typeName(item)}`);
}

/** The builtins, by name. `and`, `or` and `call` are also special-cased by the executor. */
export const builtins: ReadonlyMap<string, GoFunc> = new Map<string, GoFunc>([
  [
    'and',
    def(['value'], (...args: GoValue[]) => args.find((a) => !isTrue(a)) ?? args.at(-1), 'value'),
  ],
  [
    'or',
    def(['value'], (...args: GoValue[]) => args.find((a) => isTrue(a)) ?? args.at(-1), 'value'),
  ],
  ['not', def(['value'], (a: GoValue) => !isTrue(a))],
  ['len', def(['value'], length)],
  ['index', def(['value'], index, 'value')],
  ['slice', def(['value'], slice, 'value')],
  ['call', def(['value'], () => undefined, 'value')],
  ['print', def([], (...args: GoValue[]) => sprint(args), 'any')],
  ['printf', def(['string'], (f: string, ...args: GoValue[]) => sprintf(f, args), 'any')],
  ['println', def([], (...args: GoValue[]) => sprintln(args), 'any')],
  ['html', def([], (...args: GoValue[]) => htmlEscape(evalArgs(args)), 'any')],
  ['js', def([], (...args: GoValue[]) => jsEscape(evalArgs(args)), 'any')],
  ['urlquery', def([], (...args: GoValue[]) => queryEscape(evalArgs(args)), 'any')],
  ['eq', def(['value'], eq, 'value')],
  ['ne', def(['value', 'value'], (a: GoValue, b: GoValue) => !eq(a, b))],
  ['lt', def(['value', 'value'], lt)],
  ['le', def(['value', 'value'], (a: GoValue, b: GoValue) => lt(a, b) || eq(a, b))],
  ['gt', def(['value', 'value'], (a: GoValue, b: GoValue) => !(lt(a, b) || eq(a, b)))],
  ['ge', def(['value', 'value'], (a: GoValue, b: GoValue) => !lt(a, b))],
]);
