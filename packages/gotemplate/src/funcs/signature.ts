/**
 * How a template function is declared: its Go parameter types drive the executor's
 * argument checks ("wrong type for value; expected int; got int64"), exactly as Go's
 * reflection-based call does for the real function.
 */
import type { GoValue } from '../value.ts';

/**
 * Go parameter types. `value` is reflect.Value (the builtins that see missing values);
 * `any` is interface {}; `slice` []interface {}; `strings` []string; `map`
 * map[string]interface {}; `time` time.Time; `certificate` Sprig's certificate struct.
 */
export type ParamType =
  | 'any'
  | 'value'
  | 'string'
  | 'int'
  | 'int64'
  | 'uint32'
  | 'float64'
  | 'bool'
  | 'slice'
  | 'strings'
  | 'map'
  | 'time'
  | 'certificate';

export interface GoFunc {
  readonly params: readonly ParamType[];
  /** The element type of a final `...` parameter, if the function is variadic. */
  readonly variadic?: ParamType;
  /** Throws to fail the call: the executor reports "error calling NAME: <message>". */
  readonly fn: (...args: never[]) => GoValue;
}

export type FuncMap = ReadonlyMap<string, GoFunc>;

/** Declares a function: `def(['string'], (s: string) => ...)`. */
export function def<A extends unknown[]>(
  params: readonly ParamType[],
  fn: (...args: A) => GoValue,
  variadic?: ParamType,
): GoFunc {
  return { params, fn: fn as unknown as GoFunc['fn'], ...(variadic ? { variadic } : {}) };
}

export const GO_TYPE_NAMES: Readonly<Record<ParamType, string>> = {
  any: 'interface {}',
  value: 'reflect.Value',
  string: 'string',
  int: 'int',
  int64: 'int64',
  uint32: 'uint32',
  float64: 'float64',
  bool: 'bool',
  slice: '[]interface {}',
  strings: '[]string',
  map: 'map[string]interface {}',
  time: 'time.Time',
  certificate: 'sprig.certificate',
};
