import { describe, expect, it } from 'vitest';
import { schemaQuote } from '../src/go.ts';
import {
  durationError,
  goFloat,
  isGoDuration,
  KindFilter,
  prepare,
  SchemaCompiler,
  schemaErrors,
  splitDocuments,
} from '../src/index.ts';
import { formatSchemaErrors } from '../src/schema-errors.ts';
import { configMap, kubeconform } from './fixtures.ts';

describe('duration format (kubeconform #328)', () => {
  it('accepts Go and ISO 8601 durations', () => {
    for (const value of ['5m', '1h30m', '-1.5h', '300ms', '0', '2µs', 'PT1H', 'P1DT2H', 'P3W'])
      expect(durationError(value), value).toBeUndefined();
    expect(isGoDuration('1')).toBe(false);
  });
  it("explains an invalid one in kubeconform's words", () => {
    expect(durationError('5 minutes')).toBe('must start with P');
    expect(durationError('P')).toBe('nothing after P');
    expect(durationError('PT')).toBe('no time elements');
    expect(durationError('P1D2Y')).toBe("unit 'Y' out of order");
    expect(durationError('P1H')).toBe("invalid unit 'H'");
    expect(durationError('PTX')).toBe('missing number');
    expect(durationError('P1X')).toBe("invalid unit 'X'");
  });
  it('is asserted in CRD schemas (no $schema: draft-04) but not in core schemas', () => {
    const compiler = new SchemaCompiler();
    const crd = compiler.compile({
      properties: { interval: { type: 'string', format: 'duration' } },
    });
    expect(crd.validate({ interval: '5m' })).toBe(true);
    expect(crd.validate({ interval: 'soon' })).toBe(false);
    const errors = schemaErrors(crd.errors({ interval: 'soon' }), { interval: 'soon' });
    expect(errors.map((e) => e.message)).toEqual([
      "'soon' is not valid duration: must start with P",
    ]);
    const core = compiler.compile({
      $schema: 'http://json-schema.org/schema#',
      properties: { at: { type: 'string', format: 'date-time' } },
    });
    expect(core.validate({ at: 'yesterday' })).toBe(true);
  });
});

describe('schema preparation for ajv', () => {
  it('drops $schema and nullable keywords, keeps fields named so, rewrites draft-04 exclusives', () => {
    expect(
      prepare({
        $schema: 'http://json-schema.org/schema#',
        nullable: true,
        properties: { nullable: { type: 'boolean', nullable: true } },
        minimum: 1,
        exclusiveMinimum: true,
      }),
    ).toEqual({ properties: { nullable: { type: 'boolean' } }, exclusiveMinimum: 1 });
  });
});

describe("santhosh-tekuri/jsonschema's message tree", () => {
  const compiler = new SchemaCompiler();
  const schema = {
    type: 'object',
    required: ['a', 'b'],
    additionalProperties: false,
    properties: {
      port: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
      mode: { enum: ['Always', 'Never'] },
      size: { type: 'integer', minimum: 1000000 },
      name: { type: 'string', pattern: '^[a-z]+$' },
    },
  };
  it('nests, merges and orders errors as v6 does', () => {
    const value = { port: true, mode: 'Sometimes', size: 5, name: "O'Brien", x: 1, y: 2 };
    const compiled = compiler.compile(schema);
    const causes = schemaErrors(compiled.errors(value), value);
    expect(formatSchemaErrors('https://example.com/s.json', causes)).toBe(
      [
        "jsonschema validation failed with 'https://example.com/s.json#'",
        "- at '': missing properties 'a', 'b'",
        "- at '/port': oneOf failed, none matched",
        "  - at '/port': got boolean, want string",
        "  - at '/port': got boolean, want integer",
        "- at '/mode': value must be one of 'Always', 'Never'",
        "- at '/size': minimum: got 5, want 1e+06",
        "- at '/name': 'O\\'Brien' does not match pattern '^[a-z]+$'",
        "- at '': additional properties 'x', 'y' not allowed",
      ].join('\n'),
    );
  });
  it('quotes and prints numbers as Go does', () => {
    expect(schemaQuote('tab\there "q"')).toBe(`'tab\\there "q"'`);
    expect([goFloat(1e6), goFloat(123456), goFloat(0.00001), goFloat(1.5)]).toEqual([
      '1e+06',
      '123456',
      '1e-05',
      '1.5',
    ]);
  });
});

describe("kubeconform's document splitter", () => {
  it('cuts at lines starting with ---, drops empty tokens and the rest of the separator line', () => {
    expect(splitDocuments('a: 1\n---\nb: 2\n').map((t) => [t.text, t.line])).toEqual([
      ['a: 1', 1],
      ['b: 2\n', 3],
    ]);
    expect(splitDocuments('---\na: 1\n--- # end\n').map((t) => t.text)).toEqual(['---\na: 1']);
    expect(splitDocuments('a: 1\n---').map((t) => t.text)).toEqual(['a: 1']);
    expect(splitDocuments('')).toEqual([]);
  });
});

describe('skip and reject forms', () => {
  const target = (kind: string, apiVersion: string, name: string, namespace = '') => ({
    kind,
    apiVersion,
    name,
    namespace,
  });
  it("takes kubeconform's Kind and apiVersion/Kind", () => {
    const filter = KindFilter.parse(['ReplicationController, apps/v1/Deployment']);
    expect(filter.matches(target('ReplicationController', 'v1', 'x'))).toBe(true);
    expect(filter.matches(target('Deployment', 'apps/v1', 'x'))).toBe(true);
    expect(filter.matches(target('Deployment', 'apps/v1beta1', 'x'))).toBe(false);
  });
  it('adds group/* (with wildcards) and Kind/name, Kind/namespace/name', () => {
    const groups = KindFilter.parse(['cluster.x-k8s.io/*,*.cluster.x-k8s.io/*,v1/*']);
    expect(groups.matches(target('Cluster', 'cluster.x-k8s.io/v1beta2', 'c'))).toBe(true);
    expect(
      groups.matches(target('DockerCluster', 'infrastructure.cluster.x-k8s.io/v1beta2', 'c')),
    ).toBe(true);
    expect(groups.matches(target('ConfigMap', 'v1', 'c'))).toBe(true);
    expect(groups.matches(target('Deployment', 'apps/v1', 'c'))).toBe(false);
    const names = KindFilter.parse(['Secret/sealed-*,ConfigMap/kube-system/*']);
    expect(names.matches(target('Secret', 'v1', 'sealed-db'))).toBe(true);
    expect(names.matches(target('Secret', 'v1', 'db'))).toBe(false);
    expect(names.matches(target('ConfigMap', 'v1', 'x', 'kube-system'))).toBe(true);
    expect(names.matches(target('ConfigMap', 'v1', 'x', 'default'))).toBe(false);
  });
});

describe('YAML as Kubernetes reads it', () => {
  it('reads YAML 1.1 scalars (yes is a boolean, 0777 an octal number)', async () => {
    const cm = `${configMap('flags')}immutable: yes\n`;
    const run = await kubeconform({ 'cm.yaml': cm }, ['cm.yaml'], { verbose: true });
    expect(run.out).toBe('cm.yaml - ConfigMap flags is valid\n');
    const octal = `${configMap('octal').replace('data:\n  key: value\n', 'data:\n  mode: 0777\n')}`;
    const bad = await kubeconform({ 'cm.yaml': octal }, ['cm.yaml']);
    expect(bad.out).toContain("- at '/data/mode': got number, want null or string");
  });
  it('reports a document that is not a mapping as kubeconform does', async () => {
    const run = await kubeconform({ 'list.yaml': '- a\n- b\n' }, ['list.yaml']);
    expect(run.out).toBe(
      'list.yaml - failed validation: error unmarshalling resource: error unmarshalling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}\n',
    );
  });
});
