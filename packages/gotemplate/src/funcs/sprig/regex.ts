/**
 * Sprig's regex functions. Go's RE2 syntax is translated once per pattern to a JS RegExp
 * and cached, so a template executed many times never recompiles its patterns.
 */
import { typedSlice } from '../../value.ts';
import { def, type GoFunc } from '../signature.ts';

const cache = new Map<string, RegExp>();
const CACHE_LIMIT = 1000;

/** Compiles a Go regexp as a global JS RegExp; throws Go-style errors. */
export function compile(pattern: string): RegExp {
  const hit = cache.get(pattern);
  if (hit) {
    hit.lastIndex = 0;
    return hit;
  }
  let source = pattern;
  let flags = 'g';
  const inline = /^\(\?([imsU]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    for (const f of inline[1]!) if (f !== 'U' && !flags.includes(f)) flags += f;
  }
  source = source.replaceAll('(?P<', '(?<').replaceAll('\\z', '$').replaceAll('\\A', '^');
  let re: RegExp;
  try {
    re = new RegExp(source, flags);
  } catch (error) {
    const detail = (error as Error).message.replace(/^Invalid regular expression: /, '');
    throw new Error(`error parsing regexp: ${detail}`);
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(pattern, re);
  return re;
}

function mustCompile(pattern: string): RegExp {
  try {
    return compile(pattern);
  } catch (error) {
    throw new Error(`regexp: Compile(${JSON.stringify(pattern)}): ${(error as Error).message}`);
  }
}

function findAll(re: RegExp, s: string, n: number): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  if (n === 0) return out;
  re.lastIndex = 0;
  let prevEnd = -1;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    if (m[0] === '') {
      re.lastIndex++;
      if (m.index === prevEnd) continue;
    }
    out.push(m);
    prevEnd = m.index + m[0].length;
    if (n > 0 && out.length >= n) break;
  }
  return out;
}

/** regexp.Expand: $1, ${1}, $name, ${name}; $$ is a dollar. */
function expand(template: string, m: RegExpExecArray): string {
  return template.replace(
    /\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g,
    (_all, d, braced, bare) => {
      if (d === '$') return '$';
      const name = (braced ?? bare) as string;
      if (/^\d+$/.test(name)) return m[Number(name)] ?? '';
      return m.groups?.[name] ?? '';
    },
  );
}

function replaceAll(pattern: string, s: string, repl: string, literal: boolean): string {
  const re = compile(pattern);
  let out = '';
  let last = 0;
  for (const m of findAll(re, s, -1)) {
    out += s.slice(last, m.index) + (literal ? repl : expand(repl, m));
    last = m.index + m[0].length;
  }
  return out + s.slice(last);
}

function split(pattern: string, s: string, n: number): string[] {
  if (n === 0) return [];
  if (pattern !== '' && s === '') return [''];
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of findAll(compile(pattern), s, n)) {
    if (n > 0 && out.length === n - 1) break;
    end = m.index;
    if (m.index + m[0].length !== 0) out.push(s.slice(beg, end));
    beg = m.index + m[0].length;
  }
  if (end !== s.length) out.push(s.slice(beg));
  return out;
}

const strs = (v: string[]): string[] => typedSlice(v, '[]string');

function both(name: string, plain: GoFunc, must: GoFunc): Array<[string, GoFunc]> {
  return [
    [name, plain],
    [`must${name[0]!.toUpperCase()}${name.slice(1)}`, must],
  ];
}

const quoteMeta = (s: string): string => s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');

export const regexFuncs: ReadonlyArray<[string, GoFunc]> = [
  ...both(
    'regexMatch',
    def(['string', 'string'], (p: string, s: string) => {
      try {
        return compile(p).test(s);
      } catch {
        return false;
      }
    }),
    def(['string', 'string'], (p: string, s: string) => compile(p).test(s)),
  ),
  ...both(
    'regexFindAll',
    def(['string', 'string', 'int'], (p: string, s: string, n: number) =>
      strs(findAll(mustCompile(p), s, n).map((m) => m[0])),
    ),
    def(['string', 'string', 'int'], (p: string, s: string, n: number) =>
      strs(findAll(compile(p), s, n).map((m) => m[0])),
    ),
  ),
  ...both(
    'regexFind',
    def(
      ['string', 'string'],
      (p: string, s: string) => findAll(mustCompile(p), s, 1)[0]?.[0] ?? '',
    ),
    def(['string', 'string'], (p: string, s: string) => findAll(compile(p), s, 1)[0]?.[0] ?? ''),
  ),
  ...both(
    'regexReplaceAll',
    def(['string', 'string', 'string'], (p: string, s: string, r: string) => {
      mustCompile(p);
      return replaceAll(p, s, r, false);
    }),
    def(['string', 'string', 'string'], (p: string, s: string, r: string) =>
      replaceAll(p, s, r, false),
    ),
  ),
  ...both(
    'regexReplaceAllLiteral',
    def(['string', 'string', 'string'], (p: string, s: string, r: string) => {
      mustCompile(p);
      return replaceAll(p, s, r, true);
    }),
    def(['string', 'string', 'string'], (p: string, s: string, r: string) =>
      replaceAll(p, s, r, true),
    ),
  ),
  ...both(
    'regexSplit',
    def(['string', 'string', 'int'], (p: string, s: string, n: number) => {
      mustCompile(p);
      return strs(split(p, s, n));
    }),
    def(['string', 'string', 'int'], (p: string, s: string, n: number) => strs(split(p, s, n))),
  ),
  ['regexQuoteMeta', def(['string'], quoteMeta)],
];
