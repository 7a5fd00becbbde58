/**
 * Go's fmt for template values: Sprint, Sprintln and Sprintf (flags, width, precision,
 * star arguments, missing and extra operands); the verbs themselves are in verbs.ts.
 */
import type { GoValue } from './value.ts';
import { kindOf, num, typeName } from './value.ts';
import { clearFlags, NO_FLAGS, printArg } from './verbs.ts';

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
