import { describe, expect, it } from 'vitest';
import { run } from './helpers.ts';

// Parse errors are "template: NAME:LINE: message", with Go's wording.
const parseErrors: Array<[string, string]> = [
  ['{{', 'template: t:1: unclosed action'],
  ['line1\n{{', 'template: t:2: unclosed action'],
  ['{{\n\n\n\n\n', 'template: t:6: unclosed action started at t:1'],
  ['line1\n{{"x"\n"y"\n', 'template: t:4: unclosed action started at t:2'],
  ['hello{{range', 'template: t:1: unclosed action'],
  ['{{.x', 'template: t:1: unclosed action'],
  ['{{end}}', 'template: t:1: unexpected {{end}}'],
  ['{{else}}', 'template: t:1: unexpected {{else}}'],
  ['{{if .X}}hello{{end}}{{else}}', 'template: t:1: unexpected {{else}}'],
  ['{{if .X}}1{{else}}2{{else}}3{{end}}', 'template: t:1: expected end; found {{else}}'],
  ['hello{{range .x}}', 'template: t:1: unexpected EOF'],
  ['{{if .x}}\nabc\n', 'template: t:3: unexpected EOF'],
  ['hello{{range .x}}{{else}}', 'template: t:1: unexpected EOF'],
  ['hello{{undefined}}', 'template: t:1: function "undefined" not defined'],
  ['{{nosuch 1}}', 'template: t:1: function "nosuch" not defined'],
  ['{{$x}}', 'template: t:1: undefined variable "$x"'],
  ['{{with $x := 4}}{{end}}{{$x}}', 'template: t:1: undefined variable "$x"'],
  ['{{template .X}}', 'template: t:1: unexpected ".X" in template clause'],
  ['{{template $v}}', 'template: t:1: unexpected "$v" in template clause'],
  ['{{printf 3, 4}}', 'template: t:1: unexpected "," in operand'],
  ['{{with $v, $u := 3}}{{end}}', 'template: t:1: too many declarations in with'],
  ['{{range $u, $v, $w := 3}}{{end}}', 'template: t:1: too many declarations in range'],
  ['{{$a,$b,$c := 23}}', 'template: t:1: too many declarations in command'],
  ['{{printf 3`x`}}', 'template: t:1: unexpected "`x`" in operand'],
  ['{{if .X}}a{{else if .Y}}b{{end}}{{end}}', 'template: t:1: unexpected {{end}}'],
  ['{{range .}}{{end}} {{break}}', 'template: t:1: {{break}} outside {{range}}'],
  ['{{range .}}{{end}} {{continue}}', 'template: t:1: {{continue}} outside {{range}}'],
  ['{{range .}}{{else}}{{break}}{{end}}', 'template: t:1: {{break}} outside {{range}}'],
  ['{{range .}}{{break 1}}{{end}}', 'template: t:1: unexpected "1" in {{break}}'],
  ['{{$x := 0}}{{$x += 1}}', 'template: t:1: illegal number syntax: "+"'],
  ['{{$x:=.}}{{$x+2}}', "template: t:1: bad character U+002B '+'"],
  ['{{a#}}', "template: t:1: bad character U+0023 '#'"],
  ['{{.x#}}', "template: t:1: bad character U+0023 '#'"],
  ['{{1.E}}', 'template: t:1: illegal number syntax: "1.E"'],
  ['{{3x}}', 'template: t:1: bad number syntax: "3x"'],
  ['{{true.E}}', 'template: t:1: unexpected . after term "true"'],
  ['{{"hello".guys}}', 'template: t:1: unexpected . after term "\\"hello\\""'],
  ['{{nil.E}}', 'template: t:1: unexpected . after term "nil"'],
  ['{{12|.}}', 'template: t:1: non executable command in pipeline stage 2'],
  ['{{.|printf|"error"}}', 'template: t:1: non executable command in pipeline stage 3'],
  ['{{printf "%d" ( ) }}', 'template: t:1: missing value for parenthesized pipeline'],
  ['{{}}', 'template: t:1: missing value for command'],
  ['{{\n}}', 'template: t:2: missing value for command'],
  ['{{block "foo"}}hello{{end}}', 'template: t:1: missing value for block clause'],
  ['{{.X (1 2 3}}', 'template: t:1: unclosed left paren'],
  ['{{.X 1 2 3 ) }}', 'template: t:1: unexpected right paren'],
  ['{{(.X 1 2 3', 'template: t:1: unclosed action'],
  ["{{'a}}", 'template: t:1: unterminated character constant'],
  ['{{"a}}', 'template: t:1: unterminated quoted string'],
  ['{{`a}}', 'template: t:1: unterminated raw quoted string'],
  ['hello\n\n{{`unterminated\n\n\n\n}}\n', 'template: t:3: unterminated raw quoted string'],
  ['{{0xi}}', 'template: t:1: illegal number syntax: "0xi"'],
  ['{{99999999999999999999}}', 'template: t:1: integer overflow: "99999999999999999999"'],
  ['{{"\\q"}}', 'template: t:1: invalid syntax'],
  [
    '{{define `a`}}a{{end}}{{define `a`}}b{{end}}',
    'template: t:1: template: multiple definition of template "a"',
  ],
  ['{{define "x"}}', 'template: t:1: unexpected EOF'],
  ['{{define x}}{{end}}', 'template: t:1: unexpected "x" in define clause'],
  ['{{/*}}', 'template: t:1: unclosed comment'],
  ['{{/* c */ x}}', 'template: t:1: comment ends before closing delimiter'],
  ['{{range $k,}}{{end}}', 'template: t:1: missing value for range'],
  ['{{range $k, .}}{{end}}', 'template: t:1: range can only initialize variables'],
  ['{{$x := 23}}{{with $x.y := 3}}{{end}}', 'template: t:1: unexpected ":=" in operand'],
  ['{{ "x" | 3 }}', 'template: t:1: non executable command in pipeline stage 2'],
  ['{{€}}', "template: t:1: unrecognized character in action: U+20AC '€'"],
];

describe('parse errors', () => {
  it.each(parseErrors)('%j', (text, message) => {
    expect(run(text)).toBe(`ERR: ${message}`);
  });
});

// Text that parses, and what it renders (trim markers, comments, newlines in actions).
const parses: Array<[string, string]> = [
  ['', ''],
  ['some text', 'some text'],
  ['{{/*\n\n\n*/}}', ''],
  ['x \r\n\t{{- 3}}', 'x3'],
  ['{{3 -}}\n\n\ty', '3y'],
  ['x \r\n\t{{- 3 -}}\n\n\ty', 'x3y'],
  ['x\n{{-  3   -}}\ny', 'x3y'],
  ['x \r\n\t{{- /* hi */}}', 'x'],
  ['{{/* hi */ -}}\n\n\ty', 'y'],
  ['x \r\n\t{{- /* */ -}}\n\n\ty', 'xy'],
  ['{{-3}}', '-3'],
  ['{{- -3 -}}', '-3'],
  ['{{ $x \n := \n 1 \n }}{{$x}}', '1'],
  ['{{\n"x"\n|\nprintf\n}}', 'x'],
  ['{{-\n/*\nhello\n*/\n-}}', ''],
  ['{{range .nums}}{{.}}{{ continue }}{{end}}', '345'],
  ['{{$x:=.n}}{{$x}}', '3'],
];

describe('parses', () => {
  it.each(parses)('%j', (text, out) => {
    expect(run(text, { n: 3, nums: [3, 4, 5] })).toBe(out);
  });
});
