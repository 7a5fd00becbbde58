/**
 * Go's fmt verbs for one operand: integers, floats, strings, booleans, and the renderings
 * of maps (`map[a:1 b:2]`), slices and nil, with the `%!d(string=x)` texts for verbs that
 * do not fit their operand.
 */
import { canBackquote, formatFloat, quote, quoteRune } from './strconv.ts';
import {
  type GoStruct,
  type GoValue,
  kindOf,
  num,
  SLICE_TYPE,
  sortedKeys,
  typeName,
} from './value.ts';

export interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  plusV: boolean;
  sharpV: boolean;
  wid: number | undefined;
  prec: number | undefined;
}

export function clearFlags(): Flags {
  return {
    plus: false,
    minus: false,
    sharp: false,
    space: false,
    zero: false,
    plusV: false,
    sharpV: false,
    wid: undefined,
    prec: undefined,
  };
}

export const NO_FLAGS: Flags = Object.freeze(clearFlags());

function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Pads to the width with spaces (or zeros), left or right as the flags say. */
function pad(s: string, f: Flags): string {
  if (f.wid === undefined) return s;
  const n = f.wid - runeCount(s);
  if (n <= 0) return s;
  if (f.minus) return s + ' '.repeat(n);
  return (f.zero ? '0' : ' ').repeat(n) + s;
}

/** Pads a number, putting zero padding after the sign as Go does. */
function padNumber(s: string, f: Flags): string {
  if (f.wid === undefined || !f.zero || f.minus) return pad(s, f);
  const sign = s[0] === '-' || s[0] === '+' || s[0] === ' ' ? s[0] : '';
  const body = s.slice(sign.length);
  const n = f.wid - runeCount(s);
  return n > 0 ? sign + '0'.repeat(n) + body : s;
}

function badVerb(verb: string, v: GoValue): string {
  if (v === null || v === undefined) return `%!${verb}(<nil>)`;
  return `%!${verb}(${typeName(v)}=${printArg(v, 'v', NO_FLAGS, 0)})`;
}

function fmtInteger(v: GoValue, verb: string, f: Flags): string {
  const n = num(v);
  const unsigned = kindOf(v) === 'uint';
  switch (verb) {
    case 'v':
    case 'd':
      return fmtDigits(n, 10, f, '', unsigned);
    case 'b':
      return fmtDigits(n, 2, f, f.sharp ? '0b' : '', unsigned);
    case 'o':
      return fmtDigits(n, 8, f, f.sharp ? '0' : '', unsigned);
    case 'O':
      return fmtDigits(n, 8, f, '0o', unsigned);
    case 'x':
      return fmtDigits(n, 16, f, f.sharp ? '0x' : '', unsigned);
    case 'X':
      return fmtDigits(n, 16, f, f.sharp ? '0X' : '', unsigned).toUpperCase();
    case 'c':
      return pad(String.fromCodePoint(validRune(n)), f);
    case 'q':
      return pad(quoteRune(n, f.plus), f);
    case 'U': {
      const u = `U+${n.toString(16).toUpperCase().padStart(4, '0')}`;
      return pad(f.sharp ? `${u} '${String.fromCodePoint(validRune(n))}'` : u, f);
    }
  }
  return badVerb(verb, v);
}

function validRune(n: number): number {
  return n < 0 || n > 0x10ffff || (n >= 0xd800 && n < 0xe000) ? 0xfffd : n;
}

function fmtDigits(n: number, base: number, f: Flags, prefix: string, _unsigned: boolean): string {
  let digits = Math.abs(n).toString(base);
  if (f.prec !== undefined) {
    if (f.prec === 0 && n === 0) digits = '';
    digits = digits.padStart(f.prec, '0');
  } else if (f.zero && f.wid !== undefined && !f.minus) {
    const sign = n < 0 || f.plus || f.space ? 1 : 0;
    digits = digits.padStart(f.wid - sign - prefix.length, '0');
  }
  const sign = n < 0 ? '-' : f.plus ? '+' : f.space ? ' ' : '';
  return pad(sign + prefix + digits, { ...f, zero: false });
}

function fmtFloat(v: GoValue, verb: string, f: Flags): string {
  const x = num(v);
  let s: string;
  switch (verb) {
    case 'v':
      s = formatFloat(x, 'g', f.prec ?? -1);
      break;
    case 'g':
    case 'G':
      s = formatFloat(x, verb, f.prec ?? -1);
      break;
    case 'e':
    case 'E':
    case 'f':
      s = formatFloat(x, verb, f.prec ?? 6);
      break;
    case 'F':
      s = formatFloat(x, 'f', f.prec ?? 6);
      break;
    default:
      return badVerb(verb, v);
  }
  if (f.plus && s[0] !== '-' && s[0] !== '+') s = `+${s}`;
  else if (f.space && s[0] !== '-' && s[0] !== '+') s = ` ${s}`;
  else if (s === '+Inf' && !f.plus) s = f.space ? ' Inf' : '+Inf';
  if (!Number.isFinite(x)) return pad(s, { ...f, zero: false });
  return padNumber(s, f);
}

function hexString(s: string, f: Flags, upper: boolean): string {
  const bytes = Buffer.from(s, 'utf8');
  const parts: string[] = [];
  for (const b of bytes) parts.push(b.toString(16).padStart(2, '0'));
  let out: string;
  if (f.space) out = parts.map((p) => (f.sharp ? `0x${p}` : p)).join(' ');
  else out = (f.sharp && parts.length > 0 ? '0x' : '') + parts.join('');
  return upper ? out.toUpperCase() : out;
}

function truncate(s: string, f: Flags): string {
  if (f.prec === undefined) return s;
  return Array.from(s).slice(0, f.prec).join('');
}

function fmtString(s: string, verb: string, f: Flags): string {
  switch (verb) {
    case 'v':
      if (f.sharpV) return pad(quote(s), f);
      return pad(truncate(s, f), f);
    case 's':
      return pad(truncate(s, f), f);
    case 'q': {
      const t = truncate(s, f);
      return pad(f.sharp && canBackquote(t) ? `\`${t}\`` : quote(t, f.plus), f);
    }
    case 'x':
      return pad(hexString(truncate(s, f), f, false), f);
    case 'X':
      return pad(hexString(truncate(s, f), f, true), f);
  }
  return badVerb(verb, s);
}

function printSlice(v: GoValue[], verb: string, f: Flags, depth: number): string {
  if (f.sharpV) {
    const items = v.map((e) => printElement(e, verb, f, depth));
    return `${typeName(v)}{${items.join(', ')}}`;
  }
  return `[${v.map((e) => printElement(e, verb, f, depth)).join(' ')}]`;
}

function printMap(m: Record<string, GoValue>, verb: string, f: Flags, depth: number): string {
  const keys = sortedKeys(m);
  if (f.sharpV) {
    const items = keys.map((k) => `${quote(k)}:${printElement(m[k], verb, f, depth)}`);
    return `${typeName(m)}{${items.join(', ')}}`;
  }
  const items = keys.map(
    (k) => `${printArg(k, verb, f, depth + 1)}:${printElement(m[k], verb, f, depth)}`,
  );
  return `map[${items.join(' ')}]`;
}

/** An element held in an interface{}: a nil one prints <nil> whatever the verb. */
function printElement(e: GoValue, verb: string, f: Flags, depth: number): string {
  if (e === null || e === undefined) return f.sharpV ? 'interface {}(nil)' : '<nil>';
  return printArg(e, verb, f, depth + 1);
}

/** fmt's printArg: one operand under one verb. */
export function printArg(v: GoValue, verb: string, f: Flags, depth: number): string {
  if (v === null || v === undefined) {
    if (verb === 'T' || verb === 'v') return pad(f.sharpV ? '<nil>' : '<nil>', f);
    return badVerb(verb, v);
  }
  if (verb === 'T') return pad(typeName(v), f);
  switch (kindOf(v)) {
    case 'bool':
      if (verb === 't' || verb === 'v') return pad(v ? 'true' : 'false', f);
      return badVerb(verb, v);
    case 'int':
    case 'uint':
      return fmtInteger(v, verb, f);
    case 'float':
      return fmtFloat(v, verb, f);
    case 'string':
      return fmtString(v as string, verb, f);
    case 'slice':
      if ((verb === 's' || verb === 'q' || verb === 'x' || verb === 'X') && isByteSlice(v)) {
        return fmtString(Buffer.from(v as number[]).toString('utf8'), verb, f);
      }
      return printSlice(v as GoValue[], verb, f, depth);
    case 'map':
      return printMap(v as Record<string, GoValue>, verb, f, depth);
    case 'struct':
      return printStruct(v as GoStruct, verb, f, depth);
    default:
      return verb === 'v' || verb === 'p' ? pad('0xc000010000', f) : badVerb(verb, v);
  }
}

function isByteSlice(v: GoValue): boolean {
  return (v as { [SLICE_TYPE]?: string })[SLICE_TYPE] === '[]uint8';
}

function printStruct(v: GoStruct, verb: string, f: Flags, depth: number): string {
  if (v.stringer && !f.sharpV && (verb === 'v' || verb === 's' || verb === 'q')) {
    return fmtString(v.stringer(), verb, f);
  }
  const names = Object.keys(v.fields);
  const parts = names.map((k) => {
    const value = printElement(v.fields[k], verb, f, depth);
    return f.plusV || f.sharpV ? `${k}:${value}` : value;
  });
  return f.sharpV ? `${v.typeName}{${parts.join(', ')}}` : `{${parts.join(' ')}}`;
}
