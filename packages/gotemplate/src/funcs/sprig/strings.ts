/** Sprig's string functions (abbrev … wrapWith), with Go's byte-based slicing where it shows. */
import { sprintf } from '../../formatter.ts';
import { quote as goQuote } from '../../strconv.ts';
import { type GoValue, typedSlice } from '../../value.ts';
import { def, type GoFunc } from '../signature.ts';
import { strval, toStrings } from './convert.ts';

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
// biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII detection
const ASCII = /^[\x00-\x7f]*$/;

/** s[from:to] on UTF-8 bytes, as Go slices strings; panics like Go when out of range. */
export function byteSlice(s: string, from: number, to?: number): string {
  if (ASCII.test(s)) {
    const end = to ?? s.length;
    if (from < 0 || end > s.length || from > end) {
      throw new Error(
        `runtime error: slice bounds out of range [${from}:${end}] with length ${s.length}`,
      );
    }
    return s.slice(from, end);
  }
  const b = utf8(s);
  const end = to ?? b.length;
  if (from < 0 || end > b.length || from > end) {
    throw new Error(
      `runtime error: slice bounds out of range [${from}:${end}] with length ${b.length}`,
    );
  }
  return b.subarray(from, end).toString('utf8');
}

function byteLen(s: string): number {
  return ASCII.test(s) ? s.length : utf8(s).length;
}

function abbreviate(str: string, offset0: number, maxWidth: number): string {
  if (str === '' || maxWidth < 4) return str;
  const n = byteLen(str);
  if (n <= maxWidth) return str;
  let offset = Math.min(offset0, n);
  if (n - offset < maxWidth - 3) offset = n - (maxWidth - 3);
  if (offset <= 4) return `${byteSlice(str, 0, maxWidth - 3)}...`;
  if (maxWidth < 7) return str;
  if (offset + maxWidth - 3 < n) return `...${abbreviate(byteSlice(str, offset), 0, maxWidth - 3)}`;
  return `...${byteSlice(str, n - (maxWidth - 3))}`;
}

const WORD_SEPARATOR = /[^\p{L}\p{N}_]/u;

/** strings.Title: upper-case the first letter of every word. */
function title(s: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    out += WORD_SEPARATOR.test(prev) ? ch.toUpperCase() : ch;
    prev = ch;
  }
  return out;
}

function mapWords(s: string, f: (first: string) => string): string {
  let out = '';
  let atStart = true;
  for (const ch of s) {
    if (/\s/.test(ch)) {
      atStart = true;
      out += ch;
    } else {
      out += atStart ? f(ch) : ch;
      atStart = false;
    }
  }
  return out;
}

function swapCase(s: string): string {
  let out = '';
  for (const ch of s) {
    const upper = ch.toUpperCase();
    out += ch === upper ? ch.toLowerCase() : upper;
  }
  return out;
}

/** Words for snake/kebab case: acronyms stay together, a digit run joins what follows. */
function words(s: string): string[] {
  return s.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+[a-z]*/g) ?? [];
}

function camelCase(s: string): string {
  return s
    .split('_')
    .map((w, i, all) =>
      w === '' ? (i === 0 || i === all.length - 1 ? '_' : '') : w[0]!.toUpperCase() + w.slice(1),
    )
    .join('');
}

/** goutils.WrapCustom (Apache commons WordUtils.wrap). */
export function wrap(
  str: string,
  width0: number,
  newLine0: string,
  wrapLongWords: boolean,
): string {
  if (str === '') return '';
  const newLine = newLine0 === '' ? '\n' : newLine0;
  const width = Math.max(width0, 1);
  let out = '';
  let offset = 0;
  while (str.length - offset > width) {
    if (str[offset] === ' ') {
      offset++;
      continue;
    }
    const space = str.slice(offset, width + offset + 1).lastIndexOf(' ');
    if (space >= 0) {
      out += str.slice(offset, offset + space) + newLine;
      offset += space + 1;
    } else if (wrapLongWords) {
      out += str.slice(offset, offset + width) + newLine;
      offset += width;
    } else {
      const next = str.indexOf(' ', width + offset);
      if (next < 0) {
        out += str.slice(offset);
        offset = str.length;
      } else {
        out += str.slice(offset, next) + newLine;
        offset = next + 1;
      }
    }
  }
  return out + str.slice(offset);
}

function trimCutset(s: string, cutset: string): string {
  const chars = new Set(Array.from(cutset));
  const a = Array.from(s);
  let i = 0;
  let j = a.length;
  while (i < j && chars.has(a[i]!)) i++;
  while (j > i && chars.has(a[j - 1]!)) j--;
  return a.slice(i, j).join('');
}

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
