import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SchemaRegistry } from '@fleetops/schemas';
import { writeTree } from '@fleetops/test/tree';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { mayHoldCrd, planBatches } from '../src/batch.ts';
import { runFindings } from '../src/findings.ts';
import {
  KindFilter,
  type KubeconformFormat,
  kubeconformFormats,
  type RunOptions,
  renderKubeconform,
  runValidation,
  splitDocuments,
} from '../src/index.ts';
import { poolTesting } from '../src/worker-pool.ts';
import { configMap, kubernetesSchemas, replicationController, shared } from './fixtures.ts';

// A run spread over worker threads must give what one thread gives, byte for byte, in every
// output. The fixture mixes every status, Lists, a CRD among the files (read in place from
// shared/schemas) and custom resources it serves, YAML and JSON, empty files and documents.

const capiClusterCrd = `${shared}cluster-api-v1.14.0/core/config/crd/bases/cluster.x-k8s.io_clusters.yaml`;
const catalog = `${shared}crds-catalog/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`;

const deployment = (i: number, replicas: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${i}
  namespace: apps
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: web-${i}}
  template:
    metadata:
      labels: {app: web-${i}}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports: [{containerPort: 80}]
`;
const service = (i: number, port: string) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: web-${i}\nspec:\n  ports:\n    - port: ${port}\n`;
const cluster = (name: string, cidrs: string) => `apiVersion: cluster.x-k8s.io/v1beta2
kind: Cluster
metadata:
  name: ${name}
spec:
  clusterNetwork:
    pods:
      cidrBlocks: ${cidrs}
`;
const application = (name: string, revision: string) => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ${name}
spec:
  project: default
  destination: {server: https://kubernetes.default.svc, namespace: x}
  source: {repoURL: https://example.com/r.git, path: p, targetRevision: ${revision}}
`;

function fixture(): Record<string, string> {
  const files: Record<string, string> = {
    'fleet/a-empty.yaml': '',
    'fleet/b-comments.yaml': '# nothing here\n',
    'fleet/c-separators.yaml': '---\n---\n',
    'fleet/d-broken.yaml': `${configMap('before')}---\nkind: [unclosed\n---\n${configMap('after')}`,
    'fleet/e-no-kind.yaml': 'apiVersion: v1\nmetadata:\n  name: x\n---\nkind: ConfigMap\n',
    'fleet/f-secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n',
    'fleet/g-rejected.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n',
    'fleet/h-widget.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n',
    'fleet/i-list.yaml': `apiVersion: v1\nkind: List\nitems:\n  - ${replicationController
      .replace('replicas: 2', 'replicas: two')
      .replaceAll('\n', '\n    ')
      .trimEnd()}\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: in-list}}\n`,
    'fleet/j-empty-list.yaml': 'apiVersion: v1\nkind: List\nitems: []\n',
    'fleet/k-dup.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\n  name: e\n',
    'fleet/l-data.json': JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'j' },
    }),
    'fleet/m-scalar.yaml': 'just a string\n',
    'fleet/n-clusters.yaml': `${cluster('ok', '["10.0.0.0/16"]')}---\n${cluster('bad', '"10.0.0.0/16"')}`,
    'fleet/o-apps.yaml': `${application('ok', 'HEAD')}---\n${application('bad', '[HEAD]')}`,
  };
  for (let f = 0; f < 40; f++) {
    const docs = [];
    for (let d = 0; d < 6; d++) {
      const i = f * 6 + d;
      docs.push(
        d % 3 === 0
          ? deployment(i, i % 7 === 0 ? '"3"' : '3')
          : d % 3 === 1
            ? service(i, i % 5 === 0 ? 'eighty' : '80')
            : configMap(`cfg-${i}`),
      );
    }
    files[`fleet/team-${String(f).padStart(2, '0')}/apps.yaml`] = docs.join('---\n');
  }
  return files;
}

const registry = (strict = false) =>
  new SchemaRegistry({ locations: [kubernetesSchemas, catalog], strict });

/** The run on one thread and on three (two workers), the threshold forced down. */
async function both(options: Omit<RunOptions, 'registry' | 'readStdin'> & { input?: string }) {
  const common = { readStdin: async () => options.input ?? '', ...options };
  const one = await runValidation({
    ...common,
    registry: registry(options.strict),
    concurrency: 1,
  });
  const many = await runValidation({
    ...common,
    registry: registry(options.strict),
    threads: 3,
    workerThreshold: 0,
  });
  return { one, many };
}

const render = (format: KubeconformFormat, run: Awaited<ReturnType<typeof runValidation>>) =>
  renderKubeconform(format, run.results, {
    summary: true,
    verbose: true,
    stdin: run.stdin,
    seconds: 0,
  });

const filters = { skip: KindFilter.parse(['Secret']), reject: KindFilter.parse(['Namespace']) };

// The test runs are small: the main thread would be done before a worker is ready.
beforeEach(() => {
  poolTesting.startTogether = true;
});

afterEach(() => {
  delete poolTesting.crash;
  delete poolTesting.startTogether;
  poolTesting.handedBack = 0;
});

describe('worker threads', () => {
  it('give every output byte for byte as one thread does, in the same order', async () => {
    const cwd = await writeTree(fixture());
    const { one, many } = await both({ cwd, paths: [capiClusterCrd, 'fleet'], ...filters });
    expect(one.workers).toBe(0);
    expect(many.workers).toBeGreaterThanOrEqual(1);
    const statuses = new Set(one.results.map((result) => result.status));
    expect([...statuses].sort()).toEqual(['empty', 'error', 'invalid', 'skipped', 'valid']);
    expect(one.results.some((r) => r.file === capiClusterCrd && r.status === 'valid')).toBe(true);
    expect(
      one.results.find((r) => r.signature.name === 'bad' && r.signature.kind === 'Cluster')
        ?.schemaSource,
    ).toBe(capiClusterCrd);
    for (const format of kubeconformFormats) expect(render(format, many)).toBe(render(format, one));
  });

  it('locate findings and keep the decoded resources for the cross-references', async () => {
    const cwd = await writeTree(fixture());
    const { one, many } = await both({ cwd, paths: ['fleet'], ...filters });
    const findings = (run: typeof one) => runFindings(run.results, { references: {} });
    expect(findings(many)).toEqual(findings(one));
    expect(findings(one).some((finding) => (finding.location.line ?? 0) > 1)).toBe(true);
    expect(many.results.map((r) => r.object)).toEqual(one.results.map((r) => r.object));
    const bare = await runValidation({
      cwd,
      paths: ['fleet'],
      readStdin: async () => '',
      registry: registry(),
      threads: 2,
      workerThreshold: 0,
      objects: false,
      ...filters,
    });
    expect(bare.results.every((result) => result.object === undefined)).toBe(true);
    expect(runFindings(bare.results)).toEqual(runFindings(one.results));
  });

  it('agree under -strict, -ignore-missing-schemas and on standard input', async () => {
    const cwd = await writeTree(fixture());
    const strict = await both({ cwd, paths: ['fleet'], strict: true, ignoreMissingSchemas: true });
    for (const format of kubeconformFormats)
      expect(render(format, strict.many)).toBe(render(format, strict.one));
    const input = Object.values(fixture()).join('\n---\n');
    const stdin = await both({ cwd, paths: [], input });
    expect(stdin.many.stdin).toBe(true);
    expect(stdin.many.workers).toBeGreaterThanOrEqual(1);
    expect(render('text', stdin.many)).toBe(render('text', stdin.one));
  });

  it('stop at the first failure in file order with -exit-on-error', async () => {
    const cwd = await writeTree(fixture());
    const { one, many } = await both({ cwd, paths: ['fleet', 'missing'], exitOnError: true });
    expect(one.results.at(-1)?.status).toMatch(/invalid|error/);
    expect(render('json', many)).toBe(render('json', one));
    // Without a failure the walk's error still ends the run.
    const tidy = await writeTree({ 'ok/a.yaml': configMap('a'), 'ok/b.yaml': configMap('b') });
    const end = await both({ cwd: tidy, paths: ['ok', 'missing'], exitOnError: true });
    expect(render('text', end.many)).toBe(render('text', end.one));
    expect(end.one.results.at(-1)?.error).toBe('lstat missing: no such file or directory');
  });

  it.each(['exit', 'throw', 'reject'] as const)(
    'lose no result when a worker fails on a batch (%s)',
    async (how) => {
      const cwd = await writeTree(fixture());
      // The first batch always goes to a worker; this file, with a YAML error, is in it.
      poolTesting.crash = { path: 'fleet/d-broken.yaml', how };
      const { one, many } = await both({ cwd, paths: ['fleet'], ...filters });
      expect(poolTesting.handedBack).toBeGreaterThan(0);
      expect(render('text', many)).toBe(render('text', one));
    },
  );

  it('fall back to the main thread when no worker can work', async () => {
    const cwd = await writeTree(fixture());
    poolTesting.crash = { path: '*', how: 'exit' };
    const { one, many } = await both({ cwd, paths: ['fleet'], ...filters });
    expect(many.workers).toBe(0);
    expect(poolTesting.handedBack).toBeGreaterThan(0);
    expect(render('junit', many)).toBe(render('junit', one));
  });

  it('fetch each schema URL once for all threads', async () => {
    const requests: string[] = [];
    const server = createServer((request, response) => {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
      requests.push(path);
      readFile(join(kubernetesSchemas, path)).then(
        (body) => response.writeHead(200).end(body),
        () => response.writeHead(404).end('404: Not Found'),
      );
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    onTestFinished(() => new Promise<void>((done) => server.close(() => done())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const cwd = await writeTree(fixture());
    const run = await runValidation({
      cwd,
      paths: ['fleet'],
      readStdin: async () => '',
      registry: new SchemaRegistry({ locations: [url] }),
      threads: 3,
      workerThreshold: 0,
    });
    expect(run.workers).toBeGreaterThanOrEqual(1);
    expect(requests.length).toBeGreaterThan(3);
    expect(new Set(requests).size).toBe(requests.length);
  });

  it('pass over a schema that does not compile to the next location, as one thread does', async () => {
    // A schema with a remote $ref (a non-standalone layout) does not compile.
    const cwd = await writeTree({
      ...fixture(),
      'schemas/master/configmap-v1.json': JSON.stringify({ $ref: '_definitions.json#/x' }),
    });
    const locations = [
      `${cwd}/schemas/{{ .NormalizedKubernetesVersion }}/{{ .ResourceKind }}-{{ .ResourceAPIVersion }}.json`,
      kubernetesSchemas,
    ];
    const run = (threads: number) =>
      runValidation({
        cwd,
        paths: ['fleet'],
        readStdin: async () => '',
        registry: new SchemaRegistry({ locations }),
        threads,
        workerThreshold: 0,
      });
    const [one, many] = [await run(1), await run(3)];
    expect(many.workers).toBeGreaterThanOrEqual(1);
    expect(one.results.find((r) => r.signature.kind === 'ConfigMap')?.schemaSource).toContain(
      'master-standalone',
    );
    expect(render('text', many)).toBe(render('text', one));
  });
});

describe('batches', () => {
  it('cut documents in file order, splitting a big file, keeping files without documents', () => {
    const files = [
      { path: 'a.yaml', text: `${configMap('a')}---\n${configMap('b')}---\n${configMap('c')}` },
      { path: 'empty.yaml', text: '' },
      { path: 'b.yaml', text: configMap('d') },
    ];
    const documents = files.map((file) => splitDocuments(file.text));
    const batches = planBatches(files, documents, 100);
    expect(
      batches.map((batch) => batch.units.map((u) => [u.file, u.first, u.tokens.length])),
    ).toEqual([
      [[0, 0, 2]],
      [
        [0, 2, 1],
        [1, 0, 0],
        [2, 0, 1],
      ],
    ]);
  });

  it('find every file that may hold a CRD, escaped kinds included', () => {
    expect(mayHoldCrd('kind: CustomResourceDefinition\n')).toBe(true);
    expect(mayHoldCrd('{"kind": "Custom\\u0052esourceDefinition"}')).toBe(true);
    expect(mayHoldCrd('kind: "\\x43ustomResource\\\n    Definition"')).toBe(true);
    expect(mayHoldCrd('kind: ConfigMap\ndata: {a: "line\\n"}\n')).toBe(false);
    expect(mayHoldCrd('kind: CustomResource\n  Definition\n')).toBe(false);
  });
});
