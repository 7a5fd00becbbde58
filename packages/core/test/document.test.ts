import { describe, expect, it } from 'vitest';
import { parseCarefully, parseSource } from '../src/document.ts';

describe('parseSource', () => {
  it('reads every document of a multi-document file with its start position', () => {
    const parsed = parseSource('a: 1\n---\n# only a comment\n---\n\n  b: 2\n', 'yaml');
    expect(parsed.problems).toEqual([]);
    expect(
      parsed.documents.map((doc) => [doc.index, doc.value, doc.empty, doc.line, doc.column]),
    ).toEqual([
      [0, { a: 1 }, false, 1, 1],
      [1, undefined, true, 2, 4],
      [2, { b: 2 }, false, 6, 3],
    ]);
  });

  it('resolves plain scalars as Kubernetes does (YAML 1.1 booleans and octals, no sexagesimal, no timestamps)', () => {
    const parsed = parseSource(
      'a: yes\nb: off\nc: 0755\nd: 22:22\ne: 2001-12-14\nf: "yes"\ng: 1_000\n',
      'yaml',
    );
    expect(parsed.documents[0]!.value).toEqual({
      a: true,
      b: false,
      c: 493,
      d: '22:22',
      e: '2001-12-14',
      f: 'yes',
      g: 1000,
    });
  });

  it('reads a float only where Go parses one: `.` and `-.` are text (`path: .`)', () => {
    const text = 'a: .\nb: -.\nc: .e3\nd: 1.\ne: -.5\nf: .5e3\ng: 1_000.5\n';
    const expected = { a: '.', b: '-.', c: '.e3', d: 1, e: -0.5, f: 500, g: 1000.5 };
    expect(parseSource(text, 'yaml').documents[0]!.value).toEqual(expected);
    expect(parseCarefully(text, 'yaml').documents[0]!.value).toEqual(expected);
    // Flow context and keys alike (js-yaml reads what the block reader declines).
    expect(parseSource('{a: ., .: [-.]}\n', 'yaml').documents[0]!.value).toEqual({
      a: '.',
      '.': ['-.'],
    });
  });

  it('reads a bare y or n as a boolean, as go-yaml v2 does (a classic Kubernetes surprise)', () => {
    expect(parseSource('y: n\n', 'yaml').documents[0]!.value).toEqual({ true: false });
  });

  it('parses JSON as YAML 1.2 so that "yes" style words stay strings', () => {
    const parsed = parseSource('{"a": "yes", "b": [1, 2.5]}', 'json');
    expect(parsed.documents[0]!.value).toEqual({ a: 'yes', b: [1, 2.5] });
  });

  it('merges `<<` keys', () => {
    const parsed = parseSource('base: &b {x: 1}\nderived:\n  <<: *b\n  z: 2\n', 'yaml');
    expect(parsed.documents[0]!.value).toEqual({ base: { x: 1 }, derived: { x: 1, z: 2 } });
  });

  it('reports a syntax error with its line and keeps the other documents', () => {
    const parsed = parseSource('a: 1\n---\nb: [1, 2\n---\nc: 3\n', 'yaml');
    expect(parsed.documents.map((doc) => doc.value)).toEqual([{ a: 1 }, { c: 3 }]);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toMatchObject({
      code: 'yaml-syntax',
      documentIndex: 1,
      line: expect.any(Number),
    });
    expect(parsed.problems[0]!.line).toBeGreaterThanOrEqual(3);
    expect(parsed.problems[0]!.message).not.toContain('\n');
  });

  it('reports a duplicate key at the second occurrence, naming the key', () => {
    const parsed = parseSource('metadata:\n  name: a\n  name: b\n', 'yaml');
    expect(parsed.problems).toEqual([
      expect.objectContaining({
        code: 'duplicate-key',
        line: 3,
        column: 3,
        message: expect.stringContaining('"name"'),
      }),
    ]);
  });

  it('refuses a billion-laughs document instead of expanding it', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let level = 1; level < 9; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const parsed = parseSource(`${lines.join('\n')}\n`, 'yaml');
    expect(parsed.problems).toEqual([expect.objectContaining({ code: 'alias-limit', line: 1 })]);
    expect(parsed.documents[0]!.empty).toBe(true);
  });

  it('handles CRLF line endings with the same positions', () => {
    const parsed = parseSource('a: 1\r\nb:\r\n  c: [\r\n', 'yaml');
    expect(parsed.problems[0]!.line).toBeGreaterThanOrEqual(3);
    const ok = parseSource('a: 1\r\n---\r\nb: 2\r\n', 'yaml');
    expect(ok.documents.map((doc) => [doc.value, doc.line])).toEqual([
      [{ a: 1 }, 1],
      [{ b: 2 }, 3],
    ]);
  });

  it('recognises a Helm template by actions outside strings', () => {
    expect(parseSource('metadata:\n  name: {{ .Values.name }}\n', 'yaml').helmTemplate).toBe(true);
    expect(
      parseSource('{{- if .Values.enabled }}\nkind: ConfigMap\n{{- end }}\n', 'yaml').helmTemplate,
    ).toBe(true);
  });

  it('keeps Go templates inside strings and block scalars as YAML (ApplicationSet templates)', () => {
    const appset =
      'name: "{{ .name }}-app"\ntemplatePatch: |\n  {{- if .autoSync }}\n  spec: {}\n  {{- end }}\n';
    const parsed = parseSource(appset, 'yaml');
    expect(parsed.helmTemplate).toBe(false);
    expect(parsed.documents[0]!.value).toMatchObject({ name: '{{ .name }}-app' });
  });
});
