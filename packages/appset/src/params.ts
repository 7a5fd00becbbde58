import { formatValue, type GoValue } from '@fleetops/gotemplate';

/** One parameter set: what a generator hands to the template. */
export type Params = Record<string, unknown>;

/** Argo CD's `SanitizeName` (the `*Normalized` parameters): a DNS-1123 subdomain. */
export function sanitizeName(name: string): string {
  let out = name.toLowerCase().replace(/[^-a-z0-9.]/g, '-');
  if (out.length > 253) out = out.slice(0, 253);
  return out.replace(/^[-.]+|[-.]+$/g, '');
}

/** Go's `fmt.Sprintf("%v", v)` of a decoded parameter value. */
export function goString(value: unknown): string {
  return formatValue(value as GoValue);
}

/**
 * github.com/jeremywohl/flatten in DotStyle, as Argo CD uses it for git file parameters and
 * generator selectors: nested maps become `a.b`, lists `a.0`; an empty map or list
 * contributes no key at all.
 */
export function flatten(
  input: Record<string, unknown>,
  stringMapsAsLeaves = false,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (value: unknown, key: string) => {
    if (stringMapsAsLeaves && isStringMap(value)) {
      out[key] = goStringMap(value);
    } else if (isPlainObject(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, key === '' ? k : `${key}.${k}`);
    } else if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) walk(v, key === '' ? String(i) : `${key}.${i}`);
    } else {
      out[key] = value;
    }
  };
  for (const [k, v] of Object.entries(input)) walk(v, k);
  return out;
}

/**
 * Flattened parameters with `%v` values: what label selectors and fasttemplate see.
 * `stringMapsAsLeaves`: Argo CD before 3.4 did not descend into Go `map[string]string`
 * values (see `markStringMap`).
 */
export function flatStrings(params: Params, stringMapsAsLeaves = false): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(flatten(params, stringMapsAsLeaves)))
    out[key] = goString(value);
  return out;
}

/** The maps that are `map[string]string` in Argo CD (labels, annotations, `values`). */
const stringMaps = new WeakSet<object>();

/** Marks a parameter map that Argo CD holds as `map[string]string`; returns it. */
export function markStringMap<T extends Record<string, string>>(map: T): T {
  stringMaps.add(map);
  return map;
}

function isStringMap(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && stringMaps.has(value);
}

/** Go's `%v` of a `map[string]string`: `map[a:1 b:2]`, keys sorted. */
function goStringMap(map: Record<string, string>): string {
  const keys = Object.keys(map).sort();
  return `map[${keys.map((k) => `${k}:${map[k]}`).join(' ')}]`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.getPrototypeOf(value) === Object.prototype
  );
}

/**
 * dario.cat/mergo `Merge(dst, src, WithOverride)` over JSON-like maps, as the matrix and
 * merge generators use it in goTemplate mode: nested maps merge key by key, anything else
 * from `src` replaces what `dst` holds. Returns a new map; neither input is changed.
 */
export function mergeOverride(dst: Params, src: Params): Params {
  const out: Params = { ...dst };
  for (const [key, value] of Object.entries(src)) {
    const current = out[key];
    if (value === null || value === undefined) {
      if (!(key in out)) out[key] = value;
      continue;
    }
    out[key] =
      isPlainObject(current) && isPlainObject(value) ? mergeOverride(current, value) : value;
  }
  return out;
}

/**
 * Go's `json.Marshal` of a decoded value: map keys sorted, `<`, `>` and `&` escaped,
 * float64 numbers in Go's shortest form. Used where Argo CD compares values as JSON.
 */
export function goJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goJsonString(value);
  if (typeof value === 'number') return goJsonNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  if (typeof value === 'object' && 'value' in value && typeof value.value === 'number')
    return goJsonNumber(value.value);
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${goJsonString(k)}:${goJson(value[k])}`).join(',')}}`;
  }
  return goJsonString(String(value));
}

function goJsonString(text: string): string {
  return JSON.stringify(text)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** encoding/json's float64 format: %f between 1e-6 and 1e21, else %e with a 2-digit exponent. */
function goJsonNumber(n: number): string {
  const abs = Math.abs(n);
  if (abs === 0 || (abs >= 1e-6 && abs < 1e21)) return String(n);
  return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
}
