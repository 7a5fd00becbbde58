import { describe, expect, it } from 'vitest';
import {
  type ClusterSecret,
  type GenerateOptions,
  generateParams,
  NotPreviewableError,
} from '../src/index.ts';

const go: GenerateOptions = { goTemplate: true };
const fast: GenerateOptions = { goTemplate: false };

function secret(name: string, labels: Record<string, string>, extra: Partial<ClusterSecret> = {}) {
  return {
    name,
    server: `https://${name}.example.com`,
    labels: { 'argocd.argoproj.io/secret-type': 'cluster', ...labels },
    annotations: {},
    ...extra,
  } satisfies ClusterSecret;
}

const clusters: ClusterSecret[] = [
  secret('prod-eu', { stage: 'production', region: 'eu' }, { annotations: { owner: 'ops' } }),
  secret('dev-eu', { stage: 'dev', region: 'eu' }),
  secret('other-ns', { stage: 'dev' }, { namespace: 'elsewhere' }),
];

describe('list generator', () => {
  it.each([
    {
      name: 'goTemplate keeps structure and decodes numbers as float64',
      generator: { list: { elements: [{ cluster: 'a', n: 3, nested: { x: 'y' } }] } },
      options: go,
      check: (p: Record<string, unknown>[]) => {
        expect(p).toHaveLength(1);
        expect(p[0]!.cluster).toBe('a');
        expect(p[0]!.nested).toEqual({ x: 'y' });
        expect(p[0]!.n).toMatchObject({ type: 'float64', value: 3 });
        // Its JSON is the controller's: the number alone.
        expect(JSON.parse(JSON.stringify(p[0]))).toEqual({
          cluster: 'a',
          n: 3,
          nested: { x: 'y' },
        });
      },
    },
    {
      name: 'fasttemplate flattens values into values.KEY',
      generator: { list: { elements: [{ cluster: 'a', values: { env: 'prod' } }] } },
      options: fast,
      check: (p: Record<string, unknown>[]) =>
        expect(p).toEqual([{ cluster: 'a', 'values.env': 'prod' }]),
    },
    {
      name: 'elementsYaml is appended after elements, read as YAML 1.1',
      generator: {
        list: { elements: [{ a: '1' }], elementsYaml: '- a: "2"\n  on: yes\n- a: "3"\n' },
      },
      options: go,
      check: (p: Record<string, unknown>[]) =>
        expect(p).toEqual([{ a: '1' }, { a: '2', true: true }, { a: '3' }]),
    },
  ])('$name', async ({ generator, options, check }) => {
    check(await generateParams(generator, options));
  });

  it('rejects a non-string value in fasttemplate mode with the controller text', async () => {
    await expect(generateParams({ list: { elements: [{ n: 3 }] } }, fast)).rejects.toThrow(
      'error parsing value as string %!w(<nil>)',
    );
  });
});

describe('clusters generator', () => {
  it('adds in-cluster first when the selector is empty, and reads only Argo CD namespace', async () => {
    const params = await generateParams({ clusters: {} }, { ...go, clusters });
    expect(params.map((p) => p.name)).toEqual(['in-cluster', 'dev-eu', 'prod-eu']);
    expect(params[0]).toEqual({
      name: 'in-cluster',
      nameNormalized: 'in-cluster',
      server: 'https://kubernetes.default.svc',
      project: '',
    });
    expect(params[2]!.metadata).toEqual({
      annotations: { owner: 'ops' },
      labels: { 'argocd.argoproj.io/secret-type': 'cluster', stage: 'production', region: 'eu' },
    });
  });

  it('leaves in-cluster out when a selector is set or a Secret holds its address', async () => {
    const withLocal = [
      ...clusters,
      secret('local', {}, { server: 'https://kubernetes.default.svc' }),
    ];
    const all = await generateParams({ clusters: {} }, { ...go, clusters: withLocal });
    expect(all.map((p) => p.name)).toEqual(['dev-eu', 'local', 'prod-eu']);
    const selected = await generateParams(
      { clusters: { selector: { matchLabels: { region: 'eu' } } } },
      { ...go, clusters },
    );
    expect(selected.map((p) => p.name)).toEqual(['dev-eu', 'prod-eu']);
  });

  it.each([
    [{ matchExpressions: [{ key: 'stage', operator: 'In', values: ['production'] }] }, ['prod-eu']],
    [
      { matchExpressions: [{ key: 'stage', operator: 'NotIn', values: ['production'] }] },
      ['dev-eu'],
    ],
    [{ matchExpressions: [{ key: 'missing', operator: 'DoesNotExist' }] }, ['dev-eu', 'prod-eu']],
    [{ matchExpressions: [{ key: 'region', operator: 'Exists' }] }, ['dev-eu', 'prod-eu']],
    [
      { matchLabels: { stage: 'dev' }, matchExpressions: [{ key: 'region', operator: 'Exists' }] },
      ['dev-eu'],
    ],
  ])('selector %j selects %j', async (selector, names) => {
    const params = await generateParams({ clusters: { selector } }, { ...go, clusters });
    expect(params.map((p) => p.name)).toEqual(names);
  });

  it('renders values against the cluster parameters, flat in fasttemplate mode', async () => {
    const generator = {
      clusters: {
        selector: { matchLabels: { stage: 'dev' } },
        values: { chart: '{{name}}-{{metadata.labels.region}}' },
      },
    };
    const params = await generateParams(generator, { ...fast, clusters });
    expect(params).toEqual([
      {
        name: 'dev-eu',
        nameNormalized: 'dev-eu',
        server: 'https://dev-eu.example.com',
        project: '',
        'metadata.labels.argocd.argoproj.io/secret-type': 'cluster',
        'metadata.labels.stage': 'dev',
        'metadata.labels.region': 'eu',
        'values.chart': 'dev-eu-eu',
      },
    ]);
  });

  it('gives one parameter set with every cluster under flatList', async () => {
    const params = await generateParams(
      { clusters: { flatList: true, selector: { matchLabels: { region: 'eu' } } } },
      { ...go, clusters },
    );
    expect(params).toHaveLength(1);
    expect((params[0]!.clusters as { name: string }[]).map((c) => c.name)).toEqual([
      'dev-eu',
      'prod-eu',
    ]);
  });

  it('rejects an unknown selector operator with the apimachinery text', async () => {
    await expect(
      generateParams(
        { clusters: { selector: { matchExpressions: [{ key: 'a', operator: 'Is' }] } } },
        go,
      ),
    ).rejects.toThrow(
      'error getting cluster secrets: error converting label selector: "Is" is not a valid pod selector operator',
    );
  });
});

describe('matrix generator', () => {
  const list = (elements: object[]) => ({ list: { elements } });

  it('interpolates the second child with the first child parameters', async () => {
    const generator = {
      matrix: {
        generators: [list([{ env: 'dev' }, { env: 'prod' }]), list([{ app: 'web-{{.env}}' }])],
      },
    };
    const params = await generateParams(generator, go);
    expect(params).toEqual([
      { env: 'dev', app: 'web-dev' },
      { env: 'prod', app: 'web-prod' },
    ]);
  });

  it('goTemplate: the first child wins a shared key; nested maps merge', async () => {
    const generator = {
      matrix: {
        generators: [list([{ k: 'a', m: { x: '1' } }]), list([{ k: 'b', m: { y: '2' } }])],
      },
    };
    expect(await generateParams(generator, go)).toEqual([{ k: 'a', m: { x: '1', y: '2' } }]);
  });

  it('fasttemplate: a shared key with two values is an error', async () => {
    const generator = { matrix: { generators: [list([{ k: 'a' }]), list([{ k: 'b' }])] } };
    await expect(generateParams(generator, fast)).rejects.toThrow(
      'failed to combine string maps with merging params for the matrix generator: found duplicate key k with different value, a: a ,b: b',
    );
  });

  it.each([
    [[{ list: { elements: [] } }], 'found less than two generators, Matrix support only two'],
    [[list([]), list([]), list([])], 'found more than two generators, Matrix support only two'],
  ])('rejects %j', async (generators, message) => {
    await expect(generateParams({ matrix: { generators } }, go)).rejects.toThrow(message);
  });

  it('allows one level of nesting; a matrix below that is dropped, leaving no generator', async () => {
    const inner = { matrix: { generators: [list([{ a: '1' }]), list([{ b: '2' }])] } };
    const nested = { matrix: { generators: [inner, list([{ c: '3' }])] } };
    expect(await generateParams(nested, go)).toEqual([{ a: '1', b: '2', c: '3' }]);
    const tooDeep = {
      matrix: {
        generators: [{ matrix: { generators: [inner, list([{ c: '3' }])] } }, list([{ d: '4' }])],
      },
    };
    await expect(generateParams(tooDeep, go)).rejects.toThrow(
      'error failed to get params for first generator in matrix generator: child generator returned an error on parameter generation: error failed to get params for first generator in matrix generator: child generator generated no parameters',
    );
  });

  it('a typo in a child generator key is "no parameters"', async () => {
    const generator = { matrix: { generators: [list([{ a: '1' }]), { lisst: { elements: [] } }] } };
    await expect(generateParams(generator, go)).rejects.toThrow(
      'failed to get params for second generator in the matrix generator: child generator generated no parameters',
    );
  });
});

describe('merge generator', () => {
  const list = (elements: object[]) => ({ list: { elements } });

  it('overrides base sets by merge key; sets without a match stay as they are', async () => {
    const generator = {
      merge: {
        mergeKeys: ['cluster'],
        generators: [
          list([
            { cluster: 'a', replicas: '1' },
            { cluster: 'b', replicas: '1' },
          ]),
          list([
            { cluster: 'b', replicas: '3' },
            { cluster: 'c', replicas: '9' },
          ]),
        ],
      },
    };
    expect(await generateParams(generator, go)).toEqual([
      { cluster: 'a', replicas: '1' },
      { cluster: 'b', replicas: '3' },
    ]);
  });

  it('compares merge keys as Go JSON, so 1 and "1" differ', async () => {
    const generator = {
      merge: {
        mergeKeys: ['id'],
        generators: [list([{ id: 1, v: 'base' }]), list([{ id: '1', v: 'override' }])],
      },
    };
    const [params] = await generateParams(generator, go);
    expect(params!.v).toBe('base');
  });

  it.each([
    [
      { mergeKeys: ['k'], generators: [list([{ k: 'a' }])] },
      'found less than two generators, Merge requires two or more',
    ],
    [
      { generators: [list([{ k: 'a' }]), list([])] },
      'error getting param sets by merge key: no merge keys were specified, Merge requires at least one',
    ],
    [
      { mergeKeys: ['k'], generators: [list([{ k: 'a<' }, { k: 'a<' }]), list([])] },
      'the parameters from a generator were not unique by the given mergeKeys, Merge requires all param sets to be unique. Duplicate key was {"k":"a\\u003c"}',
    ],
  ])('rejects %j', async (merge, message) => {
    await expect(generateParams({ merge }, go)).rejects.toThrow(message);
  });
});

describe('generator selector and dynamic generators', () => {
  it('filters parameter sets on their flattened %v values', async () => {
    const generator = {
      list: {
        elements: [
          { env: 'prod', n: 2, meta: { tier: 'a' } },
          { env: 'dev', n: 1, meta: { tier: 'b' } },
        ],
      },
      selector: { matchLabels: { n: '2', 'meta.tier': 'a' } },
    };
    expect((await generateParams(generator, go)).map((p) => p.env)).toEqual(['prod']);
  });

  it.each(['scmProvider', 'pullRequest', 'clusterDecisionResource', 'plugin'])(
    '%s is dynamic — not previewable offline, unless a fixture is given',
    async (kind) => {
      const generator = { [kind]: {} };
      await expect(generateParams(generator, go)).rejects.toBeInstanceOf(NotPreviewableError);
      await expect(generateParams(generator, go)).rejects.toThrow(
        'dynamic — not previewable offline',
      );
      const params = await generateParams(generator, {
        ...go,
        fixtures: { [kind]: [{ number: '7' }] },
      });
      expect(params).toEqual([{ number: '7' }]);
    },
  );
});
