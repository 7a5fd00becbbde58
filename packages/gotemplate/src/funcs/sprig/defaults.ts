/** Sprig's default, empty, coalesce, ternary, JSON and reflection functions. */
import {
  GoStruct,
  type GoValue,
  jsonNumbersAsFloat64,
  kindOf,
  num,
  typeName,
} from '../../value.ts';
import { def, type GoFunc } from '../signature.ts';
import { deepEqual, isEmpty, reflectKind } from './convert.ts';

const JSON_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON escapes control characters
const NEEDS_ESCAPE_HTML = /["\\\u0000-\u001f<>&\u2028\u2029]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON escapes control characters
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u2028\u2029]/g;

function jsonString(s: string, escapeHTML: boolean): string {
  const re = escapeHTML ? NEEDS_ESCAPE_HTML : NEEDS_ESCAPE;
  return `"${s.replace(re, (c) => JSON_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

/** encoding/json.Marshal: sorted keys, HTML-safe escapes unless told otherwise. */
export function goJson(v: GoValue, escapeHTML: boolean, indent = '', prefix = ''): string {
  if (v === null || v === undefined) return 'null';
  switch (kindOf(v)) {
    case 'string':
      return jsonString(v as string, escapeHTML);
    case 'bool':
      return v ? 'true' : 'false';
    case 'int':
    case 'uint':
    case 'float': {
      const n = num(v);
      if (!Number.isFinite(n))
        throw new Error(`json: unsupported value: ${n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN'}`);
      return String(n);
    }
    case 'func':
      throw new Error(`json: unsupported type: ${typeName(v)}`);
  }
  const inner = prefix + indent;
  const nl = indent ? `\n${inner}` : '';
  const end = indent ? `\n${prefix}` : '';
  const sep = indent ? ': ' : ':';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[${nl}${v.map((e) => goJson(e, escapeHTML, indent, inner)).join(`,${nl}`)}${end}]`;
  }
  const m = v instanceof GoStruct ? v.fields : (v as Record<string, GoValue>);
  const keys = Object.keys(m).sort();
  if (keys.length === 0) return '{}';
  const items = keys.map(
    (k) => `${jsonString(k, escapeHTML)}${sep}${goJson(m[k], escapeHTML, indent, inner)}`,
  );
  return `{${nl}${items.join(`,${nl}`)}${end}}`;
}

function fromJson(s: string): GoValue {
  try {
    return jsonNumbersAsFloat64(JSON.parse(s) as GoValue);
  } catch (error) {
    throw new Error(goJsonSyntaxError(s, error as Error));
  }
}

function goJsonSyntaxError(s: string, error: Error): string {
  if (s.trim() === '') return 'unexpected end of JSON input';
  return error.message;
}

const tryOr = <T>(f: () => T, fallback: T): T => {
  try {
    return f();
  } catch {
    return fallback;
  }
};

export const defaultFuncs: ReadonlyArray<[string, GoFunc]> = [
  [
    'default',
    def(
      ['any'],
      (d: GoValue, ...given: GoValue[]) =>
        given.length === 0 || isEmpty(given[0]) ? d : given[0]!,
      'any',
    ),
  ],
  ['empty', def(['any'], isEmpty)],
  ['coalesce', def([], (...v: GoValue[]) => v.find((x) => !isEmpty(x)) ?? null, 'any')],
  ['all', def([], (...v: GoValue[]) => v.every((x) => !isEmpty(x)), 'any')],
  ['any', def([], (...v: GoValue[]) => v.some((x) => !isEmpty(x)), 'any')],
  ['ternary', def(['any', 'any', 'bool'], (t: GoValue, f: GoValue, c: boolean) => (c ? t : f))],
  ['fromJson', def(['string'], (s: string) => tryOr(() => fromJson(s), null))],
  ['mustFromJson', def(['string'], fromJson)],
  ['toJson', def(['any'], (v: GoValue) => tryOr(() => goJson(v, true), ''))],
  ['mustToJson', def(['any'], (v: GoValue) => goJson(v, true))],
  ['toPrettyJson', def(['any'], (v: GoValue) => tryOr(() => goJson(v, true, '  '), ''))],
  ['mustToPrettyJson', def(['any'], (v: GoValue) => goJson(v, true, '  '))],
  ['toRawJson', def(['any'], (v: GoValue) => tryOr(() => goJson(v, false), ''))],
  ['mustToRawJson', def(['any'], (v: GoValue) => goJson(v, false))],
  ['typeOf', def(['any'], typeName)],
  ['typeIs', def(['string', 'any'], (t: string, v: GoValue) => t === typeName(v))],
  [
    'typeIsLike',
    def(['string', 'any'], (t: string, v: GoValue) => t === typeName(v) || `*${t}` === typeName(v)),
  ],
  ['kindOf', def(['any'], reflectKind)],
  ['kindIs', def(['string', 'any'], (t: string, v: GoValue) => t === reflectKind(v))],
  ['deepEqual', def(['any', 'any'], deepEqual)],
  [
    'fail',
    def(['string'], (msg: string) => {
      throw new Error(msg);
    }),
  ],
];
