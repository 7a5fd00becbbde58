import { writeTree } from '@fleetops/test/tree';
import { describe, expect, it } from 'vitest';
import { loadRepository } from '../src/loader.ts';

const configMap = (name: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: apps\n`;

describe('loadRepository', () => {
  it('loads resources from YAML and JSON files with their identity', async () => {
    const root = await writeTree({
      'a.yaml': `${configMap('one')}---\napiVersion: cluster.x-k8s.io/v1beta2\nkind: Cluster\nmetadata: {name: c1}\n`,
      'sub/b.json': '{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}}',
      'notes.txt': 'not read',
    });
    const repo = await loadRepository(root);
    expect(repo.findings).toEqual([]);
    expect(
      repo.resources.map((r) => [
        r.file,
        r.documentIndex,
        r.group,
        r.version,
        r.kind,
        r.name,
        r.namespace,
      ]),
    ).toEqual([
      ['a.yaml', 0, '', 'v1', 'ConfigMap', 'one', 'apps'],
      ['a.yaml', 1, 'cluster.x-k8s.io', 'v1beta2', 'Cluster', 'c1', undefined],
      ['sub/b.json', 0, 'apps', 'v1', 'Deployment', 'web', undefined],
    ]);
    expect(repo.stats).toEqual({
      files: 2,
      documents: 3,
      emptyDocuments: 0,
      resources: 3,
      skipped: 0,
    });
    expect(repo.locate(repo.resources[1]!)).toMatchObject({ file: 'a.yaml', line: 7 });
    expect(repo.locate(repo.resources[1]!, ['metadata', 'name'])).toMatchObject({
      line: 9,
      column: 18,
    });
  });

  it('splits kind: List into its items, each locatable', async () => {
    const root = await writeTree({
      'list.yaml': `apiVersion: v1\nkind: List\nitems:\n  - ${configMap('first').trimEnd().replace(/\n/g, '\n    ')}\n  - ${configMap('second').trimEnd().replace(/\n/g, '\n    ')}\n`,
    });
    const repo = await loadRepository(root);
    expect(repo.resources.map((r) => [r.name, r.path])).toEqual([
      ['first', ['items', 0]],
      ['second', ['items', 1]],
    ]);
    expect(repo.locate(repo.resources[1]!, ['metadata', 'name'])).toMatchObject({
      line: 12,
      column: 13,
    });
  });

  it('counts empty documents and skips non-resources with a reason', async () => {
    const root = await writeTree({
      'mixed.yaml': '---\n# nothing here\n---\nteam: payments\nowners: [a]\n---\n- a list\n',
      'kustomization.yaml': 'resources: [a.yaml]\n',
      'kustomize-component.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n',
      'chart/templates/cm.yaml': 'metadata:\n  name: {{ .Release.Name }}\n',
    });
    const repo = await loadRepository(root);
    expect(repo.findings).toEqual([]);
    expect(repo.resources).toEqual([]);
    expect(repo.stats.emptyDocuments).toBe(1);
    expect(repo.skipped).toEqual(
      expect.arrayContaining([
        {
          file: 'mixed.yaml',
          line: 4,
          reason: 'not a Kubernetes resource (no apiVersion and kind)',
        },
        { file: 'mixed.yaml', line: 7, reason: 'not a Kubernetes resource (not a mapping)' },
        { file: 'kustomization.yaml', reason: expect.stringContaining('kustomization') },
        {
          file: 'kustomize-component.yaml',
          line: 1,
          reason: expect.stringContaining('build configuration'),
        },
        { file: 'chart/templates/cm.yaml', reason: expect.stringContaining('Helm template') },
      ]),
    );
  });

  it('reports half-typed objects with the position of the problem', async () => {
    const root = await writeTree({
      'bad.yaml':
        'kind: ConfigMap\nmetadata: {name: x}\n---\napiVersion: v1\nkind: 42\nmetadata: {name: y}\n',
    });
    const repo = await loadRepository(root);
    expect(repo.findings).toEqual([
      expect.objectContaining({
        ruleId: 'load/invalid-resource',
        location: expect.objectContaining({ line: 1 }),
        message: expect.stringContaining('apiVersion'),
      }),
      expect.objectContaining({
        ruleId: 'load/invalid-resource',
        location: expect.objectContaining({ line: 5, column: 7 }),
        message: expect.stringContaining('kind must be'),
      }),
    ]);
  });

  it('never lets one bad file stop the others', async () => {
    const root = await writeTree({
      'a-broken.yaml': 'a: [\n',
      'b-latin1.yaml': Buffer.from([0x61, 0x3a, 0x0a, 0x62, 0x3a, 0x20, 0xe9, 0x0a]),
      'c-binary.json': Buffer.from([0x7b, 0x00, 0x7d]),
      'd-good.yaml': configMap('good'),
    });
    const repo = await loadRepository(root);
    expect(repo.resources.map((r) => r.name)).toEqual(['good']);
    expect(repo.findings.map((f) => [f.ruleId, f.location.file, f.location.line])).toEqual([
      ['load/yaml-syntax', 'a-broken.yaml', 2],
      ['load/invalid-utf8', 'b-latin1.yaml', 2],
    ]);
    expect(repo.skipped).toEqual([{ file: 'c-binary.json', reason: 'binary file' }]);
  });

  it('drops a UTF-8 byte order mark', async () => {
    const root = await writeTree({ 'bom.yaml': `\uFEFF${configMap('bom')}` });
    const repo = await loadRepository(root);
    expect(repo.findings).toEqual([]);
    expect(repo.resources[0]!.object.apiVersion).toBe('v1');
  });
});
