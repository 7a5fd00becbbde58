/**
 * Go's fmt for template values: Sprint, Sprintln, Sprintf with every verb, flag, width
 * and precision, and Go's renderings of maps (`map[a:1 b:2]`), slices, nil and numbers,
 * including the `%!d(string=x)` texts for verbs that do not fit their operand.
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

interface Flags {
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

function clearFlags(): Flags {
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

const NO_FLAGS: Flags = Object.freeze(clearFlags());

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
function printArg(v: GoValue, verb: string, f: Flags, depth: number): string {
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

/** fmt.Sprint: operands printed with %v, a space between two that are not strings. */
export function sprint(args: readonly GoValue[]): string {
  let out = '';
  let prevString = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const isString = typeof arg === 'string';
    if (i > 0 && !isString && !prevString) out += ' ';
    out += isString ? arg : printArg(arg, 'v', NO_FLAGS, 0);
    prevString = isString;
  }
  return out;
}

/** fmt.Sprintln: operands separated by spaces, then a newline. */
export function sprintln(args: readonly GoValue[]): string {
  return `${args.map((a) => printArg(a, 'v', NO_FLAGS, 0)).join(' ')}\n`;
}

/** The %v rendering of one value, the way {{.}} prints it. */
export function formatValue(v: GoValue): string {
  return typeof v === 'string' ? v : printArg(v, 'v', NO_FLAGS, 0);
}

function parseNum(format: string, i: number): [number | undefined, number] {
  let j = i;
  while (j < format.length && format[j]! >= '0' && format[j]! <= '9') j++;
  if (j === i) return [undefined, i];
  return [Number(format.slice(i, j)), j];
}

function intFromArg(args: readonly GoValue[], argNum: number): [number | undefined, number] {
  if (argNum >= args.length) return [undefined, argNum];
  const v = args[argNum];
  const kind = kindOf(v);
  if (kind !== 'int' && kind !== 'uint') return [undefined, argNum + 1];
  const n = num(v);
  return Math.abs(n) > 1e6 ? [undefined, argNum + 1] : [n, argNum + 1];
}

/** fmt.Sprintf. */
export function sprintf(format: string, args: readonly GoValue[]): string {
  let out = '';
  let argNum = 0;
  const end = format.length;
  let i = 0;
  while (i < end) {
    const lasti = i;
    while (i < end && format[i] !== '%') i++;
    if (i > lasti) out += format.slice(lasti, i);
    if (i >= end) break;
    i++;
    const f = clearFlags();
    flags: for (; i < end; i++) {
      switch (format[i]) {
        case '#':
          f.sharp = true;
          break;
        case '0':
          f.zero = !f.minus;
          break;
        case '+':
          f.plus = true;
          break;
        case '-':
          f.minus = true;
          f.zero = false;
          break;
        case ' ':
          f.space = true;
          break;
        default:
          break flags;
      }
    }
    if (format[i] === '*') {
      i++;
      [f.wid, argNum] = intFromArg(args, argNum);
      if (f.wid === undefined) out += '%!(BADWIDTH)';
      else if (f.wid < 0) {
        f.wid = -f.wid;
        f.minus = true;
        f.zero = false;
      }
    } else {
      [f.wid, i] = parseNum(format, i);
    }
    if (i + 1 < end && format[i] === '.') {
      i++;
      if (format[i] === '*') {
        i++;
        [f.prec, argNum] = intFromArg(args, argNum);
        if (f.prec !== undefined && f.prec < 0) f.prec = undefined;
        if (f.prec === undefined) out += '%!(BADPREC)';
      } else {
        [f.prec, i] = parseNum(format, i);
        f.prec ??= 0;
      }
    }
    if (i >= end) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argNum >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    if (verb === 'v') {
      f.sharpV = f.sharp;
      f.sharp = false;
      f.plusV = f.plus;
      f.plus = false;
    }
    out += printArg(args[argNum], verb, f, 0);
    argNum++;
  }
  if (argNum < args.length) {
    const extra = args
      .slice(argNum)
      .map((a) =>
        a === null || a === undefined ? '<nil>' : `${typeName(a)}=${printArg(a, 'v', NO_FLAGS, 0)}`,
      );
    out += `%!(EXTRA ${extra.join(', ')})`;
  }
  return out;
}
