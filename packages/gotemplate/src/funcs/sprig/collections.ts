/** Sprig's list and dict functions, with the "Cannot … on type …" errors Go's reflection gives. */
import { type GoMap, type GoValue, isMap, sortedKeys, typedSlice } from '../../value.ts';
import { def, type GoFunc } from '../signature.ts';
import { asList, deepCopy, deepEqual, isEmpty, reflectKind, strval, toInt } from './convert.ts';

/** The non-must form panics; Go's template reports the panic the same way as an error. */
function mustAndPlain(name: string, f: GoFunc): Array<[string, GoFunc]> {
  return [
    [name, f],
    [`must${name[0]!.toUpperCase()}${name.slice(1)}`, f],
  ];
}

function listSlice(list: GoValue, ...indices: GoValue[]): GoValue {
  if (!Array.isArray(list)) {
    if (list === null || list === undefined)
      throw new Error('runtime error: invalid memory address or nil pointer dereference');
    throw new Error(`list should be type of slice or array but ${reflectKind(list)}`);
  }
  if (list.length === 0) return null;
  const start = indices.length > 0 ? toInt(indices[0]) : 0;
  const end = indices.length > 1 ? toInt(indices[1]) : list.length;
  if (start < 0 || end > list.length || start > end)
    throw new Error('reflect: slice index out of range');
  return list.slice(start, end);
}

function uniq(list: GoValue): GoValue[] {
  const out: GoValue[] = [];
  for (const item of asList(list, 'find uniq'))
    if (!out.some((x) => deepEqual(x, item))) out.push(item);
  return out;
}

function chunk(size: number, list: GoValue): GoValue {
  const l = asList(list, 'chunk');
  const out: GoValue[] = [];
  for (let i = 0; i < l.length; i += size) out.push(l.slice(i, i + size));
  return out;
}

function concat(...lists: GoValue[]): GoValue {
  const out: GoValue[] = [];
  for (const l of lists) {
    if (!Array.isArray(l)) throw new Error(`Cannot concat type ${reflectKind(l)} as list`);
    out.push(...l);
  }
  return out;
}

function asMap(v: GoValue, label: string): GoMap {
  if (isMap(v)) return v;
  throw new Error(`interface conversion: interface {} is ${label}, not map[string]interface {}`);
}

function dig(...ps: GoValue[]): GoValue {
  if (ps.length < 3) throw new Error('dig needs at least three arguments');
  let dict = asMap(ps[ps.length - 1], 'nil');
  const fallback = ps[ps.length - 2];
  const keys = ps.slice(0, -2).map((k) => {
    if (typeof k !== 'string')
      throw new Error(`interface conversion: interface {} is ${reflectKind(k)}, not string`);
    return k;
  });
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (!Object.hasOwn(dict, k)) return fallback;
    const step = dict[k];
    if (i === keys.length - 1) return step;
    dict = asMap(step, reflectKind(step));
  }
  return fallback;
}

function dict(...v: GoValue[]): GoMap {
  const out: GoMap = {};
  for (let i = 0; i < v.length; i += 2) out[strval(v[i])] = i + 1 < v.length ? v[i + 1] : '';
  return out;
}

/** mergo.Merge: fills keys dst lacks (or holds empty), deeply; with overwrite, src wins when non-empty. */
function merge(dst: GoMap, src: GoMap, overwrite: boolean): void {
  for (const [k, s] of Object.entries(src)) {
    const d = dst[k];
    if (isMap(d) && isMap(s)) merge(d, s, overwrite);
    else if (!Object.hasOwn(dst, k) || isEmpty(d) || (overwrite && !isEmpty(s))) dst[k] = s;
  }
}

function mergeAll(overwrite: boolean) {
  return (dst: GoMap, ...srcs: GoMap[]): GoValue => {
    const target = dst ?? {};
    for (const s of srcs) if (s) merge(target, s, overwrite);
    return target;
  };
}

const strs = (v: string[]): string[] => typedSlice(v, '[]string');

export const collectionFuncs: ReadonlyArray<[string, GoFunc]> = [
  ['list', def([], (...v: GoValue[]) => v, 'any')],
  ['tuple', def([], (...v: GoValue[]) => v, 'any')],
  ...mustAndPlain(
    'append',
    def(['any', 'any'], (l: GoValue, v: GoValue) => [...asList(l, 'push'), v]),
  ),
  ...mustAndPlain(
    'push',
    def(['any', 'any'], (l: GoValue, v: GoValue) => [...asList(l, 'push'), v]),
  ),
  ...mustAndPlain(
    'prepend',
    def(['any', 'any'], (l: GoValue, v: GoValue) => [v, ...asList(l, 'prepend')]),
  ),
  ...mustAndPlain(
    'first',
    def(['any'], (l: GoValue) => asList(l, 'find first')[0] ?? null),
  ),
  ...mustAndPlain(
    'last',
    def(['any'], (l: GoValue) => asList(l, 'find last').at(-1) ?? null),
  ),
  ...mustAndPlain(
    'rest',
    def(['any'], (l: GoValue) => {
      const a = asList(l, 'find rest');
      return a.length === 0 ? null : a.slice(1);
    }),
  ),
  ...mustAndPlain(
    'initial',
    def(['any'], (l: GoValue) => {
      const a = asList(l, 'find initial');
      return a.length === 0 ? null : a.slice(0, -1);
    }),
  ),
  ...mustAndPlain(
    'reverse',
    def(['any'], (l: GoValue) => [...asList(l, 'find reverse')].reverse()),
  ),
  ...mustAndPlain('uniq', def(['any'], uniq)),
  ...mustAndPlain(
    'compact',
    def(['any'], (l: GoValue) => asList(l, 'compact').filter((x) => !isEmpty(x))),
  ),
  ...mustAndPlain(
    'without',
    def(
      ['any'],
      (l: GoValue, ...omit: GoValue[]) =>
        asList(l, 'find without').filter((x) => !omit.some((o) => deepEqual(o, x))),
      'any',
    ),
  ),
  ...mustAndPlain(
    'has',
    def(['any', 'any'], (needle: GoValue, hay: GoValue) =>
      hay === null || hay === undefined
        ? false
        : asList(hay, 'find has').some((x) => deepEqual(needle, x)),
    ),
  ),
  ...mustAndPlain('slice', def(['any'], listSlice, 'any')),
  ...mustAndPlain('chunk', def(['int', 'any'], chunk)),
  ['concat', def([], concat, 'any')],
  ['dig', def([], dig, 'any')],
  ['dict', def([], dict, 'any')],
  ['get', def(['map', 'string'], (d: GoMap, k: string) => (d && Object.hasOwn(d, k) ? d[k] : ''))],
  [
    'set',
    def(['map', 'string', 'any'], (d: GoMap, k: string, v: GoValue) => {
      d[k] = v;
      return d;
    }),
  ],
  [
    'unset',
    def(['map', 'string'], (d: GoMap, k: string) => {
      delete d[k];
      return d;
    }),
  ],
  ['hasKey', def(['map', 'string'], (d: GoMap, k: string) => d !== null && Object.hasOwn(d, k))],
  [
    'pluck',
    def(
      ['string'],
      (k: string, ...ds: GoMap[]) => ds.filter((d) => d && Object.hasOwn(d, k)).map((d) => d[k]),
      'map',
    ),
  ],
  // Go's map order is random; sorted keeps previews reproducible.
  ['keys', def([], (...ds: GoMap[]) => strs(ds.flatMap((d) => (d ? sortedKeys(d) : []))), 'map')],
  ['values', def(['map'], (d: GoMap) => (d ? sortedKeys(d).map((k) => d[k]) : []))],
  [
    'pick',
    def(
      ['map'],
      (d: GoMap, ...ks: string[]) => {
        const out: GoMap = {};
        for (const k of ks) if (Object.hasOwn(d, k)) out[k] = d[k];
        return out;
      },
      'string',
    ),
  ],
  [
    'omit',
    def(
      ['map'],
      (d: GoMap, ...ks: string[]) => {
        const out: GoMap = {};
        for (const k of Object.keys(d)) if (!ks.includes(k)) out[k] = d[k];
        return out;
      },
      'string',
    ),
  ],
  ...mustAndPlain('merge', def(['map'], mergeAll(false), 'map')),
  ...mustAndPlain('mergeOverwrite', def(['map'], mergeAll(true), 'map')),
  ...mustAndPlain('deepCopy', def(['any'], deepCopy)),
];
