import { describe, expect, it } from 'vitest';
import { KindFilter } from '../src/index.ts';
import { configMap, kubeconform, replicationController, schemaFileUrl } from './fixtures.ts';

// Golden outputs from kubeconform's acceptance tests (acceptance.bats), with our own fixtures
// of the same shape; the schema URL is the local copy's file:// URL instead of GitHub's.

const listInvalid = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ReplicationController
    metadata:
      name: bob
    spec:
      replicas: asd
      selector:
        app: nginx
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: ok
`;

describe('kubeconform compatibility: text output', () => {
  it('summarises a valid file', async () => {
    const run = await kubeconform({ 'valid.yaml': replicationController }, ['valid.yaml'], {
      summary: true,
    });
    expect(run).toEqual({
      out: 'Summary: 1 resource found in 1 file - Valid: 1, Invalid: 0, Errors: 0, Skipped: 0\n',
      exit: 0,
    });
  });

  it('walks a folder in name order and counts its files', async () => {
    const files = {
      'folder/b.yaml': `${configMap('a')}---\n${configMap('b')}`,
      'folder/a.yml': replicationController,
      'folder/notes.txt': 'not a manifest',
      'folder/sub/c.json': JSON.stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c' },
      }),
    };
    const run = await kubeconform(files, ['folder'], { summary: true, verbose: true });
    expect(run.out).toBe(
      [
        'folder/a.yml - ReplicationController bob is valid',
        'folder/b.yaml - ConfigMap a is valid',
        'folder/b.yaml - ConfigMap b is valid',
        'folder/sub/c.json - ConfigMap c is valid',
        'Summary: 4 resources found in 3 files - Valid: 4, Invalid: 0, Errors: 0, Skipped: 0',
        '',
      ].join('\n'),
    );
  });

  it('names generateName objects as kubeconform does', async () => {
    const job = `apiVersion: batch/v1
kind: Job
metadata:
  generateName: pi-
spec:
  template:
    spec:
      containers:
      - name: pi
        image: perl
      restartPolicy: Never
`;
    const run = await kubeconform({ 'job.yaml': job }, ['job.yaml'], { verbose: true });
    expect(run.out).toBe('job.yaml - Job pi-{{ generateName }} is valid\n');
  });

  it('counts blank and comment-only files as files without resources ("0 resource")', async () => {
    const run = await kubeconform(
      { 'blank.yaml': '', 'comment.yaml': '# nothing\n' },
      ['blank.yaml', 'comment.yaml'],
      {
        summary: true,
      },
    );
    expect(run.out).toBe(
      'Summary: 0 resource found in 2 files - Valid: 0, Invalid: 0, Errors: 0, Skipped: 0\n',
    );
  });

  it('reports missing kind and apiVersion as errors', async () => {
    const run = await kubeconform(
      {
        'missing_kind.yaml': 'apiVersion: v1\nmetadata:\n  name: x\n',
        'missing_apiversion.yaml': 'kind: Service\nmetadata:\n  name: svc\n',
      },
      ['missing_kind.yaml', 'missing_apiversion.yaml'],
    );
    expect(run).toEqual({
      out:
        "missing_kind.yaml - failed validation: error while parsing: missing 'kind' key\n" +
        "missing_apiversion.yaml - Service svc failed validation: error while parsing: missing 'apiVersion' key\n",
      exit: 1,
    });
  });

  it('validates the items of a List, with the schema error as kubeconform words it', async () => {
    const run = await kubeconform({ 'list_invalid.yaml': listInvalid }, ['list_invalid.yaml'], {
      summary: true,
    });
    expect(run.exit).toBe(1);
    expect(run.out).toBe(
      `list_invalid.yaml - ReplicationController bob is invalid: problem validating schema. Check JSON formatting: jsonschema validation failed with '${schemaFileUrl('replicationcontroller-v1.json')}#' - at '/spec/replicas': got string, want null or integer\n` +
        'Summary: 2 resources found in 1 file - Valid: 1, Invalid: 1, Errors: 0, Skipped: 0\n',
    );
  });

  it('says "parsing stdin" for standard input', async () => {
    const run = await kubeconform({}, [], { summary: true, input: listInvalid });
    expect(run.out.split('\n')[0]).toMatch(/^stdin - ReplicationController bob is invalid: /);
    expect(run.out.split('\n')[1]).toBe(
      'Summary: 2 resources found parsing stdin - Valid: 1, Invalid: 1, Errors: 0, Skipped: 0',
    );
    const dash = await kubeconform({}, ['-'], { summary: true, input: replicationController });
    expect(dash.out).toBe(
      'Summary: 1 resource found parsing stdin - Valid: 1, Invalid: 0, Errors: 0, Skipped: 0\n',
    );
  });

  it('skips by kind and by apiVersion/kind, writing the name before the kind', async () => {
    const files = { 'valid.yaml': replicationController };
    for (const entry of ['ReplicationController', 'v1/ReplicationController']) {
      const run = await kubeconform(files, ['valid.yaml'], {
        verbose: true,
        skip: KindFilter.parse([entry]),
      });
      expect(run).toEqual({ out: 'valid.yaml - bob ReplicationController skipped\n', exit: 0 });
    }
    const other = await kubeconform(files, ['valid.yaml'], {
      verbose: true,
      skip: KindFilter.parse(['v2/ReplicationController']),
    });
    expect(other.out).toBe('valid.yaml - ReplicationController bob is valid\n');
  });

  it('rejects kinds with an error', async () => {
    const run = await kubeconform({ 'valid.yaml': replicationController }, ['valid.yaml'], {
      verbose: true,
      reject: KindFilter.parse(['ReplicationController']),
    });
    expect(run).toEqual({
      out: 'valid.yaml - ReplicationController bob failed validation: prohibited resource kind ReplicationController\n',
      exit: 1,
    });
  });

  it('ignores files matching -ignore-filename-pattern', async () => {
    const files = {
      'multi_invalid.yaml': 'apiVersion: v1\nkind: ConfigMap\ndata: 3\n',
      'crd_schema.yaml': 'kind: X\n',
      'quantity.yaml': configMap('q'),
    };
    const run = await kubeconform(files, Object.keys(files), {
      summary: true,
      ignore: [/crd/, /.*invalid.*/],
    });
    expect(run.out).toBe(
      'Summary: 1 resource found in 1 file - Valid: 1, Invalid: 0, Errors: 0, Skipped: 0\n',
    );
  });

  it('reports a path that does not exist', async () => {
    const run = await kubeconform({}, ['fixtures/not-here']);
    expect(run).toEqual({
      out: 'fixtures/not-here - failed validation: lstat fixtures/not-here: no such file or directory\n',
      exit: 1,
    });
  });

  it('fails a kind without a schema, or skips it with -ignore-missing-schemas', async () => {
    const files = {
      'crd.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n',
    };
    const failing = await kubeconform(files, ['crd.yaml']);
    expect(failing).toEqual({
      out: 'crd.yaml - Widget w failed validation: could not find schema for Widget\n',
      exit: 1,
    });
    const ignoring = await kubeconform(files, ['crd.yaml'], {
      ignoreMissingSchemas: true,
      summary: true,
    });
    expect(ignoring).toEqual({
      out: 'Summary: 1 resource found in 1 file - Valid: 0, Invalid: 0, Errors: 0, Skipped: 1\n',
      exit: 0,
    });
  });

  it('stops at the first failure with -exit-on-error', async () => {
    const files = {
      'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata: 3\n',
      'b.yaml': configMap('b'),
    };
    const run = await kubeconform(files, ['a.yaml', 'b.yaml'], {
      exitOnError: true,
      summary: true,
    });
    expect(run.out.split('\n').at(-2)).toBe(
      'Summary: 1 resource found in 1 file - Valid: 0, Invalid: 1, Errors: 0, Skipped: 0',
    );
  });
});

describe('kubeconform compatibility: strict mode', () => {
  const extra = `apiVersion: v1
kind: ReplicationController
metadata:
  name: bob
  foo: bar
spec:
  replicas: 2
`;
  it('accepts additional properties unless -strict', async () => {
    const loose = await kubeconform({ 'extra.yaml': extra }, ['extra.yaml'], { summary: true });
    expect(loose.exit).toBe(0);
    const strict = await kubeconform({ 'extra.yaml': extra }, ['extra.yaml'], { strict: true });
    expect(strict.exit).toBe(1);
    expect(strict.out).toContain(
      `jsonschema validation failed with '${schemaFileUrl('replicationcontroller-v1.json', 'master-standalone-strict')}#' - at '/metadata': additional properties 'foo' not allowed\n`,
    );
  });

  it('makes duplicate keys an error only under -strict, with the line in the document', async () => {
    const duplicate = `${configMap('first')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\n  name: dup2\n`;
    const loose = await kubeconform({ 'dup.yaml': duplicate }, ['dup.yaml'], { verbose: true });
    expect(loose.out).toBe(
      'dup.yaml - ConfigMap first is valid\ndup.yaml - ConfigMap dup2 is valid\n',
    );
    const strict = await kubeconform({ 'dup.yaml': duplicate }, ['dup.yaml'], { strict: true });
    expect(strict).toEqual({
      out:
        'dup.yaml - ConfigMap dup2 failed validation: error unmarshalling resource: error converting YAML to JSON: yaml: unmarshal errors:\n' +
        '  line 5: key "name" already set in map\n',
      exit: 1,
    });
  });
});
