import { describe, expect, it } from 'vitest';
import { int64 } from '../src/index.ts';
import { params, run } from './helpers.ts';

// eq, ne, lt, le, gt, ge: Go's basic kinds, int/uint mixing, errors on the rest.
const comparisons: Array<[string, string]> = [
  ['eq true true', 'true'],
  ['eq true false', 'false'],
  ['eq 1.5 1.5', 'true'],
  ['eq 1 1', 'true'],
  ['eq 1 2', 'false'],
  ['eq `xy` `xy`', 'true'],
  ['eq `xy` `xyz`', 'false'],
  ['eq 3 4 5 6 3', 'true'],
  ['eq 3 4 5 6 7', 'false'],
  ['eq .n 3', 'true'],
  ['eq .name "world" "x"', 'true'],
  ['eq (index "x" 0) \'x\'', 'true'],
  ['eq (index "x" 0) \'y\'', 'false'],
  ['eq .nil .missing', 'true'],
  ['eq .missing nil', 'true'],
  ['eq .n nil', 'false'],
  ['eq nil .m', 'false'],
  ['eq .i64 3', 'true'],
  ['ne true true', 'false'],
  ['ne 1.5 2.5', 'true'],
  ['ne 1 1', 'false'],
  ['ne `xy` `xyz`', 'true'],
  ['lt 1.5 2.5', 'true'],
  ['lt 1 1', 'false'],
  ['lt 1 2', 'true'],
  ['lt `xy` `xyz`', 'true'],
  ['lt `b` `a`', 'false'],
  ['le 1.5 1.5', 'true'],
  ['le 2 1', 'false'],
  ['le `xyz` `xy`', 'false'],
  ['gt 2 1', 'true'],
  ['gt 1.5 1.5', 'false'],
  ['gt `xy` `xyz`', 'false'],
  ['ge 1 1', 'true'],
  ['ge 1 2', 'false'],
  ['ge `xyz` `xy`', 'true'],
  ['lt .neg (len "abc")', 'true'],
  ['eq (index "a" 0) 97', 'true'],
  ['gt (index "b" 0) 97', 'true'],
  ['lt -1 (index "a" 0)', 'true'],
];

describe('comparisons', () => {
  it.each(comparisons)('{{%s}}', (expr, out) => {
    expect(run(`{{${expr}}}`, { ...params, i64: int64(3) })).toBe(out);
  });
});

const comparisonErrors: Array<[string, string]> = [
  ['eq `xy` 1', 'error calling eq: incompatible types for comparison'],
  ['eq 2 2.0', 'error calling eq: incompatible types for comparison'],
  ['eq .whole 3', 'error calling eq: incompatible types for comparison'],
  ['lt true true', 'error calling lt: invalid type for comparison'],
  ['lt 1 "a"', 'error calling lt: incompatible types for comparison'],
  ['lt .list .list', 'error calling lt: invalid type for comparison'],
  ['gt .missing 1', 'error calling gt: invalid type for comparison'],
  ['eq .list .list', 'error calling eq: non-comparable type [a b c]: []interface {}'],
  [
    'eq .m .list',
    'error calling eq: non-comparable types map[one:1 three:3 two:2]: map[string]interface {}, []interface {}: [a b c]',
  ],
  ['eq 1', 'error calling eq: missing argument for comparison'],
];

describe('comparison errors', () => {
  it.each(comparisonErrors)('{{%s}}', (expr, message) => {
    expect(run(`{{${expr}}}`, params)).toBe(
      `ERR: template: t:1:2: executing "t" at <${expr}>: ${message}`,
    );
  });
});

// and, or, not: truth by Go's rules, the deciding operand returned, short-circuit.
const logic: Array<[string, string]> = [
  ['{{not true}} {{not false}} {{not 0}} {{not ""}} {{not .list}}', 'false true true true false'],
  ['{{and false 0}} {{and 1 0}} {{and 0 true}} {{and 1 1}}', 'false 0 0 1'],
  ['{{or 0 0}} {{or 1 0}} {{or 0 true}} {{or 1 1}}', '0 1 true 1'],
  ['{{or 0 1 (fail "never")}}', '1'],
  ['{{and 1 0 (fail "never")}}', '0'],
  ['{{1 | and 1}} {{0 | and 1}} {{1 | or 0}} {{0 | or 0}}', '1 0 1 0'],
  ['{{and 1 .missing}} {{or 0 .missing}}', '<no value> <no value>'],
  ['{{or .none "slice is empty"}}', 'slice is empty'],
  ['{{or .list "slice is empty"}}', '[a b c]'],
  ['{{if and true 1 `hi` | not}}T{{else}}F{{end}}', 'F'],
  ['{{if true | not | and 1}}T{{else}}F{{end}}', 'F'],
];

describe('and, or, not', () => {
  it.each(logic)('%j', (text, out) => {
    expect(run(text, params)).toBe(out);
  });

  it('evaluates operands after the deciding one only when needed', () => {
    expect(run('{{or 0 0 (fail "boom")}}')).toBe(
      'ERR: template: t:1:10: executing "t" at <fail "boom">: error calling fail: boom',
    );
  });
});

// index, slice, len on lists, maps and strings (bytes, as Go counts them).
const indexing: Array<[string, string]> = [
  ['{{index .nums 0}} {{index .nums 2}}', '3 5'],
  ['{{index .m "two"}}', '2'],
  ['{{index .m "nope"}}', '<no value>'],
  ['{{index .nested "a" "b"}}', 'deep'],
  ['{{index .matrix 1 0}}', '3'],
  ['{{index "abc" 1}} {{printf "%T" (index "abc" 1)}}', '98 uint8'],
  ['{{index .nums}}', '[3 4 5]'],
  ['{{slice .nums}} {{slice .nums 1}} {{slice .nums 1 2}}', '[3 4 5] [4 5] [4]'],
  ['{{slice .nums 1 2 3}}', '[4]'],
  ['{{slice "xyz"}} {{slice "xyz" 1}} {{slice "xyz" 1 2}}', 'xyz yz y'],
  ['{{slice "héllo" 1 3}}', 'é'],
  ['{{len .nums}} {{len .m}} {{len "héllo"}} {{len .none}} {{len ""}}', '3 3 6 0 0'],
];

describe('index, slice, len', () => {
  it.each(indexing)('%j', (text, out) => {
    expect(
      run(
        text,
        {
          ...params,
          matrix: [
            [1, 2],
            [3, 4],
          ],
        },
        { funcs: 'go' },
      ),
    ).toBe(out);
  });
});

const indexErrors: Array<[string, string]> = [
  ['index .nums 10', 'error calling index: index out of range: 10'],
  ['index .nums 3', 'error calling index: reflect: slice index out of range'],
  ['index .nums -1', 'error calling index: index out of range: -1'],
  ['index .nums "a"', 'error calling index: cannot index slice/array with type string'],
  ['index .nums nil', 'error calling index: cannot index slice/array with nil'],
  ['index .m 1', 'error calling index: value has type int; should be string'],
  ['index .m nil', 'error calling index: value is nil; should be of type string'],
  ['index nil 1', 'error calling index: index of untyped nil'],
  ['index .n 1', "error calling index: can't index item of type int"],
  ['slice .nums -1', 'error calling slice: index out of range: -1'],
  ['slice .nums 2 1', 'error calling slice: invalid slice index: 2 > 1'],
  ['slice .nums 1 2 1', 'error calling slice: invalid slice index: 2 > 1'],
  ['slice .nums 4 5', 'error calling slice: index out of range: 4'],
  ['slice "xyz" 1 2 2', 'error calling slice: cannot 3-index slice a string'],
  ['slice .n 1', "error calling slice: can't slice item of type int"],
  ['slice .nums 1 2 3 4', 'error calling slice: too many slice indexes: 4'],
  ['len 3', 'error calling len: len of type int'],
  ['len .nil', 'error calling len: len of nil pointer'],
];

describe('index, slice and len errors', () => {
  it.each(indexErrors)('{{%s}}', (expr, message) => {
    expect(run(`{{${expr}}}`, params, { funcs: 'go' })).toBe(
      `ERR: template: t:1:2: executing "t" at <${expr}>: ${message}`,
    );
  });
});

// html, js, urlquery escape like text/template's own escapers.
const escapers: Array<[string, string]> = [
  ['{{html .html}}', '&lt;b&gt;&#34;Tom&#34; &amp; &#39;Jerry&#39;&lt;/b&gt;'],
  ['{{.html | html}}', '&lt;b&gt;&#34;Tom&#34; &amp; &#39;Jerry&#39;&lt;/b&gt;'],
  ['{{html .missing}}', '&lt;no value&gt;'],
  ['{{html 1 "<"}}', '1&lt;'],
  ['{{js "It\'d be nice."}}', "It\\'d be nice."],
  ['{{js "Go \\"jump\\" \\\\"}}', 'Go \\"jump\\" \\\\'],
  ['{{js "<html>"}}', '\\u003Chtml\\u003E'],
  ['{{js "no = in & attributes"}}', 'no \\u003D in \\u0026 attributes'],
  ['{{js "tab\\there"}}', 'tab\\u0009here'],
  ['{{"http://www.example.org/"|urlquery}}', 'http%3A%2F%2Fwww.example.org%2F'],
  ['{{urlquery "a b&c=d/é"}}', 'a+b%26c%3Dd%2F%C3%A9'],
];

describe('html, js, urlquery', () => {
  it.each(escapers)('%j', (text, out) => {
    expect(run(text, params)).toBe(out);
  });
});

describe('call', () => {
  const data = {
    add: (a: unknown, b: unknown) => Number(a) + Number(b),
    fails: () => {
      throw new Error('bla');
    },
    s: 'str',
  };

  it('calls a function value with arguments', () => {
    expect(run('{{call .add 1 2}}', data)).toBe('3');
  });

  it('takes the function from the pipeline', () => {
    expect(run('{{.add | call}}', { add: () => 'piped' })).toBe('piped');
  });

  it('reports the function error', () => {
    expect(run('{{call .fails}}', data)).toBe(
      'ERR: template: t:1:2: executing "t" at <call .fails>: error calling call: bla',
    );
  });

  it('refuses a value that is not a function', () => {
    expect(run('{{call .s}}', data)).toBe(
      'ERR: template: t:1:2: executing "t" at <call .s>: error calling call: non-function .s of type string',
    );
  });

  it('refuses nil', () => {
    expect(run('{{call .missing}}', data)).toBe(
      'ERR: template: t:1:2: executing "t" at <call .missing>: error calling call: call of nil',
    );
  });
});
