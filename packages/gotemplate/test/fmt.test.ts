import { describe, expect, it } from 'vitest';
import { float64, int64, sprint, sprintf, sprintln } from '../src/index.ts';
import { run } from './helpers.ts';

// printf with Go's verbs, flags, widths and precisions, from the fmt package docs.
const verbs: Array<[string, string]> = [
  // Integers.
  ['{{printf "%v %d" 12345 -12}}', '12345 -12'],
  ['{{printf "%+d|% d|%5d|%-5d|" 12 12 12 12}}', '+12| 12|   12|12   |'],
  ['{{printf "%05d|%05d|%+05d" 12 -12 12}}', '00012|-0012|+0012'],
  ['{{printf "%x %X %#x %#X" 255 255 255 255}}', 'ff FF 0xff 0XFF'],
  ['{{printf "%x" -255}}', '-ff'],
  ['{{printf "%o %#o %O" 8 8 8}}', '10 010 0o10'],
  ['{{printf "%b %#b" 5 5}}', '101 0b101'],
  ['{{printf "%c %c" 65 0x4E16}}', 'A 世'],
  ['{{printf "%q %+q" 65 0x4E16}}', "'A' '\\u4e16'"],
  ['{{printf "%U %#U" 0x1F600 65}}', "U+1F600 U+0041 'A'"],
  ['{{printf "%.3d|%8.3d|%-8.3d|" 7 7 7}}', '007|     007|007     |'],
  ['{{printf "%.0d" 0}}', ''],
  ['{{printf "%08x" 48879}}', '0000beef'],
  // Floats.
  [
    '{{printf "%f %.2f %8.2f|%-8.2f|" 3.14159 3.14159 3.14159 3.14159}}',
    '3.141590 3.14     3.14|3.14    |',
  ],
  ['{{printf "%e %E" 1234.5678 1234.5678}}', '1.234568e+03 1.234568E+03'],
  ['{{printf "%g %g %g" 1234.5678 0.000012 100000.0}}', '1234.5678 1.2e-05 100000'],
  ['{{printf "%.3g %.3g %G" 1234.5678 1.0 1e-10}}', '1.23e+03 1 1E-10'],
  [
    '{{printf "%v %v %v %v" 1e21 1000000.0 123456789.0 0.0001}}',
    '1e+21 1e+06 1.23456789e+08 0.0001',
  ],
  ['{{printf "%v %v" 0.00001 100000.0}}', '1e-05 100000'],
  ['{{printf "%+.1f % .1f" 2.0 2.0}}', '+2.0  2.0'],
  ['{{printf "%08.3f|%-9.2e|" -3.14159 1234.5}}', '-003.142|1.23e+03 |'],
  ['{{printf "%.0f %.0f %.2f" 2.5 3.5 0.125}}', '2 4 0.12'],
  ['{{printf "%e %f" 0.0 0.0}}', '0.000000e+00 0.000000'],
  ['{{printf "%.1f" 1e21}}', '1000000000000000000000.0'],
  ['{{printf "%F" 1.5}}', '1.500000'],
  // Strings.
  ['{{printf "%s|%q|%v" "hi" "hi" "hi"}}', 'hi|"hi"|hi'],
  ['{{printf "%x % x %X %#x" "hi" "hi" "hi" "hi"}}', '6869 68 69 6869 0x6869'],
  ['{{printf "%10s|%-10s|" "hi" "hi"}}', '        hi|hi        |'],
  ['{{printf "%.2s|%5.1s|%05s" "hello" "hello" "ab"}}', 'he|    h|000ab'],
  ['{{printf "%q" "a\\nb\\t\\"c\\""}}', '"a\\nb\\t\\"c\\""'],
  ['{{printf "%q %+q %#q" "é" "é" "hi"}}', '"é" "\\u00e9" `hi`'],
  ['{{printf "%#q" "a`b"}}', '"a`b"'],
  ['{{printf "%q" "\\x00\\x7f"}}', '"\\x00\\x7f"'],
  ['{{printf "%5s|" "世界"}}', '   世界|'],
  ['{{printf "%x" "é"}}', 'c3a9'],
  // Booleans and nil.
  ['{{printf "%t %v" true false}}', 'true false'],
  ['{{printf "%v %T" nil nil}}', '<nil> <nil>'],
  ['{{printf "%d %s" nil nil}}', '%!d(<nil>) %!s(<nil>)'],
  // Bad verbs, missing and extra operands.
  ['{{printf "%d" "hi"}}', '%!d(string=hi)'],
  ['{{printf "%s" 5}}', '%!s(int=5)'],
  ['{{printf "%z" 5}}', '%!z(int=5)'],
  ['{{printf "%d" true}}', '%!d(bool=true)'],
  ['{{printf "%d" 1.5}}', '%!d(float64=1.5)'],
  ['{{printf "%f" 5}}', '%!f(int=5)'],
  ['{{printf "%t" 1}}', '%!t(int=1)'],
  ['{{printf "%d %d" 1}}', '1 %!d(MISSING)'],
  ['{{printf "%d" 1 2}}', '1%!(EXTRA int=2)'],
  ['{{printf "x" 1 "a" nil}}', 'x%!(EXTRA int=1, string=a, <nil>)'],
  ['{{printf "%"}}', '%!(NOVERB)'],
  ['{{printf "%!"}}', '%!!(MISSING)'],
  ['{{printf "100%%"}}', '100%'],
  // Star width and precision.
  ['{{printf "%*d|%-*d|" 5 42 5 42}}', '   42|42   |'],
  ['{{printf "%*d|" -5 42}}', '42   |'],
  ['{{printf "%.*f" 2 3.14159}}', '3.14'],
  ['{{printf "%*d" "x" 1}}', '%!(BADWIDTH)1'],
  ['{{printf "%.*d" "x" 1}}', '%!(BADPREC)1'],
  // Composite values.
  ['{{printf "%v" .m}}', 'map[a:1 b:[1 2]]'],
  ['{{printf "%+v" .m}}', 'map[a:1 b:[1 2]]'],
  ['{{printf "%d" .l}}', '[1 2 3]'],
  ['{{printf "%q" .s}}', '["a" "b"]'],
  ['{{printf "%x" .s}}', '[61 62]'],
  ['{{printf "%s" .m}}', 'map[a:%!s(int=1) b:[%!s(int=1) %!s(int=2)]]'],
  ['{{printf "%5v" .l}}', '[    1     2     3]'],
  ['{{printf "%v" .withNil}}', '[<nil> 1]'],
  ['{{printf "%d" .withNil}}', '[<nil> 1]'],
  ['{{printf "%#v" .m}}', 'map[string]interface {}{"a":1, "b":[]interface {}{1, 2}}'],
  ['{{printf "%#v %#v %#v" "hi" 5 .withNil}}', '"hi" 5 []interface {}{interface {}(nil), 1}'],
  ['{{printf "%T %T %T" .m .l .whole}}', 'map[string]interface {} []interface {} float64'],
  ['{{printf "%v %.1f %T" .whole .whole .f}}', '3 3.0 float64'],
  ['{{printf "%v" .big}}', '1e+21'],
  ['{{printf "%d %v" .i64 .i64}}', '7 7'],
];

const data = {
  m: { b: [1, 2], a: 1 },
  l: [1, 2, 3],
  s: ['a', 'b'],
  withNil: [null, 1],
  whole: float64(3),
  f: 2.5,
  big: 1e21,
  i64: int64(7),
};

describe('printf verbs', () => {
  it.each(verbs)('%j', (text, out) => {
    expect(run(text, data)).toBe(out);
  });
});

// print and println add spaces as fmt.Sprint and fmt.Sprintln do.
const printing: Array<[string, string]> = [
  ['{{print "a" "b"}}', 'ab'],
  ['{{print 1 2 3}}', '1 2 3'],
  ['{{print "a" 1 2 "b"}}', 'a1 2b'],
  ['{{print 1 "a" 2}}', '1a2'],
  ['{{println 1 2 "a"}}', '1 2 a\n'],
  ['{{print nil}}', '<nil>'],
  ['{{print}}', ''],
  ['{{println}}', '\n'],
];

describe('print and println', () => {
  it.each(printing)('%j', (text, out) => {
    expect(run(text)).toBe(out);
  });

  it('exposes the formatter for callers outside templates', () => {
    expect(sprint([1, 2, 'x', 3])).toBe('1 2x3');
    expect(sprintln(['a', 1])).toBe('a 1\n');
    expect(sprintf('%05.1f|%-4s|', [2.25, 'ab'])).toBe('002.2|ab  |');
  });
});
