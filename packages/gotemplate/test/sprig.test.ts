import { describe, expect, it } from 'vitest';
import { params, run } from './helpers.ts';

const sprig = (text: string, data: unknown = params) => run(text, data, { funcs: 'sprig' });

// Sprig v3's string functions, with the examples its documentation gives.
const strings: Array<[string, string]> = [
  ['{{trim "   hello    "}}', 'hello'],
  ['{{trimAll "$" "$5.00$"}}', '5.00'],
  ['{{trimSuffix "-" "hello-"}} {{trimPrefix "-" "-hello"}}', 'hello hello'],
  ['{{upper "hello"}} {{lower "HELLO"}}', 'HELLO hello'],
  ['{{title "hello world"}} {{untitle "Hello World"}}', 'Hello World hello world'],
  ['{{repeat 3 "hello"}}', 'hellohellohello'],
  ['{{"ab" | repeat 2}}', 'abab'],
  ['{{substr 0 5 "hello world"}} {{substr 6 -1 "hello world"}}', 'hello world'],
  ['{{nospace "hello w o r l d"}}', 'helloworld'],
  ['{{trunc 5 "hello world"}} {{trunc -5 "hello world"}} {{trunc 50 "hi"}}', 'hello world hi'],
  ['{{abbrev 5 "hello world"}} {{abbrev 20 "hello world"}}', 'he... hello world'],
  ['{{abbrevboth 5 10 "1234 5678 9123"}}', '...5678...'],
  ['{{initials "First Try"}}', 'FT'],
  ['{{wrap 5 "Hello World"}}', 'Hello\nWorld'],
  ['{{wrapWith 5 "\\t" "Hello World"}}', 'Hello\tWorld'],
  [
    '{{contains "cat" "catch"}} {{hasPrefix "cat" "catch"}} {{hasSuffix "cat" "catch"}}',
    'true true false',
  ],
  ['{{quote "hello"}} {{squote "hello"}}', '"hello" \'hello\''],
  ['{{quote "a\\"b" 1 nil}}', '"a\\"b" "1"'],
  ['{{cat "hello" "beautiful" "world"}} {{cat "a" nil 1}}', 'hello beautiful world a 1'],
  ['{{indent 4 "a\\nb"}}', '    a\n    b'],
  ['{{nindent 2 "a"}}', '\n  a'],
  ['{{replace " " "-" "I Am Henry VIII"}}', 'I-Am-Henry-VIII'],
  [
    '{{plural "one anchovy" "many anchovies" 1}} {{plural "one anchovy" "many anchovies" 2}}',
    'one anchovy many anchovies',
  ],
  [
    '{{snakecase "FirstName"}} {{kebabcase "FirstName"}} {{camelcase "http_server"}}',
    'first_name first-name HttpServer',
  ],
  ['{{swapcase "This Is A.Test"}}', 'tHIS iS a.tEST'],
  ['{{toString 12}} {{toString .f}} {{toString nil}}', '12 1.5 <nil>'],
  ['{{splitList "$" "foo$bar$baz"}}', '[foo bar baz]'],
  ['{{split "$" "foo$bar$baz"}}', 'map[_0:foo _1:bar _2:baz]'],
  ['{{(split "/" "a/b")._1}}', 'b'],
  ['{{splitn "$" 2 "foo$bar$baz"}}', 'map[_0:foo _1:bar$baz]'],
  ['{{join "," (list 1 2 3)}} {{join "-" .list}}', '1,2,3 a-b-c'],
  ['{{sortAlpha (list "c" "a" "b")}}', '[a b c]'],
  ['{{toStrings (list 1 "a" nil 2.5)}}', '[1 a 2.5]'],
  ['{{printf "%T" (splitList "," "a,b")}}', '[]string'],
  ['{{hello}}', 'Hello!'],
];

// Numbers: integer functions return int64, *f functions decimal-exact float64.
const numbers: Array<[string, string]> = [
  ['{{add 1 2 3}} {{add1 1}} {{sub 3 2}} {{div 7 2}} {{mod 7 3}} {{mul 2 3 4}}', '6 2 1 3 1 24'],
  ['{{add 1 2 | printf "%T"}}', 'int64'],
  ['{{add "3" 1.9 true}}', '5'],
  ['{{div -7 2}} {{mod -7 2}}', '-3 -1'],
  ['{{max 1 5 3}} {{min 4 2 8}} {{biggest 1 9}}', '5 2 9'],
  ['{{addf 1.1 2.2}} {{add1f 1.5}} {{subf 7.5 2 3}}', '3.3 2.5 2.5'],
  ['{{divf 10 4}} {{mulf 1.5 2 2}} {{divf 1 3}}', '2.5 6 0.3333333333333333'],
  ['{{maxf 1 2.5 3}} {{minf 1.5 2 3}}', '3 1.5'],
  [
    '{{floor 123.9999}} {{ceil 123.001}} {{round 123.555555 3}} {{round 123.5 0}}',
    '123 124 123.556 124',
  ],
  ['{{ceil 1.5 | printf "%T"}}', 'float64'],
  ['{{int "42"}} {{int 3.9}} {{int "0x1F"}} {{int "abc"}} {{int64 "12"}}', '42 3 31 0 12'],
  ['{{float64 "1.5"}} {{float64 2}} {{atoi "12"}} {{atoi "x"}}', '1.5 2 12 0'],
  ['{{toDecimal "0777"}} {{toDecimal "9"}}', '511 0'],
  ['{{until 5}} {{untilStep 3 6 2}} {{until -3}}', '[0 1 2 3 4] [3 5] [0 -1 -2]'],
  [
    '{{seq 5}}|{{seq -3}}|{{seq 0 2}}|{{seq 2 -2}}|{{seq 0 2 10}}|{{seq 0 -2 -5}}',
    '1 2 3 4 5|1 0 -1 -2 -3|0 1 2|2 1 0 -1 -2|0 2 4 6 8 10|0 -2 -4',
  ],
  ['{{range until 3}}{{.}}{{end}}', '012'],
];

// Defaults, flow, JSON and reflection.
const defaults: Array<[string, string]> = [
  [
    '{{default "foo" .missing}} {{default "foo" ""}} {{default "foo" "bar"}} {{default 42 0}}',
    'foo foo bar 42',
  ],
  ['{{.missing | default "piped"}} {{.name | default "x"}}', 'piped world'],
  [
    '{{empty ""}} {{empty 0}} {{empty .list}} {{empty .none}} {{empty .missing}} {{empty false}}',
    'true true false true true true',
  ],
  ['{{coalesce 0 "" "first" "second"}} {{coalesce 0 ""}}', 'first <no value>'],
  ['{{all 1 "a" true}} {{all 1 ""}} {{any 0 "" "x"}} {{any 0 ""}}', 'true false true false'],
  [
    '{{ternary "foo" "bar" true}} {{ternary "foo" "bar" false}} {{true | ternary "y" "n"}}',
    'foo bar y',
  ],
  [
    '{{toJson .m}} {{toJson .list}} {{toJson "<a&b>"}}',
    '{"one":1,"three":3,"two":2} ["a","b","c"] "\\u003ca\\u0026b\\u003e"',
  ],
  ['{{toRawJson "<a&b>"}} {{toJson .nil}} {{toJson .whole}}', '"<a&b>" null 3'],
  ['{{toPrettyJson (dict "a" (list 1 2))}}', '{\n  "a": [\n    1,\n    2\n  ]\n}'],
  ['{{(fromJson "{\\"a\\": 1}").a}} {{(fromJson "{\\"a\\": 1}").a | printf "%T"}}', '1 float64'],
  ['{{fromJson "not json"}}', '<no value>'],
  [
    '{{typeOf 1}} {{typeOf "a"}} {{typeOf .list}} {{typeOf .m}} {{typeOf .f}} {{typeOf nil}}',
    'int string []interface {} map[string]interface {} float64 <nil>',
  ],
  [
    '{{kindOf 1}} {{kindOf .list}} {{kindOf .m}} {{kindOf "s"}} {{kindOf nil}}',
    'int slice map string invalid',
  ],
  [
    '{{typeIs "int" 1}} {{typeIsLike "int" 1}} {{kindIs "slice" .list}} {{kindIs "map" .list}}',
    'true true true false',
  ],
  [
    '{{deepEqual (list 1 2) (list 1 2)}} {{deepEqual (dict "a" 1) (dict "a" 2)}} {{deepEqual 1 1.0}}',
    'true false false',
  ],
];

// Lists and dicts.
const collections: Array<[string, string]> = [
  ['{{list 1 "a" 2.5}} {{tuple 1 2}}', '[1 a 2.5] [1 2]'],
  ['{{first .list}} {{last .list}} {{rest .list}} {{initial .list}}', 'a c [b c] [a b]'],
  ['{{first .none}} {{rest .none}}', '<no value> <no value>'],
  ['{{append .list "d"}} {{prepend .list "z"}} {{.list}}', '[a b c d] [z a b c] [a b c]'],
  ['{{concat (list 1 2) (list 3) .list}}', '[1 2 3 a b c]'],
  ['{{reverse .list}} {{uniq (list 1 1 2 1 3)}}', '[c b a] [1 2 3]'],
  ['{{without (list 1 2 3 2) 2}} {{without (list 1 2 3) 1 3}}', '[1 3] [2]'],
  ['{{has 4 (list 1 2 3 4)}} {{has "z" .list}} {{has 1 nil}}', 'true false false'],
  ['{{compact (list 1 "a" "foo" "" 0 nil)}}', '[1 a foo]'],
  ['{{slice (list 1 2 3 4 5) 1 3}} {{slice .list 1}} {{slice .list}}', '[2 3] [b c] [a b c]'],
  ['{{chunk 3 (list 1 2 3 4 5 6 7 8)}}', '[[1 2 3] [4 5 6] [7 8]]'],
  ['{{dict "a" 1 "b" "two"}} {{dict "odd"}}', 'map[a:1 b:two] map[odd:]'],
  ['{{get .m "one"}} {{get .m "nope"}}|', '1 |'],
  ['{{$d := dict "a" 1}}{{$_ := set $d "b" 2}}{{$d}} {{unset $d "a"}}', 'map[a:1 b:2] map[b:2]'],
  ['{{hasKey .m "one"}} {{hasKey .m "nope"}}', 'true false'],
  ['{{pluck "a" (dict "a" 1) (dict "b" 2) (dict "a" 3)}}', '[1 3]'],
  ['{{keys .m}} {{keys (dict "b" 1) (dict "a" 2)}}', '[one three two] [b a]'],
  ['{{values .m}}', '[1 3 2]'],
  ['{{pick .m "one" "two"}} {{omit .m "one" "two"}}', 'map[one:1 two:2] map[three:3]'],
  ['{{dig "a" "b" "none" .nested}} {{dig "a" "x" "none" .nested}}', 'deep none'],
  [
    '{{merge (dict "a" 1 "b" (dict "x" 1)) (dict "a" 2 "c" 3 "b" (dict "y" 2))}}',
    'map[a:1 b:map[x:1 y:2] c:3]',
  ],
  [
    '{{mergeOverwrite (dict "a" 1 "b" (dict "x" 1)) (dict "a" 2 "b" (dict "x" 5 "y" 2))}}',
    'map[a:2 b:map[x:5 y:2]]',
  ],
  ['{{merge (dict "a" "") (dict "a" "filled")}}', 'map[a:filled]'],
  [
    '{{$c := deepCopy .nested}}{{$_ := set $c "a" "changed"}}{{$c.a}} {{.nested.a.b}}',
    'changed deep',
  ],
];

// Encodings, hashes, paths, URLs, regular expressions, semver.
const encodings: Array<[string, string]> = [
  ['{{b64enc "hello"}} {{b64dec "aGVsbG8="}}', 'aGVsbG8= hello'],
  ['{{b64dec "not base64!"}}', 'illegal base64 data at input byte 3'],
  ['{{b32enc "hello"}} {{b32dec "NBSWY3DP"}}', 'NBSWY3DP hello'],
  ['{{sha1sum "hello"}}', 'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d'],
  ['{{sha256sum "hello"}}', '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824'],
  ['{{adler32sum "hello"}}', '103547413'],
  [
    '{{base "foo/bar/baz"}} {{dir "foo/bar/baz"}} {{ext "foo.bar"}} {{isAbs "/foo"}}',
    'baz foo/bar .bar true',
  ],
  [
    '{{clean "foo/bar/../baz/./"}} {{clean ""}} {{base ""}} {{dir "file"}} {{base "/"}}',
    'foo/baz . . . /',
  ],
  ['{{osBase "a/b.txt"}} {{osExt "a/b.tar.gz"}} {{osDir "/a/b"}}', 'b.txt .gz /a'],
  [
    '{{$u := urlParse "https://user:pw@host:8080/p/a?q=1#frag"}}{{$u.scheme}} {{$u.host}} {{$u.hostname}} {{$u.path}} {{$u.query}} {{$u.fragment}} {{$u.userinfo}}',
    'https host:8080 host /p/a q=1 frag user:pw',
  ],
  [
    '{{urlJoin (dict "scheme" "https" "host" "example.com" "path" "/a" "query" "x=1")}}',
    'https://example.com/a?x=1',
  ],
  [
    '{{regexMatch "^[a-z]+@[a-z]+\\\\.com$" "test@acme.com"}} {{regexMatch "^x" "abc"}}',
    'true false',
  ],
  [
    '{{regexFindAll "[2,4,6,8]" "123456789" -1}} {{regexFindAll "[2,4,6,8]" "123456789" 2}}',
    '[2 4 6 8] [2 4]',
  ],
  ['{{regexFind "[a-zA-Z][1-9]" "abcd1234"}}|{{regexFind "z" "abc"}}|', 'd1||'],
  [
    '{{regexReplaceAll "a(x*)b" "-ab-axxb-" "\u0024{1}W"}} {{regexReplaceAll "a(x*)b" "-ab-axxb-" "$1W"}}',
    '-W-xxW- ---',
  ],
  [
    '{{regexReplaceAll "(?P<first>\\\\w+) (?P<last>\\\\w+)" "John Smith" "\u0024{last}, \u0024{first}"}}',
    'Smith, John',
  ],
  ['{{regexReplaceAllLiteral "a(x*)b" "-ab-axxb-" "\u0024{1}"}}', '-\u0024{1}-\u0024{1}-'],
  [
    '{{regexSplit "z+" "pizza" -1}} {{regexSplit "z+" "pizza" 1}} {{regexSplit "," "a,b,c" 2}}',
    '[pi a] [pizza] [a b,c]',
  ],
  ['{{regexQuoteMeta "1.2.3+[x]"}}', '1\\.2\\.3\\+\\[x\\]'],
  ['{{regexMatch "(?i)^HELLO$" "hello"}}', 'true'],
  [
    '{{semverCompare "^1.2.0" "1.2.3"}} {{semverCompare "~1.2.0" "1.3.0"}} {{semverCompare ">= 1.2, < 2.0" "1.5.0"}}',
    'true false true',
  ],
  [
    '{{semverCompare ">=1.0.0" "v1.2"}} {{semverCompare "1.2.x" "1.2.9"}} {{semverCompare "<1.0.0 || >=3.0.0" "3.1.0"}}',
    'true true true',
  ],
  [
    '{{$v := semver "1.2.3-alpha+b5"}}{{$v.Major}}.{{$v.Minor}}.{{$v.Patch}} {{$v.Prerelease}} {{$v.Metadata}} {{$v}}',
    '1.2.3 alpha b5 1.2.3-alpha+b5',
  ],
];

const sprigTables = { strings, numbers, defaults, collections, encodings };

for (const [name, table] of Object.entries(sprigTables)) {
  describe(`sprig ${name}`, () => {
    it.each(table)('%j', (text, out) => {
      expect(sprig(text)).toBe(out);
    });
  });
}

// Failures come back as "error calling NAME: …", the way Go reports a panicking function.
const sprigErrors: Array<[string, string]> = [
  ['{{first "abc"}}', 'at <first "abc">: error calling first: Cannot find first on type string'],
  ['{{append 1 2}}', 'at <append 1 2>: error calling append: Cannot push on type int'],
  [
    '{{slice "abc" 1}}',
    'at <slice "abc" 1>: error calling slice: list should be type of slice or array but string',
  ],
  [
    '{{concat (list 1) 2}}',
    'at <concat (list 1) 2>: error calling concat: Cannot concat type int as list',
  ],
  ['{{div 1 0}}', 'at <div 1 0>: error calling div: runtime error: integer divide by zero'],
  ['{{fail "stop here"}}', 'at <fail "stop here">: error calling fail: stop here'],
  [
    '{{mustRegexMatch "(" "x"}}',
    'at <mustRegexMatch "(" "x">: error calling mustRegexMatch: error parsing regexp: ',
  ],
  ['{{semver "nope"}}', 'at <semver "nope">: error calling semver: Invalid Semantic Version'],
  [
    '{{semverCompare ">=1.0" "x.y"}}',
    'at <semverCompare ">=1.0" "x.y">: error calling semverCompare: Invalid Semantic Version',
  ],
  ['{{mustFromJson "{"}}', 'at <mustFromJson "{">: error calling mustFromJson: '],
  ['{{dig "a" .m}}', 'at <dig "a" .m>: error calling dig: dig needs at least three arguments'],
  ['{{repeat -1 "x"}}', 'at <repeat -1 "x">: error calling repeat: strings: negative Repeat count'],
];

describe('sprig errors', () => {
  it.each(sprigErrors)('%j', (text, message) => {
    expect(sprig(text)).toContain(`ERR: template: t:1:2: executing "t" ${message}`);
  });
});
