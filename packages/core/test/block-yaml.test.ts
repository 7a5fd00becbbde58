import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { readBlockYaml } from '../src/block-yaml.ts';
import { parseCarefully } from '../src/document.ts';
import { parseFast } from '../src/fast-yaml.ts';

/**
 * The block reader's answer must be the careful reader's, and so must the fast path's,
 * positions included, where it does not leave the text to the careful reader itself
 * (aliases and Go templates).
 */
function expectSameAsCareful(text: string): void {
  const careful = parseCarefully(text, 'yaml');
  const values = readBlockYaml(text)?.map((document) => document.value ?? undefined);
  expect(values, JSON.stringify(text)).toEqual(careful.documents.map((d) => d.value));
  const fast = parseFast(text, 'yaml');
  if (fast) expect(fast, JSON.stringify(text)).toEqual(careful);
}

const accepted = {
  'nested mappings': 'a:\n  b:\n    c: 1\n  d: x\ne: true\n',
  'a sequence indented under its key': 'a:\n  - x\n  - y\nb: 2\n',
  'a sequence at its key’s column': 'a:\n- x\n- y\nb: 2\n',
  'mappings in a sequence': 'env:\n- name: A\n  value: "1"\n-   name: B\n    value: two\n',
  'a nested sequence in a sequence entry': 'rules:\n  - verbs:\n    - get\n    - list\n  - x: 1\n',
  'a mapping under a bare dash': '-\n  a: 1\n- b\n',
  'empty values and empty entries': 'a:\nb: ~\nc:\n  -\n  - null\n',
  'comments everywhere': '# top\na: 1 # one\n  # indented comment\nb: # two\n  c: x#y\n',
  'trailing spaces': 'a: 1   \nb:    \n  c: d  \n',
  'quoted keys and values':
    'a: "x: y"\n\'b c\': \'it\'\'s\'\n"d": "tab\\tnew\\nline \\"q\\" \\u00e9"\n',
  'scalars that resolve': 'a: yes\nb: 0777\nc: 1.5\nd: -7\ne: "7"\nf: .inf\ng: 1_000\nh: v1.2\n',
  'plain scalars with indicators inside': 'a: http://x:80/y\nb: --flag=x\nc: a-b?c:d\nd: x#1\n',
  'empty flow collections': 'a: {}\nb: []\nc: [ ]\n',
  'one-line flow sequences': 'verbs: ["get", list, \'watch\', 1, true]\nempty: [""]\n',
  'one-line flow mappings, nested':
    'labels: {app.kubernetes.io/name: web, "tier": \'front\'}\nports: [{containerPort: 8080, name: http}, {}]\nx: {a: [1, {b: c}], image: nginx:1.2, url: http://x:80/y} # c\n',
  'literal block scalars': 'a: |\n  one\n   two\n\n  three\nb: |-\n  x\nc: |+\n  y\n\nd: 1\n',
  'a literal with leading blank lines': 'a: |\n\n\n  x\n  y\n',
  'a literal in a sequence': '- |\n  text\n- after\n',
  'a literal ending the file': 'a:\n  b: |\n    last\n',
  'multi-line plain scalars': 'a: one\n  two\n\n  three\nb: x\nc:\n- d: four\n    five\n',
  'indicators inside a multi-line plain scalar': 'a: one\n  - two\n  [three] &x *y\n  !z\n',
  'multi-line quoted scalars':
    'a: "one\n  two  \n\n   three"\nb: \'it\'\'s\n  long\'\nc: "x \\\n  y"\nd: "\n  e\\n\n  f" # c\n',
  'documents and markers': '# head\n---\na: 1\n--- # c\n---   \n---\n\n  b: 2\n',
  'a document with only a sequence': '- a\n- b: 1\n',
  'keys that look like other things': 'x-y: 1\n2x: 2\nv1.0: 3\nk/e.y: 4\n',
  'unicode text': 'name: café ☕\nnote: "日本"\n',
  // Known texts are found by length, first and last character: these share their slots.
  'keys and values that share a slot':
    'name: node\nnode: name\nnaXe: nYne\nlist:\n- name\n- nope\n',
};

const declined = {
  'a folded block scalar': 'a: >\n  x\n  y\n',
  'an indentation indicator': 'a: |2\n    x\n',
  'a tab': 'a:\t1\n',
  'CRLF line ends': 'a: 1\r\nb: 2\r\n',
  'no final newline': 'a: 1',
  'an anchor': 'a: &x 1\n',
  'a tag': 'a: !!str 1\n',
  'a flow pair without a space': 'a: {"b":1}\n',
  'a flow key without a value': 'a: {b}\n',
  'a pair in a flow sequence': 'a: [b: 1]\n',
  'a duplicate flow key': 'a: {b: 1, b: 2}\n',
  'an empty flow entry': 'a: [1, , 2]\n',
  'a trailing comma': 'a: [1, ]\n',
  'a comment inside a flow collection': 'a: [1, #c\n  2]\n',
  'text after a flow collection': 'a: [1] b\n',
  'a multi-line flow sequence': 'a: [1,\n  2]\n',
  'a quoted scalar continued at its key’s column': 'a: "one\ntwo"\n',
  'an escaped line break before a blank line': 'a: "one\\\n\n  two"\n',
  'a duplicate key': 'a: 1\na: 2\n',
  'a boolean key': 'yes: 1\n',
  'a boolean key read before as a value': 'a: on\nb: on\non: 1\n',
  'a duplicate key read before': 'kind: a\nkind: b\n',
  'a numeric key': '80: http\n',
  'a null key': '~: 1\n',
  'a merge key': '<<: {a: 1}\n',
  'a complex key': '? a\n: 1\n',
  __proto__: '__proto__: 1\n',
  'a compact nested sequence': '- - a\n',
  'a mapping value on the key line': 'a: b: c\n',
  'a deeper line after a quoted scalar': 'a: "x"\n  b: 1\n',
  'a deeper comment in a plain scalar': 'a: x\n  # c\n  y\n',
  'a top-level scalar': 'just text\n',
  'content after the marker': '--- a: 1\n',
  'a control character': 'a: \u0007\n',
  'a byte order mark inside': 'a: \ufeffx\n',
  'a YAML escape JSON lacks': 'a: "\\x41"\n',
  'a literal that is empty': 'a: |\nb: 1\n',
  'a literal with a deeper blank line': 'a: |\n  x\n     \n  y\n',
};

describe('the block reader', () => {
  it.each(Object.entries(accepted))('reads %s as the careful reader does', (_name, text) => {
    expect(readBlockYaml(text), JSON.stringify(text)).toBeDefined();
    expectSameAsCareful(text);
  });

  it.each(Object.entries(declined))('leaves %s to js-yaml', (_name, text) => {
    expect(readBlockYaml(text), JSON.stringify(text)).toBeUndefined();
  });

  it('reads most upstream CRDs and every example manifest as the careful reader does', async () => {
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    const files = [
      ...(await yamlFilesUnder(join(root, 'examples/fleet'))),
      ...(await yamlFilesUnder(join(root, '../shared/schemas'))),
    ];
    let read = 0;
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      if (readBlockYaml(text) === undefined) continue;
      read++;
      expectSameAsCareful(text);
    }
    // The rest hold folded scalars or YAML escapes, and go to js-yaml.
    expect(read).toBeGreaterThan(files.length * 0.8);
  });

  it('reads generated YAML of every shape as the careful reader does', () => {
    const random = seededRandom(20261207);
    let read = 0;
    const runs = 1000;
    for (let i = 0; i < runs; i++) {
      const value = randomValue(random, 0);
      const text = stringify(value, {
        indentSeq: random() < 0.5,
        lineWidth: random() < 0.5 ? 20 : 80,
        minContentWidth: 0,
        blockQuote: random() < 0.8 ? 'literal' : true,
        defaultStringType: random() < 0.2 ? 'QUOTE_DOUBLE' : 'PLAIN',
      });
      if (readBlockYaml(text) === undefined) continue;
      read++;
      expectSameAsCareful(text);
    }
    // The words are chosen to be awkward (indicators, quotes, line breaks), so most texts
    // hold something the reader declines; a fifth or more must still be read and agree.
    expect(read).toBeGreaterThan(runs / 5);
  });
});

async function yamlFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Mulberry32: a small deterministic generator, so a failure names a reproducible case. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const words = [
  'name',
  'app.kubernetes.io/name',
  'yes',
  'no',
  '0777',
  '1.5',
  '-3',
  'null',
  '~',
  'a b c',
  'x: y',
  'x #y',
  '#tag',
  '- item',
  '"quoted"',
  "it's",
  '',
  ' leading',
  'trailing ',
  'line one\nline two',
  'line\n\n  indented\n',
  'ends with newlines\n\n',
  'café',
  '{a}',
  '[b]',
  '*star',
  '&amp',
  '!bang',
  '%pct',
  '@at',
  '|pipe',
  '>gt',
  'http://x:80',
  'back\\slash',
];

function randomValue(random: () => number, depth: number): unknown {
  const pick = random();
  if (depth > 3 || pick < 0.35) return randomScalar(random);
  const size = Math.floor(random() * 4);
  if (pick < 0.65) return Array.from({ length: size }, () => randomValue(random, depth + 1));
  const map: Record<string, unknown> = {};
  for (let i = 0; i < size; i++)
    map[`${words[Math.floor(random() * words.length)]}${i}`] = randomValue(random, depth + 1);
  return map;
}

function randomScalar(random: () => number): unknown {
  const pick = random();
  if (pick < 0.1) return Math.floor(random() * 2000) - 1000;
  if (pick < 0.15) return random() < 0.5;
  if (pick < 0.2) return null;
  if (pick < 0.25) return random() * 100;
  const count = 1 + Math.floor(random() * 6);
  return Array.from({ length: count }, () => words[Math.floor(random() * words.length)]).join(' ');
}
