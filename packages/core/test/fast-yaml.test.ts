import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCarefully, syntaxOf } from '../src/document.ts';
import { parseFast } from '../src/fast-yaml.ts';

const scalars = [
  'yes',
  'No',
  'ON',
  'off',
  'y',
  'N',
  'true',
  'False',
  '~',
  'null',
  'Null',
  '',
  '0',
  '7',
  '-7',
  '+7',
  '0777',
  '-0777',
  '08',
  '0b101',
  '0x1F',
  '-0x1f',
  '1_000',
  '0o17',
  '1.5',
  '-1.5',
  '1.',
  '.5',
  '1e3',
  '1.5E-3',
  '-.inf',
  '.Inf',
  '.nan',
  '1_000.5',
  '6.02e+23',
  '22:22',
  '1:20:30',
  '2001-12-14',
  '2001-12-14T21:59:43Z',
  'v1.33.4',
  '10.0.0.0/16',
  '0.0.0.0',
  '"yes"',
  "'0777'",
  '=',
  '-',
  'a b',
  '.',
  '-.',
  '+.',
  '.e3',
  '._',
  '1.e3',
  '+',
  '1e',
  '0x',
  'True1',
];

const documents = [
  'a: 1\n---\n# only a comment\n---\n\n  b: 2\n',
  '---\na: 1\n',
  '# head comment\n---\na: 1\n---\n',
  '--- {a: 1}\n--- [1, 2]\n',
  'a: 1\r\n---\r\nb: 2\r\n',
  'list:\n- a\n- b: {c: [1, "x"]}\n',
  'text: |\n  line one\n  --- not a marker\nfolded: >\n  a\n  b\n',
  'merge:\n  <<: {x: 1, y: 2}\n  y: 3\n',
  '---\n---\n',
  '--- # a comment\n---   \n',
  '',
  '# just a comment\n',
];

async function yamlFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(ya?ml|json)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('the fast path reads exactly what the careful path reads', () => {
  it('for every YAML 1.1 scalar form, plain and as a key', () => {
    let declined = 0;
    for (const scalar of scalars) {
      for (const text of [`v: ${scalar}\n`, `${scalar || "''"}: v\n`, `- ${scalar}\n`]) {
        const fast = parseFast(text, 'yaml');
        // Declining is always safe (the careful path reads the file); disagreeing never is.
        if (fast === undefined) declined++;
        else expect(fast, text).toEqual(parseCarefully(text, 'yaml'));
      }
    }
    // Only the null keys, `-` (a syntax error as a value) and `-:` are left to the careful path.
    expect(declined).toBeLessThanOrEqual(8);
  });

  it('for document boundaries, comments, CRLF, block scalars and merges', () => {
    for (const text of documents) {
      const fast = parseFast(text, 'yaml');
      expect(fast, JSON.stringify(text)).toBeDefined();
      expect(fast, JSON.stringify(text)).toEqual(parseCarefully(text, 'yaml'));
    }
  });

  it('for every file of the example fleet and the upstream CRDs', async () => {
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    const files = [
      ...(await yamlFilesUnder(join(root, 'examples/fleet'))),
      ...(await yamlFilesUnder(join(root, '../shared/schemas/argo-cd-v3.5.1'))),
      ...(await yamlFilesUnder(join(root, '../shared/schemas/cluster-api-v1.14.0/core'))),
    ];
    expect(files.length).toBeGreaterThan(40);
    let fastFiles = 0;
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      const fast = parseFast(text, syntaxOf(file));
      if (!fast) continue;
      fastFiles++;
      expect(fast, file).toEqual(parseCarefully(text, syntaxOf(file)));
    }
    // Most real files take the fast path; the rest fall back, which is always correct.
    expect(fastFiles).toBeGreaterThan(files.length / 2);
  });

  it('leaves to the careful path what it cannot judge', () => {
    for (const text of [
      'a: &x 1\nb: *x\n',
      'a: 1\na: 2\n',
      'a: [1\n',
      'name: "{{ .name }}"\n',
      '%YAML 1.1\n---\na: 1\n',
      'a: 1\n...\n',
      'b: !!binary aGVsbG8=\n',
    ]) {
      expect(parseFast(text, 'yaml'), text).toBeUndefined();
    }
  });
});
