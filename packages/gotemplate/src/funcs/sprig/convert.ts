/**
 * Sprig's loose conversions (spf13/cast semantics: a bad string reads as 0) and the
 * reflection helpers its list and default functions share.
 */
import { formatValue } from '../../formatter.ts';
import {
  GoStruct,
  type GoValue,
  isMap,
  isTrue,
  kindOf,
  num,
  SLICE_TYPE,
  typedSlice,
} from '../../value.ts';

/** strval: a string as-is, a Stringer's String(), anything else as %v. */
export function strval(v: GoValue): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '<nil>';
  if (v instanceof GoStruct && v.stringer) return v.stringer();
  return formatValue(v);
}

function parseIntBase0(s: string): number | undefined {
  const t = s.endsWith('.0') ? s.replace(/\.0+$/, '') : s;
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[1-9][0-9]*|0)$/.exec(t);
  if (!m) return undefined;
  let digits = m[2]!;
  if (/^0[0-7]+$/.test(digits)) digits = `0o${digits.slice(1)}`;
  const n = Number(digits);
  return m[1] === '-' ? -n : n;
}

/** cast.ToInt64 / ToInt: numbers truncate, strings parse (base 0), bools are 1/0, else 0. */
export function toInt(v: GoValue): number {
  const kind = kindOf(v);
  if (kind === 'int' || kind === 'uint' || kind === 'float') return Math.trunc(num(v)) || 0;
  if (typeof v === 'string') return parseIntBase0(v) ?? 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return 0;
}

/** cast.ToFloat64. */
export function toFloat(v: GoValue): number {
  const kind = kindOf(v);
  if (kind === 'int' || kind === 'uint' || kind === 'float') return num(v);
  if (typeof v === 'string') {
    const t = v.trim() === v ? v : '';
    const n = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(Inf|inf|NaN)$/.test(t)
      ? Number(t.replace(/inf/i, 'Infinity'))
      : Number.NaN;
    return Number.isNaN(n) && !/nan/i.test(t) ? 0 : n;
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  return 0;
}

/** reflect.Kind().String() for a value, as Sprig's error messages and kindOf print it. */
export function reflectKind(v: GoValue): string {
  const k = kindOf(v);
  switch (k) {
    case 'invalid':
    case 'nil':
      return 'invalid';
    case 'int':
    case 'uint':
    case 'float':
      return typeof v === 'number'
        ? k === 'int'
          ? 'int'
          : 'float64'
        : (v as { type: string }).type;
    case 'struct':
      return 'ptr';
  }
  return k;
}

/** A list argument as a JS array, or Go's "Cannot <what> on type <kind>" error. */
export function asList(v: GoValue, what: string): GoValue[] {
  if (Array.isArray(v)) return v;
  if (v === undefined || v === null) {
    throw new Error('runtime error: invalid memory address or nil pointer dereference');
  }
  throw new Error(`Cannot ${what} on type ${reflectKind(v)}`);
}

/** strslice: a list as []string, nil elements dropped; a scalar becomes a one-element list. */
export function toStrings(v: GoValue): string[] {
  if (Array.isArray(v)) {
    return typedSlice(v.filter((e) => e !== null && e !== undefined).map(strval), '[]string');
  }
  if (v === undefined || v === null) return typedSlice([], '[]string');
  return typedSlice([strval(v)], '[]string');
}

export function isEmpty(v: GoValue): boolean {
  return !isTrue(v);
}

/** reflect.DeepEqual over template values (types must match, so 1 and 1.0 differ). */
export function deepEqual(a: GoValue, b: GoValue): boolean {
  if (a === b) return true;
  if (kindOf(a) !== kindOf(b)) return false;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return typeof a === typeof b && num(a) === num(b) && a?.constructor === b?.constructor;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const ta = (a as { [SLICE_TYPE]?: string })[SLICE_TYPE];
    const tb = (b as { [SLICE_TYPE]?: string })[SLICE_TYPE];
    return ta === tb && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    return (
      ka.length === Object.keys(b).length &&
      ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]))
    );
  }
  return (
    formatValue(a) === formatValue(b) &&
    kindOf(a) === kindOf(b) &&
    (a as { type?: string }).type === (b as { type?: string }).type
  );
}

/** copystructure.Copy for JSON-like data. */
export function deepCopy(v: GoValue): GoValue {
  if (Array.isArray(v)) {
    const copy = v.map(deepCopy);
    const t = (v as { [SLICE_TYPE]?: string })[SLICE_TYPE];
    return t ? typedSlice(copy, t) : copy;
  }
  if (isMap(v)) {
    const out: Record<string, GoValue> = {};
    for (const [k, e] of Object.entries(v)) out[k] = deepCopy(e);
    return out;
  }
  return v;
}
