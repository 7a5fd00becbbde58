import { float64, render, type TemplateOptions } from '../src/index.ts';

/** Renders, or returns "ERR: <message>" so one table can hold outputs and errors. */
export function run(text: string, data: unknown = {}, options: TemplateOptions = {}): string {
  try {
    return render(text, data, { name: 't', ...options });
  } catch (error) {
    return `ERR: ${(error as Error).message}`;
  }
}

/** A JSON-like parameter set, as an ApplicationSet generator would give. */
export const params = {
  name: 'world',
  n: 3,
  neg: -1,
  f: 1.5,
  whole: float64(3),
  zero: 0,
  empty: '',
  yes: true,
  no: false,
  nil: null,
  list: ['a', 'b', 'c'],
  nums: [3, 4, 5],
  none: [],
  m: { one: 1, two: 2, three: 3 },
  emptyMap: {},
  nested: { a: { b: 'deep' } },
  withNil: [null, 'x'],
  html: '<b>"Tom" & \'Jerry\'</b>',
};
