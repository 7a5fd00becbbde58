/**
 * Sprig's arithmetic. Integer functions return int64 (so `repeat (add 1 2) "x"` fails as
 * in Go); the *f functions compute in decimal, as shopspring/decimal does, so
 * `addf 1.1 2.2` is 3.3 and not 3.3000000000000003.
 */
import { sprint } from '../../formatter.ts';
import { float64, type GoValue, int64, typedSlice } from '../../value.ts';
import { def, type GoFunc } from '../signature.ts';
import { toFloat, toInt } from './convert.ts';

interface Dec {
  m: bigint;
  /** value = m / 10^scale */
  scale: number;
}

function toDec(x: number): Dec {
  const [mantissa, exp = '0'] = x.toExponential().split('e') as [string, string?];
  const [i, f = ''] = mantissa.split('.') as [string, string?];
  const scale = f.length - Number(exp);
  const m = BigInt(i + f);
  return scale >= 0 ? { m, scale } : { m: m * 10n ** BigInt(-scale), scale: 0 };
}

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  const s = Math.max(a.scale, b.scale);
  return [a.m * 10n ** BigInt(s - a.scale), b.m * 10n ** BigInt(s - b.scale), s];
}

function fromDec(d: Dec): number {
  const neg = d.m < 0n;
  const digits = (neg ? -d.m : d.m).toString().padStart(d.scale + 1, '0');
  const text = d.scale > 0 ? `${digits.slice(0, -d.scale)}.${digits.slice(-d.scale)}` : digits;
  return Number(neg ? `-${text}` : text);
}

/** Decimal division rounded half away from zero to 16 places (decimal.DivisionPrecision). */
function divide(a: Dec, b: Dec): Dec {
  if (b.m === 0n) throw new Error('decimal division by 0');
  const [x, y] = align(a, b);
  const scale = 16;
  const q2 = (x * 10n ** BigInt(scale + 1)) / y;
  const rounded = q2 >= 0n ? (q2 + 5n) / 10n : (q2 - 5n) / 10n;
  return { m: rounded, scale };
}

type Op = (a: Dec, b: Dec) => Dec;
const OPS: Readonly<Record<string, Op>> = {
  add: (a, b) => {
    const [x, y, s] = align(a, b);
    return { m: x + y, scale: s };
  },
  sub: (a, b) => {
    const [x, y, s] = align(a, b);
    return { m: x - y, scale: s };
  },
  mul: (a, b) => ({ m: a.m * b.m, scale: a.scale + b.scale }),
  div: divide,
};

function decimalOp(op: string, first: GoValue, rest: GoValue[]): GoValue {
  const f = OPS[op]!;
  let acc = toDec(toFloat(first));
  for (const x of rest) acc = f(acc, toDec(toFloat(x)));
  return float64(fromDec(acc));
}

/** Go's integer division and remainder: truncated, and a panic on zero. */
function intDiv(a: number, b: number, mod: boolean): number {
  if (b === 0) throw new Error('runtime error: integer divide by zero');
  return mod ? a % b : Math.trunc(a / b);
}

function untilStep(start: number, stop: number, step: number): number[] {
  const v: number[] = [];
  if (stop < start) {
    if (step >= 0) return v;
    for (let i = start; i > stop; i += step) v.push(i);
    return v;
  }
  if (step <= 0) return v;
  for (let i = start; i < stop; i += step) v.push(i);
  return v;
}

const ints = (v: number[]): number[] => typedSlice(v, '[]int');

function seq(...params: number[]): string {
  let list: number[];
  if (params.length === 1) {
    const end = params[0]!;
    const inc = end < 1 ? -1 : 1;
    list = untilStep(1, end + inc, inc);
  } else if (params.length === 2) {
    const [start, end] = params as [number, number];
    const step = end < start ? -1 : 1;
    list = untilStep(start, end + step, step);
  } else if (params.length === 3) {
    const [start, step, end] = params as [number, number, number];
    const inc = end < start ? -1 : 1;
    if (end < start && step > 0) return '';
    list = untilStep(start, end + inc, step);
  } else {
    return '';
  }
  return list.join(' ');
}

function round(a: GoValue, places: number, ...opt: number[]): GoValue {
  const roundOn = opt[0] ?? 0.5;
  const pow = 10 ** places;
  const digit = pow * toFloat(a);
  const frac = digit - Math.trunc(digit);
  return float64((frac >= roundOn ? Math.ceil(digit) : Math.floor(digit)) / pow);
}

const extreme =
  (pick: (a: number, b: number) => number) =>
  (a: GoValue, ...rest: GoValue[]) =>
    int64(rest.reduce<number>((acc, b) => pick(acc, toInt(b)), toInt(a)));
const extremeF =
  (pick: (a: number, b: number) => number) =>
  (a: GoValue, ...rest: GoValue[]) =>
    float64(rest.reduce<number>((acc, b) => pick(acc, toFloat(b)), toFloat(a)));

export const numberFuncs: ReadonlyArray<[string, GoFunc]> = [
  ['int64', def(['any'], (v: GoValue) => int64(toInt(v)))],
  ['int', def(['any'], toInt)],
  ['float64', def(['any'], (v: GoValue) => float64(toFloat(v)))],
  [
    'toDecimal',
    def(['any'], (v: GoValue) => {
      const text = sprint([v]);
      return int64(/^[+-]?[0-7]+$/.test(text) ? Number.parseInt(text, 8) : 0);
    }),
  ],
  ['seq', def([], seq, 'int')],
  ['until', def(['int'], (n: number) => ints(untilStep(0, n, n < 0 ? -1 : 1)))],
  [
    'untilStep',
    def(['int', 'int', 'int'], (a: number, b: number, s: number) => ints(untilStep(a, b, s))),
  ],
  ['add1', def(['any'], (v: GoValue) => int64(toInt(v) + 1))],
  [
    'add',
    def([], (...v: GoValue[]) => int64(v.reduce<number>((acc, x) => acc + toInt(x), 0)), 'any'),
  ],
  ['sub', def(['any', 'any'], (a: GoValue, b: GoValue) => int64(toInt(a) - toInt(b)))],
  [
    'div',
    def(['any', 'any'], (a: GoValue, b: GoValue) => int64(intDiv(toInt(a), toInt(b), false))),
  ],
  ['mod', def(['any', 'any'], (a: GoValue, b: GoValue) => int64(intDiv(toInt(a), toInt(b), true)))],
  [
    'mul',
    def(
      ['any'],
      (a: GoValue, ...v: GoValue[]) =>
        int64(v.reduce<number>((acc, x) => acc * toInt(x), toInt(a))),
      'any',
    ),
  ],
  ['add1f', def(['any'], (v: GoValue) => decimalOp('add', v, [1]))],
  ['addf', def([], (...v: GoValue[]) => decimalOp('add', 0, v), 'any')],
  ['subf', def(['any'], (a: GoValue, ...v: GoValue[]) => decimalOp('sub', a, v), 'any')],
  ['mulf', def(['any'], (a: GoValue, ...v: GoValue[]) => decimalOp('mul', a, v), 'any')],
  ['divf', def(['any'], (a: GoValue, ...v: GoValue[]) => decimalOp('div', a, v), 'any')],
  ['biggest', def(['any'], extreme(Math.max), 'any')],
  ['max', def(['any'], extreme(Math.max), 'any')],
  ['min', def(['any'], extreme(Math.min), 'any')],
  ['maxf', def(['any'], extremeF(Math.max), 'any')],
  ['minf', def(['any'], extremeF(Math.min), 'any')],
  ['ceil', def(['any'], (a: GoValue) => float64(Math.ceil(toFloat(a))))],
  ['floor', def(['any'], (a: GoValue) => float64(Math.floor(toFloat(a))))],
  ['round', def(['any', 'int'], round, 'float64')],
];
