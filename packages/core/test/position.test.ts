import { describe, expect, it } from 'vitest';
import { PositionIndex } from '../src/position.ts';

const text = [
  'apiVersion: v1', // 1
  'kind: ConfigMap', // 2
  '---', // 3
  'apiVersion: apps/v1', // 4
  'kind: Deployment', // 5
  'spec:', // 6
  '  template:', // 7
  '    spec:', // 8
  '      containers:', // 9
  '        - name: app', // 10
  '          image: nginx:1.27', // 11
  '          args: [--a, --b]', // 12
  '          env:', // 13
  '',
].join('\n');

describe('PositionIndex.locate', () => {
  const index = new PositionIndex();
  const locate = (path: (string | number)[], key = false) =>
    index.locate('d.yaml', text, 'yaml', 1, path, { key });

  it('finds a scalar deep inside a sequence of mappings', () => {
    expect(locate(['spec', 'template', 'spec', 'containers', 0, 'image'])).toEqual({
      file: 'd.yaml',
      line: 11,
      column: 18,
      endLine: 11,
      endColumn: 28,
    });
  });

  it('finds an item of a flow sequence', () => {
    expect(locate(['spec', 'template', 'spec', 'containers', 0, 'args', 1])).toMatchObject({
      line: 12,
      column: 23,
    });
  });

  it('points at the key when asked (an unknown field) and for an empty value', () => {
    expect(locate(['spec', 'template', 'spec', 'containers', 0, 'image'], true)).toMatchObject({
      line: 11,
      column: 11,
    });
    expect(locate(['spec', 'template', 'spec', 'containers', 0, 'env'])).toMatchObject({
      line: 13,
      column: 11,
    });
  });

  it('falls back to the deepest existing ancestor for a missing field', () => {
    expect(
      locate(['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits']),
    ).toMatchObject({ line: 10, column: 11 });
  });

  it('locates in the right document of a multi-document file', () => {
    expect(index.locate('d.yaml', text, 'yaml', 0, ['kind'])).toMatchObject({ line: 2, column: 7 });
  });

  it('gives JSON files positions too', () => {
    const json = '{\n  "spec": {\n    "replicas": 3\n  }\n}\n';
    expect(index.locate('x.json', json, 'json', 0, ['spec', 'replicas'])).toMatchObject({
      line: 3,
      column: 17,
    });
  });

  it('follows aliases to where the value is written', () => {
    const yaml = 'defaults: &d\n  cidr: 10.0.0.0/16\nnetwork: *d\n';
    expect(index.locate('a.yaml', yaml, 'yaml', 0, ['network', 'cidr'])).toMatchObject({
      line: 2,
      column: 9,
    });
  });
});
