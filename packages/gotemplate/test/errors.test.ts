import { describe, expect, it } from 'vitest';
import { params, run } from './helpers.ts';

// Execution errors: "template: NAME:LINE:COL: executing "NAME" at <node>: message", where
// COL counts bytes from the start of the line, as Go's ErrorContext does.
const execErrors: Array<[string, string]> = [
  [
    '{{.name.x}}',
    'template: t:1:7: executing "t" at <.name.x>: can\'t evaluate field x in type interface {}',
  ],
  [
    '{{with .name}}{{.x}}{{end}}',
    'template: t:1:16: executing "t" at <.x>: can\'t evaluate field x in type string',
  ],
  [
    '{{$x := .n}}{{$x.y}}',
    'template: t:1:16: executing "t" at <$x.y>: can\'t evaluate field y in type int',
  ],
  [
    '{{range .list}}{{.x}}{{end}}',
    'template: t:1:17: executing "t" at <.x>: can\'t evaluate field x in type interface {}',
  ],
  [
    '{{$x := (1.0)}}{{$x.anything}}',
    'template: t:1:19: executing "t" at <$x.anything>: can\'t evaluate field anything in type float64',
  ],
  [
    '{{.nil.x}}',
    'template: t:1:6: executing "t" at <.nil.x>: nil pointer evaluating interface {}.x',
  ],
  [
    '{{range .withNil}}{{.x}}{{end}}',
    'template: t:1:20: executing "t" at <.x>: nil pointer evaluating interface {}.x',
  ],
  ['{{(nil).x}}', 'template: t:1:3: executing "t" at <nil>: nil is not a command'],
  ['{{nil}}', 'template: t:1:2: executing "t" at <nil>: nil is not a command'],
  ['{{1 2}}', 'template: t:1:2: executing "t" at <1>: can\'t give argument to non-function 1'],
  [
    '{{(1) 2}}',
    'template: t:1:2: executing "t" at <(1) 2>: can\'t give argument to non-function 1',
  ],
  [
    '{{$x := 1}}{{$x 2}}',
    'template: t:1:13: executing "t" at <$x>: can\'t give argument to non-function $x',
  ],
  ['{{3 | $}}', 'template: t:1:6: executing "t" at <$>: can\'t give argument to non-function $'],
  [
    '{{.m.one 1}}',
    'template: t:1:4: executing "t" at <.m.one>: one is not a method but has arguments',
  ],
  [
    '{{template "nope"}}',
    'template: t:1:11: executing "t" at <{{template "nope"}}>: template "nope" not defined',
  ],
  [
    '{{define "x"}}{{.y}}{{end}}{{template "x" 5}}',
    'template: t:1:16: executing "x" at <.y>: can\'t evaluate field y in type int',
  ],
  [
    'line 1\nline 2\n{{template "one" .}}\n{{define "one"}}{{index "hi" $}}{{end}}',
    'template: t:4:18: executing "one" at <index "hi" $>: error calling index: index out of range: 5',
  ],
  [
    '{{range 1.5}}{{end}}',
    'template: t:1:8: executing "t" at <1.5>: range can\'t iterate over 1.5',
  ],
  [
    '{{range .name}}{{end}}',
    'template: t:1:8: executing "t" at <.name>: range can\'t iterate over world',
  ],
  [
    '{{range $i, $e := 3}}{{end}}',
    'template: t:1:18: executing "t" at <3>: can\'t use 3 to iterate over more than one variable',
  ],
  [
    '{{and}}',
    'template: t:1:2: executing "t" at <and>: wrong number of args for and: want at least 1 got 0',
  ],
  [
    '{{not 1 2}}',
    'template: t:1:2: executing "t" at <not>: wrong number of args for not: want 1 got 2',
  ],
  [
    '{{printf}}',
    'template: t:1:2: executing "t" at <printf>: wrong number of args for printf: want at least 1 got 0',
  ],
  [
    '{{1 | len 2}}',
    'template: t:1:6: executing "t" at <len>: wrong number of args for len: want 1 got 2',
  ],
  [
    '{{true | printf}}',
    'template: t:1:9: executing "t" at <printf>: wrong type for value; expected string; got bool',
  ],
  [
    '{{1 | printf}}',
    'template: t:1:6: executing "t" at <printf>: wrong type for value; expected string; got int',
  ],
  ['{{upper 5}}', 'template: t:1:8: executing "t" at <5>: expected string; found 5'],
  ['{{upper nil}}', 'template: t:1:8: executing "t" at <nil>: cannot assign nil to string'],
  ['{{repeat "3" "x"}}', 'template: t:1:9: executing "t" at <"3">: expected integer; found "3"'],
  ['{{repeat 1.5 "x"}}', 'template: t:1:9: executing "t" at <1.5>: expected integer; found 1.5'],
  [
    '{{ternary 1 2 "yes"}}',
    'template: t:1:14: executing "t" at <"yes">: expected bool; found "yes"',
  ],
  [
    '{{upper .missing}}',
    'template: t:1:8: executing "t" at <.missing>: invalid value; expected string',
  ],
  [
    '{{upper .nil}}',
    'template: t:1:8: executing "t" at <.nil>: wrong type for value; expected string; got interface {}',
  ],
  [
    '{{.n | upper}}',
    'template: t:1:7: executing "t" at <upper>: wrong type for value; expected string; got int',
  ],
  [
    '{{repeat .whole "x"}}',
    'template: t:1:9: executing "t" at <.whole>: wrong type for value; expected int; got float64',
  ],
  [
    '{{repeat (add 1 1) "x"}}',
    'template: t:1:16: executing "t" at <1>: wrong type for value; expected int; got int64',
  ],
  [
    '{{get .list "a"}}',
    'template: t:1:6: executing "t" at <.list>: wrong type for value; expected map[string]interface {}; got []interface {}',
  ],
  [
    '{{fail "custom"}}',
    'template: t:1:2: executing "t" at <fail "custom">: error calling fail: custom',
  ],
  ['x\n  é {{fail "x"}}', 'template: t:2:7: executing "t" at <fail "x">: error calling fail: x'],
  [
    '{{$.name.x}}',
    'template: t:1:3: executing "t" at <$.name.x>: can\'t evaluate field x in type interface {}',
  ],
];

describe('execution errors', () => {
  it.each(execErrors)('%j', (text, message) => {
    const data = text.includes('index "hi"') ? 5 : params;
    expect(run(text, data)).toBe(`ERR: ${message}`);
  });
});

describe('template depth', () => {
  it('stops runaway recursion with an error instead of a stack overflow', () => {
    expect(run('{{define "r"}}{{template "r" .}}{{end}}{{template "r" .}}')).toMatch(
      /executing "r" at <\{\{template "r" \.\}\}>: exceeded maximum template depth \(\d+\)$/,
    );
  });
});
