/**
 * Go's view of template data. Data is JSON-like, so a JS value maps onto the Go value
 * that encoding/json-style data would hold: objects are map[string]interface {}, arrays
 * []interface {}, null a nil interface. A JS number is an int when it is integral and a
 * float64 otherwise; a GoNumber carries any other numeric type (an integral float64, the
 * int64 Sprig's arithmetic returns, the uint8 `index` gives for a string's byte).
 * `undefined` is Go's invalid reflect.Value: a missing key, printed as "<no value>".
 */

export type NumericType =
  | 'int'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'float32'
  | 'float64';

/** A number whose Go type is not the one a plain JS number would imply. */
export class GoNumber {
  constructor(
    readonly type: NumericType,
    readonly value: number,
  ) {}

  /** As encoding/json writes it: the number alone (what Argo CD's JSON of a param holds). */
  toJSON(): number {
    return this.value;
  }
}

/** A value with a Go struct/pointer type: named fields and methods (semver, url, time). */
export class GoStruct {
  constructor(
    readonly typeName: string,
    readonly fields: Readonly<Record<string, GoValue>>,
    readonly methods: Readonly<Record<string, (...args: GoValue[]) => GoValue>> = {},
    /** fmt.Stringer: when set, %v and %s print this. */
    readonly stringer?: () => string,
  ) {}
}

export type GoMap = { [key: string]: GoValue };
export type GoFunction = (...args: GoValue[]) => GoValue;
export type GoValue =
  | undefined
  | null
  | boolean
  | string
  | number
  | GoNumber
  | GoStruct
  | GoValue[]
  | GoMap
  | GoFunction;

/** Marks an array whose Go type is not []interface {} (e.g. Sprig's []string results). */
export const SLICE_TYPE: unique symbol = Symbol('goSliceType');

export type Kind =
  | 'invalid'
  | 'nil'
  | 'bool'
  | 'int'
  | 'uint'
  | 'float'
  | 'string'
  | 'map'
  | 'slice'
  | 'struct'
  | 'func';

export function kindOf(v: GoValue): Kind {
  switch (typeof v) {
    case 'undefined':
      return 'invalid';
    case 'string':
      return 'string';
    case 'number':
      return Number.isInteger(v) ? 'int' : 'float';
    case 'boolean':
      return 'bool';
    case 'function':
      return 'func';
  }
  if (v === null) return 'nil';
  if (Array.isArray(v)) return 'slice';
  if (v instanceof GoNumber) {
    if (v.type.startsWith('float')) return 'float';
    return v.type.startsWith('uint') ? 'uint' : 'int';
  }
  if (v instanceof GoStruct) return 'struct';
  return 'map';
}

export function isMap(v: GoValue): v is GoMap {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !(v instanceof GoNumber) &&
    !(v instanceof GoStruct)
  );
}

/** The Go type name, as %T and error messages print it. */
export function typeName(v: GoValue): string {
  switch (typeof v) {
    case 'undefined':
    case 'object':
      break;
    case 'string':
      return 'string';
    case 'number':
      return Number.isInteger(v) ? 'int' : 'float64';
    case 'boolean':
      return 'bool';
    case 'function':
      return 'func(...interface {}) (interface {}, error)';
  }
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return (v as { [SLICE_TYPE]?: string })[SLICE_TYPE] ?? '[]interface {}';
  if (v instanceof GoNumber) return v.type;
  if (v instanceof GoStruct) return v.typeName;
  return 'map[string]interface {}';
}

/** The numeric value of an int, uint or float of any Go type. */
export function num(v: GoValue): number {
  return v instanceof GoNumber ? v.value : (v as number);
}

export function isNumber(v: GoValue): v is number | GoNumber {
  return typeof v === 'number' || v instanceof GoNumber;
}

export function float64(x: number): number | GoNumber {
  return Number.isInteger(x) ? new GoNumber('float64', x) : x;
}

export function int64(x: number): GoNumber {
  return new GoNumber('int64', x);
}

/** Go's int: a plain JS number when integral; kept as a typed int otherwise is impossible. */
export function int(x: number): number {
  return Math.trunc(x);
}

/** Tags an array with a Go slice type other than []interface {}. */
export function typedSlice<T extends GoValue>(items: T[], type: string): T[] {
  Object.defineProperty(items, SLICE_TYPE, { value: type, enumerable: false });
  return items;
}

/** template.IsTrue: the truth of a value in if, with, and, or and not. */
export function isTrue(v: GoValue): boolean {
  switch (typeof v) {
    case 'string':
      return v.length > 0;
    case 'number':
      return v !== 0;
    case 'boolean':
      return v;
    case 'undefined':
      return false;
    case 'function':
      return true;
  }
  if (v === null) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof GoNumber) return v.value !== 0;
  if (v instanceof GoStruct) return true;
  for (const _ in v) return true;
  return false;
}

/** Map keys in the order Go's fmt and range visit them (sorted). */
export function sortedKeys(m: GoMap): string[] {
  return Object.keys(m).sort(compareStrings);
}

/** Go compares strings bytewise; UTF-16 order differs only above U+FFFF, which is rare. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function hasKey(m: GoMap, key: string): boolean {
  return Object.hasOwn(m, key) && m[key] !== undefined;
}

/** UTF-8 length of a string, as Go's len counts it. */
export function byteLength(s: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point
  return /^[\x00-\x7f]*$/.test(s) ? s.length : Buffer.byteLength(s);
}

/** Converts every number of a JSON tree to float64, as encoding/json decodes into interface{}. */
export function jsonNumbersAsFloat64(data: GoValue): GoValue {
  if (typeof data === 'number') return float64(data);
  if (Array.isArray(data)) return data.map(jsonNumbersAsFloat64);
  if (isMap(data)) {
    const out: GoMap = {};
    for (const [k, v] of Object.entries(data)) out[k] = jsonNumbersAsFloat64(v);
    return out;
  }
  return data;
}
