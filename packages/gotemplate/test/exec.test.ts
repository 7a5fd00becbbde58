import { describe, expect, it } from 'vitest';
import { params, run } from './helpers.ts';

// The language over JSON-like data: fields, variables, control flow, templates.
const language: Array<[string, string]> = [
  // Text, fields, map keys.
  ['hello {{.name}}!', 'hello world!'],
  ['{{.nested.a.b}}', 'deep'],
  ['{{.m.two}}', '2'],
  ['{{.}}', 'x'],
  ['{{.missing}}', '<no value>'],
  ['{{.nested.missing.deeper}}', '<no value>'],
  ['{{.nil}}', '<no value>'],
  ['{{print .nil}}', '<nil>'],
  ['{{print .missing}}', '<nil>'],
  ['{{.m}}', 'map[one:1 three:3 two:2]'],
  ['{{.list}}', '[a b c]'],
  ['{{.withNil}}', '[<nil> x]'],
  ['{{.emptyMap}} {{.none}}', 'map[] []'],
  ['{{.f}} {{.whole}} {{.neg}} {{.yes}}', '1.5 3 -1 true'],
  ['{{(.nested).a.b}}', 'deep'],
  ['{{(.).name}}', 'world'],
  ['{{$.name}}', 'world'],
  ['{{$}}', 'map[a:b]'],
  // Constants.
  [
    '{{1}} {{-2}} {{1.0}} {{1.5}} {{1e3}} {{1e6}} {{0x10}} {{0o17}} {{0b101}} {{017}}',
    '1 -2 1 1.5 1000 1e+06 16 15 5 15',
  ],
  ["{{'a'}} {{'\\n'}} {{'世'}}", '97 10 19990'],
  ['{{"quoted\\tstring"}} {{`raw\\n`}}', 'quoted\tstring raw\\n'],
  ['{{print 12_34 0x1_23 0_0_1_2_3.4}}', '1234 291 123.4'],
  ['{{print +0x1.ep+2}}', '7.5'],
  ['{{true}} {{false}}', 'true false'],
  ['{{printf "%T %T %T %T %T" 1 1.0 "s" true 0xef}}', 'int float64 string bool int'],
  // Pipelines and parentheses.
  ['{{.name | printf "%s!"}}', 'world!'],
  ['{{"a" | printf "%s%s" "b"}}', 'ba'],
  ['{{printf "%d %d %d" (1) (len "ab") (len (print "abc"))}}', '1 2 3'],
  ['{{(1)}}', '1'],
  ['{{(printf "%s" "x") | printf "%s%s" "y"}}', 'yx'],
  // Variables.
  ['{{$x := 1}}{{$x}}', '1'],
  ['{{$x := 1}}{{$x = 2}}{{$x}}', '2'],
  ['{{$x := .name}}{{with .n}}{{$x}}{{end}}', 'world'],
  ['{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}', '2'],
  ['{{$x := 1}}{{if true}}{{$x := 2}}{{$x}}{{end}}{{$x}}', '21'],
  ['{{if $x := true}}{{with $y := .n}}{{$x}},{{$y}}{{end}}{{end}}', 'true,3'],
  ['{{if $x := true}}{{with $x := .n}}{{$x}},{{end}}{{$x}}{{end}}', '3,true'],
  ['{{with $x := $}}{{$x.name}}{{end}}', 'world'],
  ['{{$x := .nested}}{{$x.a.b}}', 'deep'],
  ['{{$i := 0}}{{range $i = .nums}}{{end}}{{$i}}', '5'],
  ['{{$k := 0}}{{$v := 0}}{{range $k, $v = .nums}}{{$k}}={{$v}} {{end}}', '0=3 1=4 2=5 '],
  ['{{range $x := .nums}}<{{$foo := $x}}{{$x}}>{{end}}', '<3><4><5>'],
  // if / else if / else, truthiness.
  ['{{if true}}T{{end}}', 'T'],
  ['{{if false}}T{{else}}F{{end}}', 'F'],
  ['{{if 1}}NZ{{else}}Z{{end}} {{if 0}}NZ{{else}}Z{{end}}', 'NZ Z'],
  ['{{if 1.5}}NZ{{else}}Z{{end}} {{if .zero}}NZ{{else}}Z{{end}}', 'NZ Z'],
  ['{{if ""}}E{{else}}empty{{end}} {{if "x"}}full{{end}}', 'empty full'],
  ['{{if .none}}N{{else}}empty{{end}} {{if .list}}full{{end}}', 'empty full'],
  ['{{if .emptyMap}}N{{else}}empty{{end}} {{if .m}}full{{end}}', 'empty full'],
  ['{{if .nil}}N{{else}}nil{{end}} {{if .missing}}N{{else}}missing{{end}}', 'nil missing'],
  ['{{if false}}1{{else if true}}2{{end}}', '2'],
  ['{{if eq 1 3}}1{{else if eq 2 3}}2{{else if eq 3 3}}3{{end}}', '3'],
  ['{{if and .yes .n}}both{{end}} {{if or .no .zero}}x{{else}}neither{{end}}', 'both neither'],
  // with / else with.
  ['{{with .nested.a}}{{.b}}{{end}}', 'deep'],
  ['{{with .missing}}x{{else}}none{{end}}', 'none'],
  ['{{with 0}}{{.}}{{else with true}}{{.}}{{end}}', 'true'],
  ['{{with 0}}a{{else with false}}b{{else with "c"}}{{.}}{{end}}', 'c'],
  ['{{with .name}}{{.}}{{$.n}}{{end}}', 'world3'],
  // range over lists, maps (sorted), integers; break and continue.
  ['{{range .nums}}-{{.}}-{{end}}', '-3--4--5-'],
  ['{{range .none}}-{{.}}-{{else}}EMPTY{{end}}', 'EMPTY'],
  ['{{range .missing}}x{{else}}EMPTY{{end}}', 'EMPTY'],
  ['{{range .nil}}x{{else}}EMPTY{{end}}', 'EMPTY'],
  ['{{range $i, $e := .list}}{{$i}}={{$e}};{{end}}', '0=a;1=b;2=c;'],
  ['{{range $e := .list}}{{$e}}{{end}}', 'abc'],
  ['{{range .m}}{{.}}{{end}}', '132'],
  ['{{range $k, $v := .m}}{{$k}}={{$v}} {{end}}', 'one=1 three=3 two=2 '],
  ['{{range .emptyMap}}x{{else}}EMPTY{{end}}', 'EMPTY'],
  ['{{range 3}}{{.}}{{end}}', '012'],
  ['{{range $v := 3}}{{printf "%T%d" $v $v}}{{end}}', 'int0int1int2'],
  ['{{range 0}}x{{else}}none{{end}}', 'none'],
  ['{{range .nums}}-{{.}}-{{break}}NOT{{else}}EMPTY{{end}}', '-3-'],
  ['{{range .nums}}-{{.}}-{{continue}}NOT{{end}}', '-3--4--5-'],
  ['{{range .nums}}{{if eq . 4}}{{continue}}{{end}}{{.}}{{end}}', '35'],
  ['{{range .nums}}{{if eq . 4}}{{break}}{{end}}{{.}}{{end}}', '3'],
  ['{{range .list}}{{range $.nums}}{{.}}{{break}}{{end}}{{.}}{{end}}', '3a3b3c'],
  ['{{range .withNil}}[{{.}}]{{end}}', '[<no value>][x]'],
  ['{{range $i, $e := .withNil}}[{{$e}}]{{end}}', '[<no value>][x]'],
  ['{{range $i, $e := .withNil}}[{{print $e}}]{{end}}', '[<nil>][x]'],
  ['{{range .list}}{{$.name}}{{end}}', 'worldworldworld'],
  ['{{range .list | len}}{{.}}{{end}}', '012'],
  // define, template, block.
  ['{{define "T1"}}ONE{{end}}{{template "T1"}}', 'ONE'],
  ['{{define "T"}}[{{.}}]{{end}}{{template "T" .n}}', '[3]'],
  ['{{template "T" .name}}{{define "T"}}<{{.}}>{{end}}', '<world>'],
  ['{{define "T"}}{{$}}{{end}}{{$x := 1}}{{template "T" "dot"}}', 'dot'],
  ['{{define "T"}}{{.}}{{end}}{{template "T"}}', '<no value>'],
  ['a({{block "inner" .name}}bar({{.}})baz{{end}})b', 'a(bar(world)baz)b'],
  [
    '{{define "list"}}{{range .}}<{{template "item" .}}>{{end}}{{end}}{{define "item"}}{{.}}{{end}}{{template "list" .nums}}',
    '<3><4><5>',
  ],
  ['{{define "a"}}{{end}}   ', '   '],
  // Comments and trim markers around actions.
  ['a {{- /* gone */ -}} b', 'ab'],
  ['{{- .name -}}  \n', 'world'],
  ['  {{- if .yes }}\n  yes\n{{- end }}\n', '\n  yes\n'],
];

describe('language', () => {
  it.each(language)('%j', (text, out) => {
    const data = text === '{{.}}' ? 'x' : text === '{{$}}' ? { a: 'b' } : params;
    expect(run(text, data)).toBe(out);
  });
});

// missingkey: default prints "<no value>", zero gives the zero of interface{} (also
// printed "<no value>" for map[string]interface{} data), error stops with Go's message.
const missing: Array<[string, 'default' | 'zero' | 'error', string]> = [
  ['{{.n}} {{.y}}', 'default', '3 <no value>'],
  ['{{.n}} {{.y}}', 'zero', '3 <no value>'],
  [
    '{{.n}} {{.y}}',
    'error',
    'ERR: template: t:1:9: executing "t" at <.y>: map has no entry for key "y"',
  ],
  [
    '{{.nested.a.x}}',
    'error',
    'ERR: template: t:1:9: executing "t" at <.nested.a.x>: map has no entry for key "x"',
  ],
  ['{{.y.z}}', 'default', '<no value>'],
  [
    '{{.y.z}}',
    'zero',
    'ERR: template: t:1:4: executing "t" at <.y.z>: nil pointer evaluating interface {}.z',
  ],
  ['{{printf "%v" .y}}', 'zero', '<nil>'],
  [
    '{{if .y}}set{{else}}unset{{end}}',
    'error',
    'ERR: template: t:1:5: executing "t" at <.y>: map has no entry for key "y"',
  ],
  ['{{index .m "nope"}}', 'error', '<no value>'],
  ['{{.y | default "d"}}', 'zero', 'd'],
];

describe('missingkey', () => {
  it.each(missing)('%j with %s', (text, mode, out) => {
    expect(run(text, params, { missingKey: mode })).toBe(out);
  });

  it('reports nil data when there is no map at all', () => {
    expect(run('{{.x}}', null, { missingKey: 'error' })).toBe(
      'ERR: template: t:1:2: executing "t" at <.x>: nil data; no entry for key "x"',
    );
  });
});
