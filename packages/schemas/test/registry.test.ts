import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DiskCache } from '../src/cache.ts';
import { groupVersion, SchemaRegistry } from '../src/registry.ts';
import { sharedPath, startServer, status } from './server.ts';

const K8S = sharedPath('kubernetes-json-schema');
const CATALOG = sharedPath('crds-catalog');
const CATALOG_TEMPLATE = `${CATALOG}/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`;
const noSleep = { sleep: async () => {} };
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const deployment = { kind: 'Deployment', apiVersion: 'apps/v1' };
const capiCluster = { kind: 'Cluster', apiVersion: 'cluster.x-k8s.io/v1beta1' };

const kindEnum = (result: object) =>
  'schema' in result
    ? (result.schema as { properties: { kind: { enum: string[] } } }).properties.kind.enum
    : result;

describe('SchemaRegistry with local locations', () => {
  it('reads the kubeconform layout below a base directory, strict or not', async () => {
    const registry = new SchemaRegistry({ locations: [K8S], kubernetesVersion: '1.30.10' });
    const result = await registry.schemaFor(deployment);
    expect(kindEnum(result)).toEqual(['Deployment']);
    expect(result).toMatchObject({
      source: `${K8S}/v1.30.10-standalone/deployment-apps-v1.json`,
    });
    const strict = new SchemaRegistry({ locations: [K8S], strict: true });
    const service = await strict.schemaFor({ kind: 'Service', apiVersion: 'v1' });
    expect(service).toMatchObject({
      source: `${K8S}/master-standalone-strict/service-v1.json`,
      schema: { additionalProperties: false },
    });
  });

  it('falls through a missing file to the next location, in order', async () => {
    const registry = new SchemaRegistry({ locations: [K8S, CATALOG_TEMPLATE] });
    expect(await registry.schemaFor(capiCluster)).toMatchObject({
      schema: { properties: { spec: { type: 'object' } } },
      source: `${CATALOG}/cluster.x-k8s.io/cluster_v1beta1.json`,
    });
    const result = await registry.schemaFor({ kind: 'Nothing', apiVersion: 'example.com/v1' });
    expect(result).toEqual({
      notFound: true,
      tried: [
        `${K8S}/master-standalone/nothing-example-v1.json`,
        `${CATALOG}/example.com/nothing_v1.json`,
      ],
    });
  });

  it('accepts file: URLs and a fixed schema for every resource', async () => {
    const file = `${K8S}/master-standalone/configmap-v1.json`;
    const registry = new SchemaRegistry({ locations: [pathToFileURL(file).href] });
    expect(kindEnum(await registry.schemaFor(deployment))).toEqual(['ConfigMap']);
    expect(kindEnum(await registry.schemaFor(capiCluster))).toEqual(['ConfigMap']);
  });

  it('fails the resource on a broken local schema and does not fall through', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'schemas-'));
    await writeFile(join(dir, 'pod.json'), '{ not json');
    const registry = new SchemaRegistry({
      locations: [`${dir}/{{ .ResourceKind }}.json`, CATALOG_TEMPLATE],
    });
    expect(await registry.schemaFor({ kind: 'Pod', apiVersion: 'v1' })).toEqual({
      error: `schema file ${dir}/pod.json is not a JSON object`,
    });
  });

  it('rejects a bad template at construction, before reading anything', () => {
    expect(
      () => new SchemaRegistry({ locations: [K8S, 'https://x.test/{{ .Kindd }}.json'] }),
    ).toThrow(/"https:\/\/x\.test\/\{\{ \.Kindd \}\}\.json".*unknown field \.Kindd/);
    expect(() => new SchemaRegistry({ cacheDirectory: join(K8S, 'nope') })).toThrow(
      /failed opening cache folder/,
    );
  });

  it('serves added schemas ahead of every location, by group, kind and version', async () => {
    const registry = new SchemaRegistry({ locations: [CATALOG_TEMPLATE] });
    const schema = { type: 'object', description: 'from a CRD' };
    registry.addSchema(
      { group: 'cluster.x-k8s.io', kind: 'Cluster', version: 'v1beta1' },
      schema,
      'crd.yaml',
    );
    expect(await registry.schemaFor(capiCluster)).toEqual({ schema, source: 'crd.yaml' });
    const other = await registry.schemaFor({
      ...capiCluster,
      apiVersion: 'cluster.x-k8s.io/v1beta2',
    });
    expect(other).toMatchObject({ source: `${CATALOG}/cluster.x-k8s.io/cluster_v1beta2.json` });
  });
});

describe('SchemaRegistry over HTTP', () => {
  const base = (url: string) => `${url}/kubernetes-json-schema`;

  it('falls through 404 and non-JSON bodies, fails on other statuses', async () => {
    const server = await startServer();
    const html = `${server.url}/portal/{{ .ResourceKind }}.json`;
    server.fault('/portal/deployment.json', status(200, {}, '<html>login</html>'));
    const registry = new SchemaRegistry({
      locations: [`${server.url}/missing`, html, base(server.url)],
      http: noSleep,
    });
    expect(kindEnum(await registry.schemaFor(deployment))).toEqual(['Deployment']);
    expect(server.requests.map((r) => r.path)).toEqual([
      '/missing/master-standalone/deployment-apps-v1.json',
      '/portal/deployment.json',
      '/kubernetes-json-schema/master-standalone/deployment-apps-v1.json',
    ]);

    server.fault('/kubernetes-json-schema/master-standalone/service-v1.json', status(403));
    const failing = new SchemaRegistry({ locations: [base(server.url)], http: { retries: 0 } });
    expect(await failing.schemaFor({ kind: 'Service', apiVersion: 'v1' })).toEqual({
      error: `error while downloading schema at ${server.url}/kubernetes-json-schema/master-standalone/service-v1.json - received HTTP status 403`,
    });
  });

  it('makes one request per URL even under concurrency', async () => {
    const server = await startServer();
    const registry = new SchemaRegistry({ locations: [base(server.url)], http: noSleep });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        registry.schemaFor(i % 2 ? deployment : { kind: 'ConfigMap', apiVersion: 'v1' }),
      ),
    );
    expect(results.flatMap(kindEnum).sort()).toEqual([
      ...Array(10).fill('ConfigMap'),
      ...Array(10).fill('Deployment'),
    ]);
    expect(server.requests).toHaveLength(2);
  });

  it('caches a 200 on disk under the SHA-256 of the URL; a warm run makes no request', async () => {
    const server = await startServer();
    const cacheDirectory = await mkdtemp(join(tmpdir(), 'schema-cache-'));
    const locations = [base(server.url)];
    server.fault('/kubernetes-json-schema/master-standalone/pod-v1.json', status(500));
    const cold = new SchemaRegistry({ locations, cacheDirectory, http: { retries: 0 } });
    expect(await cold.schemaFor({ kind: 'Pod', apiVersion: 'v1' })).toHaveProperty('error');
    expect(await cold.schemaFor(deployment)).toHaveProperty('schema');
    expect(await cold.schemaFor({ kind: 'Nope', apiVersion: 'v1' })).toHaveProperty('notFound');

    const url = `${server.url}/kubernetes-json-schema/master-standalone/deployment-apps-v1.json`;
    const name = createHash('sha256').update(url).digest('hex');
    const nope = sha256(`${server.url}/kubernetes-json-schema/master-standalone/nope-v1.json`);
    expect((await readdir(cacheDirectory)).sort()).toEqual([name, `${nope}.404`].sort());
    expect(await readFile(join(cacheDirectory, name), 'utf8')).toBe(
      await readFile(`${K8S}/master-standalone/deployment-apps-v1.json`, 'utf8'),
    );

    const requests = server.requests.length;
    const warm = new SchemaRegistry({ locations, cacheDirectory, offline: true });
    expect(kindEnum(await warm.schemaFor(deployment))).toEqual(['Deployment']);
    expect(await warm.schemaFor({ kind: 'Pod', apiVersion: 'v1' })).toMatchObject({
      notFound: true,
    });
    expect(server.requests).toHaveLength(requests);
  });

  it('refetches over a corrupt cache entry', async () => {
    const server = await startServer();
    const cacheDirectory = await mkdtemp(join(tmpdir(), 'schema-cache-'));
    const url = `${server.url}/kubernetes-json-schema/master-standalone/deployment-apps-v1.json`;
    await writeFile(new DiskCache(cacheDirectory).pathFor(url), '{"truncated');
    const registry = new SchemaRegistry({ locations: [base(server.url)], cacheDirectory });
    expect(kindEnum(await registry.schemaFor(deployment))).toEqual(['Deployment']);
    expect(server.requests).toHaveLength(1);
    expect(JSON.parse((await new DiskCache(cacheDirectory).get(url)) ?? '')).toHaveProperty(
      'properties',
    );
  });
});

describe('SchemaRegistry cache of 404s', () => {
  const K = '/kubernetes-json-schema/master-standalone';
  // The real case: a CRD kind is asked at the Kubernetes location before the catalog's.
  const crdFirst = (url: string) => [
    `${url}/kubernetes-json-schema`,
    `${url}/crds-catalog/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`,
  ];
  const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3600_000);
  /** Dates the marker of `url` back, as a marker restored from an older run is. */
  const age = (cacheDirectory: string, url: string, when: Date) =>
    utimes(new DiskCache(cacheDirectory).notFoundPathFor(url), when, when);

  it('keeps a 404 as an empty <sha256>.404 beside the schemas; a warm run asks nothing and answers the same', async () => {
    const server = await startServer();
    const cacheDirectory = await mkdtemp(join(tmpdir(), 'schema-cache-'));
    const locations = crdFirst(server.url);
    const cold = new SchemaRegistry({ locations, cacheDirectory, http: noSleep });
    const live = await cold.schemaFor(capiCluster);
    const nothing = await cold.schemaFor({ kind: 'Nothing', apiVersion: 'example.com/v1' });
    expect(live).toMatchObject({
      source: `${server.url}/crds-catalog/cluster.x-k8s.io/cluster_v1beta1.json`,
    });
    expect(nothing).toMatchObject({ notFound: true });
    const k8s = `${server.url}${K}/cluster-cluster-v1beta1.json`;
    const catalog = `${server.url}/crds-catalog/cluster.x-k8s.io/cluster_v1beta1.json`;
    const nothingK8s = `${server.url}${K}/nothing-example-v1.json`;
    const nothingCatalog = `${server.url}/crds-catalog/example.com/nothing_v1.json`;
    expect(server.requests.map((r) => `${server.url}${r.path}`)).toEqual([
      k8s,
      catalog,
      nothingK8s,
      nothingCatalog,
    ]);
    expect((await readdir(cacheDirectory)).sort()).toEqual(
      [
        `${sha256(k8s)}.404`,
        sha256(catalog),
        `${sha256(nothingK8s)}.404`,
        `${sha256(nothingCatalog)}.404`,
      ].sort(),
    );
    expect(await readFile(join(cacheDirectory, `${sha256(k8s)}.404`), 'utf8')).toBe('');

    const warm = new SchemaRegistry({ locations, cacheDirectory, http: noSleep });
    expect(await warm.schemaFor(capiCluster)).toEqual(live);
    expect(await warm.schemaFor({ kind: 'Nothing', apiVersion: 'example.com/v1' })).toEqual(
      nothing,
    );
    expect(server.requests).toHaveLength(4);
  });

  it('asks again once a marker is older than 24 hours, and keeps the new answer', async () => {
    const server = await startServer();
    const cacheDirectory = await mkdtemp(join(tmpdir(), 'schema-cache-'));
    const url = `${server.url}${K}/nothing-example-v1.json`;
    const nothing = { kind: 'Nothing', apiVersion: 'example.com/v1' };
    const registry = () =>
      new SchemaRegistry({ locations: [`${server.url}/kubernetes-json-schema`], cacheDirectory });
    expect(await registry().schemaFor(nothing)).toEqual({ notFound: true, tried: [url] });
    await age(cacheDirectory, url, hoursAgo(23));
    expect(await registry().schemaFor(nothing)).toEqual({ notFound: true, tried: [url] });
    expect(server.requests).toHaveLength(1);

    await age(cacheDirectory, url, hoursAgo(25));
    expect(await registry().schemaFor(nothing)).toEqual({ notFound: true, tried: [url] });
    expect(server.requests).toHaveLength(2);
    // Rewritten: dated now, so the next run asks nothing again.
    expect(await new DiskCache(cacheDirectory).notFoundSince(url)).toBeGreaterThan(
      hoursAgo(1).getTime(),
    );
    expect(await registry().schemaFor(nothing)).toEqual({ notFound: true, tried: [url] });
    expect(server.requests).toHaveLength(2);

    // Dated more than a lifetime ahead (a skewed clock's), a marker is not trusted.
    await age(cacheDirectory, url, hoursAgo(-25));
    expect(await registry().schemaFor(nothing)).toEqual({ notFound: true, tried: [url] });
    expect(server.requests).toHaveLength(3);
  });

  it('finds a schema published after the 404 once the marker expires, and drops the marker', async () => {
    const server = await startServer();
    const cacheDirectory = await mkdtemp(join(tmpdir(), 'schema-cache-'));
    const locations = [`${server.url}/kubernetes-json-schema`];
    const url = `${server.url}${K}/deployment-apps-v1.json`;
    server.fault(`${K}/deployment-apps-v1.json`, status(404));
    expect(await new SchemaRegistry({ locations, cacheDirectory }).schemaFor(deployment)).toEqual({
      notFound: true,
      tried: [url],
    });
    expect(await new SchemaRegistry({ locations, cacheDirectory }).schemaFor(deployment)).toEqual({
      notFound: true,
      tried: [url],
    });
    expect(server.requests).toHaveLength(1);

    await age(cacheDirectory, url, hoursAgo(25));
    const later = await new SchemaRegistry({ locations, cacheDirectory }).schemaFor(deployment);
    expect(kindEnum(later)).toEqual(['Deployment']);
    expect(server.requests).toHaveLength(2);
    expect(await readdir(cacheDirectory)).toEqual([sha256(url)]);
  });

  it('never keeps a 429, a 500 or a network failure', async () => {
    const server = await startServer();
    const cacheDirectory = await mkdtemp(join(tmpdir(), 'schema-cache-'));
    const locations = [`${server.url}/kubernetes-json-schema`];
    server.fault(`${K}/nothing-example-v1.json`, status(429), status(500));
    const nothing = { kind: 'Nothing', apiVersion: 'example.com/v1' };
    const http = { retries: 0 };
    for (const code of [429, 500]) {
      const result = await new SchemaRegistry({ locations, cacheDirectory, http }).schemaFor(
        nothing,
      );
      expect(result).toEqual({
        error: `error while downloading schema at ${server.url}${K}/nothing-example-v1.json - received HTTP status ${code}`,
      });
    }
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = new SchemaRegistry({
      locations: [`http://127.0.0.1:${port}/{{ .ResourceKind }}.json`],
      cacheDirectory,
      http,
    });
    expect(await unreachable.schemaFor(nothing)).toHaveProperty('error');
    expect(await readdir(cacheDirectory)).toEqual([]);

    expect(
      await new SchemaRegistry({ locations, cacheDirectory }).schemaFor(nothing),
    ).toMatchObject({
      notFound: true,
    });
    expect(server.requests).toHaveLength(3);
  });

  it('offline, takes any marker for a 404, expired or not', async () => {
    const server = await startServer();
    const cacheDirectory = await mkdtemp(join(tmpdir(), 'schema-cache-'));
    const locations = crdFirst(server.url);
    const live = await new SchemaRegistry({ locations, cacheDirectory }).schemaFor(capiCluster);
    await age(cacheDirectory, `${server.url}${K}/cluster-cluster-v1beta1.json`, hoursAgo(24 * 30));
    const offline = new SchemaRegistry({ locations, cacheDirectory, offline: true });
    expect(await offline.schemaFor(capiCluster)).toEqual(live);
    expect(server.requests).toHaveLength(2);
  });

  it('takes another lifetime from the options; 0 keeps no 404', async () => {
    const server = await startServer();
    const cacheDirectory = await mkdtemp(join(tmpdir(), 'schema-cache-'));
    const locations = [`${server.url}/kubernetes-json-schema`];
    const url = `${server.url}${K}/nothing-example-v1.json`;
    const nothing = { kind: 'Nothing', apiVersion: 'example.com/v1' };
    await new SchemaRegistry({ locations, cacheDirectory, notFoundTtlMs: 0 }).schemaFor(nothing);
    expect(await readdir(cacheDirectory)).toEqual([]);

    await new SchemaRegistry({ locations, cacheDirectory }).schemaFor(nothing);
    await age(cacheDirectory, url, new Date(Date.now() - 120_000));
    await new SchemaRegistry({ locations, cacheDirectory, notFoundTtlMs: 3600_000 }).schemaFor(
      nothing,
    );
    expect(server.requests).toHaveLength(2);
    await new SchemaRegistry({ locations, cacheDirectory, notFoundTtlMs: 60_000 }).schemaFor(
      nothing,
    );
    expect(server.requests).toHaveLength(3);
    await new SchemaRegistry({ locations, cacheDirectory, notFoundTtlMs: 0 }).schemaFor(nothing);
    expect(server.requests).toHaveLength(4);

    expect(() => new SchemaRegistry({ notFoundTtlMs: -1 })).toThrow(
      'notFoundTtlMs -1: expected milliseconds, 0 or more',
    );
  });

  it('answers a 404 the same when its marker cannot be written', async () => {
    const server = await startServer();
    const cacheDirectory = await mkdtemp(join(tmpdir(), 'schema-cache-'));
    const locations = [`${server.url}/kubernetes-json-schema`];
    const url = `${server.url}${K}/nothing-example-v1.json`;
    // A directory where the marker goes: the rename onto it fails, as in a read-only folder.
    await mkdir(new DiskCache(cacheDirectory).notFoundPathFor(url));
    const nothing = { kind: 'Nothing', apiVersion: 'example.com/v1' };
    for (let run = 1; run <= 2; run++) {
      const registry = new SchemaRegistry({ locations, cacheDirectory });
      expect(await registry.schemaFor(nothing)).toEqual({ notFound: true, tried: [url] });
      expect(server.requests).toHaveLength(run);
    }
    expect(await readdir(cacheDirectory)).toEqual([`${sha256(url)}.404`]);
  });
});

describe('groupVersion', () => {
  it('splits an apiVersion', () => {
    expect(groupVersion('v1')).toEqual({ group: '', version: 'v1' });
    expect(groupVersion('cluster.x-k8s.io/v1beta2')).toEqual({
      group: 'cluster.x-k8s.io',
      version: 'v1beta2',
    });
  });
});

describe('SchemaRegistry accept', () => {
  it('passes over a schema the caller refuses and tries the next source', async () => {
    const registry = new SchemaRegistry({ locations: [K8S, CATALOG_TEMPLATE] });
    registry.addSchema(
      { group: 'apps', kind: 'Deployment', version: 'v1' },
      { bad: 1 },
      'crd.yaml',
    );
    const seen: string[] = [];
    const result = await registry.schemaFor(deployment, {
      accept: (schema, source) => {
        seen.push(source);
        return !('bad' in schema);
      },
    });
    expect(seen).toEqual(['crd.yaml', `${K8S}/master-standalone/deployment-apps-v1.json`]);
    expect(kindEnum(result)).toEqual(['Deployment']);
    const none = await registry.schemaFor(deployment, { accept: () => false });
    expect(none).toEqual({
      notFound: true,
      tried: [
        `${K8S}/master-standalone/deployment-apps-v1.json`,
        `${CATALOG}/apps/deployment_v1.json`,
      ],
    });
  });
});

describe('SchemaRegistry failures', () => {
  it('fails the resource with the URL when the host cannot be reached', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const location = `http://127.0.0.1:${port}/{{ .ResourceKind }}.json`;
    const registry = new SchemaRegistry({
      locations: [location, K8S],
      http: { retries: 1, sleep: async () => {} },
    });
    const result = await registry.schemaFor(deployment);
    expect(result).toHaveProperty('error');
    expect((result as { error: string }).error).toMatch(
      new RegExp(
        `^failed downloading schema at http://127\\.0\\.0\\.1:${port}/deployment\\.json: `,
      ),
    );
  });

  it('fails on a directory where a schema file should be, falls through a missing file: URL', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'schemas-'));
    await mkdir(join(dir, 'fixed.json'));
    const registry = new SchemaRegistry({
      locations: [
        `${pathToFileURL(dir).href}/nothing/{{ .ResourceKind }}.json`,
        `${dir}/fixed.json`,
      ],
    });
    const result = await registry.schemaFor(deployment);
    expect(result).toEqual({
      error: `failed reading schema file ${dir}/fixed.json: EISDIR: illegal operation on a directory, read`,
    });
  });

  it('offline without a cache finds nothing remote and says so', async () => {
    const registry = new SchemaRegistry({ offline: true });
    expect(await registry.schemaFor(deployment)).toEqual({
      notFound: true,
      tried: [
        'https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/master-standalone/deployment-apps-v1.json',
        'https://raw.githubusercontent.com/datreeio/CRDs-catalog/main/apps/deployment_v1.json',
      ],
    });
  });
});
