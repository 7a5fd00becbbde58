/** Sprig's string functions (abbrev … wrapWith), with Go's byte-based slicing where it shows. */
import { sprintf } from '../../formatter.ts';
import { quote as goQuote } from '../../strconv.ts';
import { type GoValue, typedSlice } from '../../value.ts';
import { def, type GoFunc } from '../signature.ts';
import { byteLen, byteSlice } from './bytes.ts';
import { strval, toStrings } from './convert.ts';
import {
  abbreviate,
  camelCase,
  mapWords,
  swapCase,
  title,
  trimCutset,
  words,
  wrap,
} from './text.ts';

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

function indent(spaces: number, v: string): string {
  const pad = ' '.repeat(Math.max(spaces, 0));
  return pad + v.replaceAll('\n', `\n${pad}`);
}

function splitMap(parts: string[]): Record<string, GoValue> {
  const out: Record<string, GoValue> = {};
  parts.forEach((p, i) => {
    out[`_${i}`] = p;
  });
  return out;
}

/** strings.SplitN. */
function splitN(s: string, sep: string, n: number): string[] {
  if (n === 0) return [];
  const all = s.split(sep === '' ? /(?:)/u : sep);
  if (n < 0 || all.length <= n) return all;
  return [...all.slice(0, n - 1), all.slice(n - 1).join(sep)];
}

export const stringFuncs: ReadonlyArray<[string, GoFunc]> = [
  ['hello', def([], () => 'Hello!')],
  ['abbrev', def(['int', 'string'], (w: number, s: string) => (w < 4 ? s : abbreviate(s, 0, w)))],
  [
    'abbrevboth',
    def(['int', 'int', 'string'], (l: number, r: number, s: string) =>
      r < 4 || (l > 0 && r < 7) ? s : abbreviate(s, l, r),
    ),
  ],
  [
    'trunc',
    def(['int', 'string'], (c: number, s: string) => {
      const n = byteLen(s);
      if (c < 0 && n + c > 0) return byteSlice(s, n + c);
      if (c >= 0 && n > c) return byteSlice(s, 0, c);
      return s;
    }),
  ],
  ['trim', def(['string'], (s: string) => s.trim())],
  ['upper', def(['string'], (s: string) => s.toUpperCase())],
  ['lower', def(['string'], (s: string) => s.toLowerCase())],
  ['title', def(['string'], title)],
  ['untitle', def(['string'], (s: string) => mapWords(s, (c) => c.toLowerCase()))],
  [
    'substr',
    def(['int', 'int', 'string'], (start: number, end: number, s: string) => {
      if (start < 0) return byteSlice(s, 0, end);
      if (end < 0 || end > byteLen(s)) return byteSlice(s, start);
      return byteSlice(s, start, end);
    }),
  ],
  [
    'repeat',
    def(['int', 'string'], (count: number, s: string) => {
      if (count < 0) throw new Error('strings: negative Repeat count');
      return s.repeat(count);
    }),
  ],
  ['trimall', def(['string', 'string'], (a: string, b: string) => trimCutset(b, a))],
  ['trimAll', def(['string', 'string'], (a: string, b: string) => trimCutset(b, a))],
  [
    'trimSuffix',
    def(['string', 'string'], (a: string, b: string) =>
      a !== '' && b.endsWith(a) ? b.slice(0, -a.length) : b,
    ),
  ],
  [
    'trimPrefix',
    def(['string', 'string'], (a: string, b: string) => (b.startsWith(a) ? b.slice(a.length) : b)),
  ],
  ['nospace', def(['string'], (s: string) => s.replace(/\s/gu, ''))],
  [
    'initials',
    def(['string'], (s: string) =>
      s
        .split(/\s+/)
        .filter(Boolean)
        .map((w) => Array.from(w)[0])
        .join(''),
    ),
  ],
  ['swapcase', def(['string'], swapCase)],
  [
    'snakecase',
    def(['string'], (s: string) =>
      words(s)
        .map((w) => w.toLowerCase())
        .join('_'),
    ),
  ],
  [
    'kebabcase',
    def(['string'], (s: string) =>
      words(s)
        .map((w) => w.toLowerCase())
        .join('-'),
    ),
  ],
  ['camelcase', def(['string'], camelCase)],
  ['wrap', def(['int', 'string'], (l: number, s: string) => wrap(s, l, '', false))],
  [
    'wrapWith',
    def(['int', 'string', 'string'], (l: number, sep: string, s: string) => wrap(s, l, sep, true)),
  ],
  ['contains', def(['string', 'string'], (sub: string, s: string) => s.includes(sub))],
  ['hasPrefix', def(['string', 'string'], (p: string, s: string) => s.startsWith(p))],
  ['hasSuffix', def(['string', 'string'], (p: string, s: string) => s.endsWith(p))],
  [
    'quote',
    def(
      [],
      (...v: GoValue[]) =>
        v
          .filter((s) => s !== null && s !== undefined)
          .map((s) => goQuote(strval(s)))
          .join(' '),
      'any',
    ),
  ],
  [
    'squote',
    def(
      [],
      (...v: GoValue[]) =>
        v
          .filter((s) => s !== null && s !== undefined)
          .map((s) => `'${strval(s)}'`)
          .join(' '),
      'any',
    ),
  ],
  [
    'cat',
    def(
      [],
      (...v: GoValue[]) => {
        const items = v.filter((s) => s !== null && s !== undefined);
        return sprintf(items.map(() => '%v').join(' '), items);
      },
      'any',
    ),
  ],
  ['indent', def(['int', 'string'], indent)],
  ['nindent', def(['int', 'string'], (n: number, v: string) => `\n${indent(n, v)}`)],
  [
    'replace',
    def(['string', 'string', 'string'], (o: string, n: string, s: string) =>
      o === '' ? s.split('').join(n).replace(/^/, n) + n : s.replaceAll(o, n),
    ),
  ],
  [
    'plural',
    def(['string', 'string', 'int'], (one: string, many: string, n: number) =>
      n === 1 ? one : many,
    ),
  ],
  ['toString', def(['any'], strval)],
  ['split', def(['string', 'string'], (sep: string, s: string) => splitMap(splitN(s, sep, -1)))],
  [
    'splitList',
    def(['string', 'string'], (sep: string, s: string) =>
      typedSlice(splitN(s, sep, -1), '[]string'),
    ),
  ],
  [
    'splitn',
    def(['string', 'int', 'string'], (sep: string, n: number, s: string) =>
      splitMap(splitN(s, sep, n)),
    ),
  ],
  ['toStrings', def(['any'], toStrings)],
  ['join', def(['string', 'any'], (sep: string, v: GoValue) => toStrings(v).join(sep))],
  [
    'sortAlpha',
    def(['any'], (v: GoValue) =>
      Array.isArray(v)
        ? typedSlice([...toStrings(v)].sort(), '[]string')
        : typedSlice([strval(v)], '[]string'),
    ),
  ],
  ['atoi', def(['string'], (s: string) => (/^[+-]?\d+$/.test(s) ? Number(s) : 0))],
  ['adler32sum', def(['string'], (s: string) => String(adler32(utf8(s))))],
];

function adler32(b: Buffer): number {
  let a = 1;
  let s = 0;
  for (const byte of b) {
    a = (a + byte) % 65521;
    s = (s + a) % 65521;
  }
  return (s * 65536 + a) >>> 0;
}
