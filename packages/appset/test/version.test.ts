import { describe, expect, it } from 'vitest';
import {
  type ApplicationSetSpec,
  type ClusterSecret,
  expandApplicationSet,
  generateParams,
  latestArgocdVersion,
  parseArgocdVersion,
  semanticsOf,
  UnsupportedVersionError,
} from '../src/index.ts';

function secret(name: string, labels: Record<string, string>): ClusterSecret {
  return {
    name,
    server: `https://${name}.example.com`,
    labels: { 'argocd.argoproj.io/secret-type': 'cluster', ...labels },
    annotations: {},
  };
}

const clusters = [secret('prod-eu', { env: 'prod' }), secret('dev-eu', { env: 'dev' })];

describe('argocdVersion', () => {
  it('defaults to the latest release the engine implements', () => {
    expect(latestArgocdVersion).toBe('3.5');
    expect(semanticsOf().version).toMatchObject({ major: 3, minor: 5 });
  });

  it.each([
    ['3.4', { major: 3, minor: 4 }],
    ['v3.0.12', { major: 3, minor: 0 }],
    ['2.14', { major: 2, minor: 14 }],
    ['3', { major: 3, minor: 5 }],
    ['3.5.0-rc3', { major: 3, minor: 5 }],
  ])('parses %s', (text, expected) => {
    expect(parseArgocdVersion(text)).toMatchObject(expected);
  });

  it.each(['2.13', '1.8', '3.6', '4', 'latest', ''])(
    'rejects %j naming the supported range',
    (text) => {
      expect(() => parseArgocdVersion(text)).toThrow(UnsupportedVersionError);
      expect(() => parseArgocdVersion(text)).toThrow(/2\.14 to 3\.5/);
    },
  );

  it('an unsupported version rejects the expansion itself, not one generator', async () => {
    await expect(
      generateParams({ list: { elements: [] } }, { argocdVersion: '2.9' }),
    ).rejects.toThrow(UnsupportedVersionError);
  });
});

describe('nested selectors: always applied from 3.0, before only with applyNestedSelectors', () => {
  const appSet = (applyNestedSelectors?: boolean): ApplicationSetSpec => ({
    metadata: { name: 'addons', namespace: 'argocd' },
    spec: {
      goTemplate: true,
      ...(applyNestedSelectors === undefined ? {} : { applyNestedSelectors }),
      generators: [
        {
          matrix: {
            generators: [
              { list: { elements: [{ addon: 'dns' }] } },
              {
                merge: {
                  mergeKeys: ['name'],
                  generators: [
                    { clusters: {}, selector: { matchLabels: { name: 'prod-eu' } } },
                    { list: { elements: [{ name: 'prod-eu', tier: 'gold' }] } },
                  ],
                },
              },
            ],
          },
        },
      ],
      template: {
        metadata: { name: '{{ .addon }}-{{ .name }}' },
        spec: { project: 'default', destination: { server: '{{ .server }}' } },
      },
    },
  });
  const names = async (spec: ApplicationSetSpec, argocdVersion: string) =>
    (await expandApplicationSet(spec, { clusters, argocdVersion })).applications
      .map((a) => a.metadata.name)
      .sort();

  it('3.0 and later apply the nested selector', async () => {
    expect(await names(appSet(), '3.0')).toEqual(['dns-prod-eu']);
    expect(await names(appSet(false), '3.5')).toEqual(['dns-prod-eu']);
  });

  it('2.14 drops it, with the warning the controller logs', async () => {
    expect(await names(appSet(), '2.14')).toEqual(['dns-dev-eu', 'dns-in-cluster', 'dns-prod-eu']);
    const result = await expandApplicationSet(appSet(), { clusters, argocdVersion: '2.14' });
    expect(result.warnings).toContainEqual(expect.stringMatching(/applyNestedSelectors: true/));
  });

  it('2.14 applies it with spec.applyNestedSelectors: true', async () => {
    expect(await names(appSet(true), '2.14')).toEqual(['dns-prod-eu']);
  });

  it('the selector of a direct child applies in every version', async () => {
    const generator = {
      matrix: {
        generators: [
          { list: { elements: [{ addon: 'dns' }] } },
          { clusters: {}, selector: { matchLabels: { name: 'dev-eu' } } },
        ],
      },
    };
    for (const argocdVersion of ['2.14', '3.5']) {
      const params = await generateParams(generator, { goTemplate: true, clusters, argocdVersion });
      expect(params.map((p) => p.name)).toEqual(['dev-eu']);
    }
  });
});

describe('selectors on cluster labels in goTemplate mode: flattened from 3.4', () => {
  const generator = {
    clusters: { values: { tier: 'gold' } },
    selector: { matchLabels: { 'metadata.labels.env': 'prod' } },
  };

  it('3.4 and later match metadata.labels.KEY', async () => {
    for (const argocdVersion of ['3.4', '3.5']) {
      const params = await generateParams(generator, { goTemplate: true, clusters, argocdVersion });
      expect(params.map((p) => p.name)).toEqual(['prod-eu']);
    }
  });

  it('before 3.4 a label map is one leaf, so nothing matches', async () => {
    for (const argocdVersion of ['2.14', '3.3']) {
      const params = await generateParams(generator, { goTemplate: true, clusters, argocdVersion });
      expect(params).toEqual([]);
    }
  });

  it('before 3.4 the leaf is Go’s %v of the map', async () => {
    const params = await generateParams(
      {
        clusters: { values: { tier: 'gold' } },
        selector: { matchLabels: { values: 'map[tier:gold]' } },
      },
      { goTemplate: true, clusters, argocdVersion: '3.3' },
    );
    expect(params.map((p) => p.name)).toEqual(['in-cluster', 'dev-eu', 'prod-eu']);
  });

  it('fasttemplate keys are flat already: every version matches', async () => {
    const flat = { clusters: {}, selector: { matchLabels: { 'metadata.labels.env': 'prod' } } };
    for (const argocdVersion of ['2.14', '3.5']) {
      const params = await generateParams(flat, { clusters, argocdVersion });
      expect(params.map((p) => p.name)).toEqual(['prod-eu']);
    }
  });
});
