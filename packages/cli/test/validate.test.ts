import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { writeTree } from '@fleetops/test/tree';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  kubernetesSchemas as k8s,
  replicationController as rc,
  shared,
} from '../../validate/test/fixtures.ts';
import { normaliseArgs, usage, validateCommand } from '../src/commands/validate.ts';
import { type MemoryIo, memoryIo } from './memory-io.ts';

/** Runs `fleetops validate ARGS` in-process (the command alone, as the program would). */
async function validate(io: MemoryIo, args: string[]): Promise<number> {
  const command = validateCommand(io)
    .exitOverride()
    .configureOutput({ writeOut: (t) => io.stdout.write(t), writeErr: (t) => io.stderr.write(t) });
  await command.parseAsync(args, { from: 'user' });
  return io.exitCode;
}

const invalidRc = rc.replace('replicas: 2', 'replicas: "2"');

/** Serves shared/schemas over loopback HTTP; counts requests; `fail` maps a path to a status. */
async function schemaServer(fail: Record<string, number> = {}) {
  const requests: string[] = [];
  const authorizations: (string | undefined)[] = [];
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    requests.push(path);
    authorizations.push(request.headers.authorization);
    if (fail[path]) {
      response.writeHead(fail[path]).end('nope');
      return;
    }
    readFile(join(shared, path)).then(
      (body) => response.writeHead(200).end(body),
      () => response.writeHead(404).end('404: Not Found'),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  onTestFinished(() => new Promise<void>((done) => server.close(() => done())));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    authorizations,
  };
}

describe('fleetops validate: kubeconform flags', () => {
  it('takes flags with one or two dashes, and Go boolean values', () => {
    expect(
      normaliseArgs([
        '-summary',
        '--strict=false',
        '-output=json',
        '-n',
        '2',
        '--n=3',
        '-schema-location',
        'x',
        'a.yaml',
        '-v',
      ]),
    ).toEqual([
      '--summary',
      '--output=json',
      '-n',
      '2',
      '-n',
      '3',
      '--schema-location',
      'x',
      'a.yaml',
      '-v',
    ]);
  });

  it('validates files with single-dash flags, summary and exit code 1 on an invalid resource', async () => {
    const dir = await writeTree({ 'valid.yaml': rc, 'invalid.yaml': invalidRc });
    const io = memoryIo(dir);
    const code = await validate(io, [
      '-schema-location',
      k8s,
      '-summary',
      'valid.yaml',
      'invalid.yaml',
    ]);
    expect(code).toBe(1);
    const url = `file://${k8s}/master-standalone/replicationcontroller-v1.json`;
    expect(io.out()).toBe(
      `invalid.yaml - ReplicationController bob is invalid: problem validating schema. Check JSON formatting: jsonschema validation failed with '${url}#' - at '/spec/replicas': got string, want null or integer\n` +
        'Summary: 2 resources found in 2 files - Valid: 1, Invalid: 1, Errors: 0, Skipped: 0\n',
    );
    expect(io.err()).toBe('');
  });

  it('selects the Kubernetes version and strict schemas', async () => {
    const dir = await writeTree({
      'rc.yaml': rc.replace('  name: bob', '  name: bob\n  extra: 1'),
    });
    const io = memoryIo(dir);
    const args = [
      '--schema-location',
      k8s,
      '--kubernetes-version',
      '1.30.10',
      '--strict',
      'rc.yaml',
    ];
    expect(await validate(io, args)).toBe(1);
    expect(io.out()).toContain(
      `v1.30.10-standalone-strict/replicationcontroller-v1.json#' - at '/metadata': additional properties 'extra' not allowed`,
    );
  });

  it("rejects a bad -kubernetes-version with Go's words and the usage, exit 1", async () => {
    const io = memoryIo('/');
    expect(await validate(io, ['-kubernetes-version', '1.25', 'x.yaml'])).toBe(1);
    const lines = io.err().split('\n');
    expect(lines[0]).toBe(
      'invalid value "1.25" for flag -kubernetes-version: 1.25 is not a valid version. Valid values are "master" (default) or full version x.y.z (e.g. "1.27.2")',
    );
    expect(lines[1]).toMatch(/^Usage:/);
    expect(io.err()).toBe(`${lines[0]}\n${usage()}\n`);
  });

  it('rejects an unknown flag as Go does, and prints help on -h with exit 0', async () => {
    const io = memoryIo('/');
    expect(await validate(io, ['-xyz'])).toBe(1);
    expect(io.err().split('\n')[0]).toBe('flag provided but not defined: -xyz');
    const help = memoryIo('/');
    expect(await validate(help, ['-h'])).toBe(0);
    // kubeconform prints the flag package's usage with fmt.Fprintln: a blank line ends it.
    expect(help.out()).toBe(`${usage()}\n`);
    expect(help.out().split('\n').slice(-4)).toEqual([
      '  -verbose',
      '    \tprint results for all resources (ignored for tap and junit output)',
      '',
      '',
    ]);
    expect(io.err()).toBe(`flag provided but not defined: -xyz\n${usage()}\n`);
    expect(help.out().split('\n')[0]).toBe(
      'Usage: fleetops validate [OPTION]... [FILE OR FOLDER]...',
    );
    expect(help.out()).toContain('  -h\tshow help information\n  -ignore-filename-pattern value\n');
  });

  it('fails early on a bad template location or a missing cache folder', async () => {
    const io = memoryIo('/tmp');
    expect(await validate(io, ['-schema-location', 'foo {{ .Foo }}', 'x.yaml'])).toBe(1);
    expect(io.err()).toMatch(/^failed initialising[^\n]*\n$/);
    const cache = memoryIo('/tmp');
    expect(await validate(cache, ['-cache', 'cache_does_not_exist', '-summary', 'x.yaml'])).toBe(1);
    expect(cache.err()).toBe(
      'failed opening cache folder cache_does_not_exist: stat cache_does_not_exist: no such file or directory\n',
    );
  });

  it('reads standard input, and refuses a terminal as kubeconform does', async () => {
    const io = memoryIo('/tmp', rc);
    expect(await validate(io, ['-schema-location', k8s, '-summary'])).toBe(0);
    expect(io.out()).toBe(
      'Summary: 1 resource found parsing stdin - Valid: 1, Invalid: 0, Errors: 0, Skipped: 0\n',
    );
    const tty = memoryIo('/tmp');
    (tty.stdin as { isTTY?: boolean }).isTTY = true;
    expect(await validate(tty, ['-'])).toBe(1);
    expect(tty.err()).toBe('failing to read data from stdin\n');
  });

  it('writes each kubeconform output, and rejects an unknown one', async () => {
    const dir = await writeTree({ 'valid.yaml': rc });
    const tap = memoryIo(dir);
    expect(await validate(tap, ['-schema-location', k8s, '-output', 'tap', 'valid.yaml'])).toBe(0);
    expect(tap.out()).toBe(
      'TAP version 13\nok 1 - valid.yaml (v1/ReplicationController//bob)\n1..1\n',
    );
    const json = memoryIo(dir);
    expect(
      await validate(json, ['-schema-location', k8s, '-output', 'json', '-summary', 'valid.yaml']),
    ).toBe(0);
    expect(JSON.parse(json.out())).toEqual({
      resources: [],
      summary: { valid: 1, invalid: 0, errors: 0, skipped: 0 },
    });
    const junit = memoryIo(dir);
    expect(await validate(junit, ['-schema-location', k8s, '-output', 'junit', 'valid.yaml'])).toBe(
      0,
    );
    expect(junit.out()).toMatch(
      /^<testsuites name="kubeconform" time="[0-9.e-]+" tests="1" failures="0" disabled="0" errors="0">\n/,
    );
    const bad = memoryIo(dir);
    expect(await validate(bad, ['-output', 'yaml', 'valid.yaml'])).toBe(1);
    expect(bad.err()).toBe("'outputFormat' must be 'json', 'junit', 'pretty', 'tap' or 'text'\n");
  });
});

describe('fleetops validate: --crd', () => {
  it('validates custom resources against CRD files, and fails early on a missing one', async () => {
    const crds = `${shared}argo-cd-v3.5.1/manifests/crds`;
    const dir = await writeTree({
      'project.yaml':
        'apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata:\n  name: p\nspec:\n  sourceRepos: "*"\n',
    });
    const io = memoryIo(dir);
    expect(await validate(io, ['-schema-location', k8s, '--crd', crds, 'project.yaml'])).toBe(1);
    expect(io.out()).toContain("- at '/spec/sourceRepos': got string, want array");
    const missing = memoryIo(dir);
    expect(await validate(missing, ['--crd', 'nope', 'project.yaml'])).toBe(1);
    expect(missing.err()).toBe('-crd: lstat nope: no such file or directory\n');
    expect(missing.out()).toBe('');
  });
});

describe('fleetops validate: --openapi', () => {
  it('serves core kinds from a saved /openapi/v2 document, offline', async () => {
    // The hand-written ConfigMap excerpt of /openapi/v2 that the check tests use too.
    const openapi = await readFile(
      new URL('../../check/test/fixtures/openapi-v2.json', import.meta.url),
      'utf8',
    );
    const dir = await writeTree({
      'openapi.json': openapi,
      'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  count: 1\n',
    });
    const io = memoryIo(dir);
    expect(await validate(io, ['--openapi', 'openapi.json', '--offline', 'cm.yaml'])).toBe(1);
    expect(io.err()).toBe('');
    expect(io.out()).toBe(
      `cm.yaml - ConfigMap c is invalid: problem validating schema. Check JSON formatting: jsonschema validation failed with 'file://${dir}/openapi.json#' - at '/data/count': got number, want null or string\n`,
    );
    const broken = memoryIo(dir);
    expect(await validate(broken, ['--openapi', 'cm.yaml', 'cm.yaml'])).toBe(1);
    expect(broken.err()).toMatch(/^-openapi cm.yaml: /);
  });
});

describe('fleetops validate: findings formats', () => {
  it('--format github annotates the exact line and column', async () => {
    const dir = await writeTree({ 'invalid.yaml': invalidRc });
    const io = memoryIo(dir);
    expect(
      await validate(io, ['-schema-location', k8s, '--format', 'github', 'invalid.yaml']),
    ).toBe(1);
    expect(io.out()).toContain('file=invalid.yaml,line=6,col=13');
    expect(io.out()).toContain(
      'ReplicationController bob: /spec/replicas: got string, want null or integer',
    );
  });

  it('--format sarif names the rule and the region', async () => {
    const dir = await writeTree({ 'invalid.yaml': invalidRc });
    const io = memoryIo(dir);
    expect(await validate(io, ['-schema-location', k8s, '--format', 'sarif', 'invalid.yaml'])).toBe(
      1,
    );
    const sarif = JSON.parse(io.out());
    const [result] = sarif.runs[0].results;
    expect(result.ruleId).toBe('validate/schema');
    expect(result.locations[0].physicalLocation.region).toMatchObject({
      startLine: 6,
      startColumn: 13,
    });
  });
});

const capi = `apiVersion: cluster.x-k8s.io/v1beta1
kind: Cluster
metadata:
  name: prod
  namespace: fleet
spec:
  infrastructureRef:
    apiVersion: infrastructure.cluster.x-k8s.io/v1beta2
    kind: AWSCluster
    name: prd
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta2
kind: AWSCluster
metadata:
  name: prod
  namespace: fleet
spec:
  region: eu-west-1
`;
const catalog = `${shared}crds-catalog/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`;

describe('fleetops validate: cross-references', () => {
  it('reports a dangling infrastructureRef at its name, with the nearest name', async () => {
    const dir = await writeTree({ 'cluster.yaml': capi });
    const io = memoryIo(dir);
    const args = ['-schema-location', k8s, '-schema-location', catalog, '--format', 'json'];
    expect(await validate(io, [...args, 'cluster.yaml'])).toBe(1);
    const { findings } = JSON.parse(io.out());
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'validate/capi-infrastructure-ref',
      severity: 'error',
      location: { file: 'cluster.yaml', line: 10, column: 11 },
    });
    expect(findings[0].message).toContain('did you mean "prod"?');
  });

  it('leaves them out with --no-references or --disable-rule, and rejects an unknown rule', async () => {
    const dir = await writeTree({ 'cluster.yaml': capi });
    const args = ['-schema-location', k8s, '-schema-location', catalog, '--format', 'json'];
    for (const off of [
      ['--no-references'],
      ['-disable-rule', 'validate/capi-infrastructure-ref'],
    ]) {
      const io = memoryIo(dir);
      expect(await validate(io, [...args, ...off, 'cluster.yaml'])).toBe(0);
      expect(JSON.parse(io.out()).findings).toEqual([]);
    }
    const io = memoryIo(dir);
    expect(await validate(io, [...args, '--disable-rule', 'nope', 'cluster.yaml'])).toBe(1);
    expect(io.err().split('\n')[0]).toBe(
      'invalid value "nope" for flag -disable-rule: no such rule',
    );
  });

  it('keeps the kubeconform outputs as they were: no reference findings', async () => {
    const dir = await writeTree({ 'cluster.yaml': capi });
    const io = memoryIo(dir);
    const args = ['-schema-location', k8s, '-schema-location', catalog, '-summary'];
    expect(await validate(io, [...args, 'cluster.yaml'])).toBe(0);
    expect(io.out()).toMatch(
      /^Summary: 2 resources found in 1 file - Valid: 2, Invalid: 0, Errors: 0, Skipped: 0\n$/,
    );
  });
});

describe('fleetops validate: schemas over HTTP', () => {
  it('fetches from a template location, caches by SHA-256 of the URL, and runs offline from the cache', async () => {
    const server = await schemaServer();
    const dir = await writeTree({ 'valid.yaml': rc });
    await mkdir(join(dir, 'cache'));
    const location = `${server.url}/kubernetes-json-schema/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json`;
    const first = memoryIo(dir);
    expect(
      await validate(first, [
        '-schema-location',
        location,
        '-cache',
        'cache',
        '-summary',
        'valid.yaml',
      ]),
    ).toBe(0);
    const url = `${server.url}/kubernetes-json-schema/master-standalone/replicationcontroller-v1.json`;
    expect(await readdir(join(dir, 'cache'))).toEqual([
      createHash('sha256').update(url).digest('hex'),
    ]);
    expect(server.requests).toHaveLength(1);
    const warm = memoryIo(dir);
    expect(
      await validate(warm, [
        '-schema-location',
        location,
        '-cache',
        'cache',
        '--offline',
        '-summary',
        'valid.yaml',
      ]),
    ).toBe(0);
    expect(server.requests).toHaveLength(1);
  });

  it('falls through a 404 to the next location, and fails the resource on a 500', async () => {
    const server = await schemaServer({ '/broken/replicationcontroller-v1.json': 500 });
    const dir = await writeTree({ 'valid.yaml': rc });
    const io = memoryIo(dir);
    const missing = `${server.url}/nowhere/{{ .ResourceKind }}{{ .KindSuffix }}.json`;
    expect(
      await validate(io, [
        '-schema-location',
        missing,
        '-schema-location',
        k8s,
        '-summary',
        'valid.yaml',
      ]),
    ).toBe(0);
    const broken = memoryIo(dir);
    const location = `${server.url}/broken/{{ .ResourceKind }}{{ .KindSuffix }}.json`;
    expect(await validate(broken, ['-schema-location', location, 'valid.yaml'])).toBe(1);
    expect(broken.out()).toBe(
      `valid.yaml - ReplicationController bob failed validation: error while downloading schema at ${server.url}/broken/replicationcontroller-v1.json - received HTTP status 500\n`,
    );
  });

  it('finds Cluster API kinds in the CRD catalog location', async () => {
    const server = await schemaServer();
    const dir = await writeTree({
      'cluster.yaml':
        'apiVersion: cluster.x-k8s.io/v1beta1\nkind: Cluster\nmetadata:\n  name: c\nspec:\n  paused: "no"\n',
    });
    const io = memoryIo(dir);
    const catalog = `${server.url}/crds-catalog/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`;
    expect(
      await validate(io, ['-schema-location', k8s, '-schema-location', catalog, 'cluster.yaml']),
    ).toBe(1);
    expect(io.out()).toContain(
      `/crds-catalog/cluster.x-k8s.io/cluster_v1beta1.json#' - at '/spec/paused': got string, want boolean`,
    );
  });

  it('sends --schema-header to its host, the token read from the environment and never printed', async () => {
    const server = await schemaServer({
      '/kubernetes-json-schema/master-standalone/configmap-v1.json': 500,
    });
    const dir = await writeTree({
      'valid.yaml': rc,
      'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n',
    });
    const io = memoryIo(dir, '', { SCHEMAS_TOKEN: 's3cret' });
    const host = new URL(server.url).host;
    const location = `${server.url}/kubernetes-json-schema/{{ .NormalizedKubernetesVersion }}-standalone/{{ .ResourceKind }}{{ .KindSuffix }}.json`;
    const args = [
      '-schema-location',
      location,
      '--schema-header',
      `${host}: Authorization: Bearer \${SCHEMAS_TOKEN}`,
    ];
    expect(await validate(io, [...args, 'valid.yaml', 'cm.yaml'])).toBe(1);
    expect(server.authorizations[0]).toBe('Bearer s3cret');
    expect(io.out()).toContain(
      'cm.yaml - ConfigMap c failed validation: error while downloading schema',
    );
    expect(io.out() + io.err()).not.toContain('s3cret');
  });
});

describe('fleetops validate: -insecure-skip-tls-verify', () => {
  it('fails on a self-signed schema server unless told to skip verification', async () => {
    const fixture = (name: string) =>
      readFile(new URL(`../../schemas/test/fixtures/${name}`, import.meta.url));
    const server = createHttpsServer(
      {
        key: await fixture('throwaway-loopback.key'),
        cert: await fixture('throwaway-loopback.crt'),
      },
      (request, response) => {
        const path = decodeURIComponent(new URL(request.url ?? '/', 'https://x').pathname);
        readFile(join(shared, path)).then(
          (body) => response.writeHead(200).end(body),
          () => response.writeHead(404).end('404: Not Found'),
        );
      },
    );
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    onTestFinished(() => new Promise<void>((done) => server.close(() => done())));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const location = `${url}/kubernetes-json-schema/master-standalone/{{ .ResourceKind }}{{ .KindSuffix }}.json`;
    const dir = await writeTree({ 'valid.yaml': rc });
    const strict = memoryIo(dir);
    expect(await validate(strict, ['-schema-location', location, 'valid.yaml'])).toBe(1);
    expect(strict.out()).toContain(
      'failed validation: failed downloading schema at https://127.0.0.1',
    );
    expect(strict.out()).toContain('self-signed certificate');
    const insecure = memoryIo(dir);
    const args = [
      '-insecure-skip-tls-verify',
      '-schema-location',
      location,
      '-summary',
      'valid.yaml',
    ];
    expect(await validate(insecure, args)).toBe(0);
    expect(insecure.out()).toContain('Valid: 1, Invalid: 0, Errors: 0');
  });
});
