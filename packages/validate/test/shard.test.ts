import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '@fleetops/core';
import { writeTree } from '@fleetops/test/tree';
import { describe, expect, it } from 'vitest';
import {
  inShard,
  mergeReportFiles,
  mergeShardReports,
  parseShard,
  parseShardReport,
  renderKindTable,
  renderShardReport,
  runValidationJob,
  type ShardReport,
  shardOfPath,
  sumTallies,
  tallyFails,
  type ValidationOutcome,
} from '../src/index.ts';
import { configMap, kubernetesSchemas, shared } from './fixtures.ts';

describe('parseShard', () => {
  it.each([
    ['1/1', { index: 1, count: 1 }],
    ['2/4', { index: 2, count: 4 }],
    [' 4 / 4 ', { index: 4, count: 4 }],
    ['256/256', { index: 256, count: 256 }],
  ])('reads %j', (text, shard) => {
    expect(parseShard(text)).toEqual(shard);
  });

  it.each(['0/4', '5/4', '1/0', '1/257', '1', 'a/b', '1/2/3', '-1/2', ''])(
    'refuses %j and says what it expects',
    (text) => {
      expect(() => parseShard(text)).toThrow(
        `'${text}' is not a shard: expected i/n with 1 <= i <= n <= 256, e.g. 1/4`,
      );
    },
  );
});

describe('shardOfPath', () => {
  const files = Array.from({ length: 400 }, (_, i) => `clusters/c${i}/cluster.yaml`);

  it('puts every file in exactly one shard', () => {
    for (const count of [1, 2, 3, 7]) {
      for (const file of files) {
        const owners = Array.from({ length: count }, (_, i) => i + 1).filter((index) =>
          inShard(file, { index, count }),
        );
        expect(owners).toEqual([shardOfPath(file, count)]);
      }
    }
  });

  it('is SHA-256 of the normalised path, so every runner splits alike', () => {
    // The first 32 bits of sha256("clusters/c0/cluster.yaml") are 174392040: 174392040 % 7 = 4.
    expect(shardOfPath('clusters/c0/cluster.yaml', 7)).toBe(5);
    expect(shardOfPath('clusters/c0/cluster.yaml', 4)).toBe(1);
    // sha256("b.yaml") starts with 261763283: % 4 = 3.
    expect(shardOfPath('b.yaml', 4)).toBe(4);
    expect(shardOfPath('./clusters//c0/cluster.yaml', 7)).toBe(5);
    expect(shardOfPath('clusters\\c0\\cluster.yaml', 7)).toBe(5);
  });

  it('spreads files roughly evenly', () => {
    const sizes = [0, 0, 0, 0];
    for (const file of files) sizes[shardOfPath(file, 4) - 1]! += 1;
    for (const size of sizes) expect(size).toBeGreaterThan(60);
  });
});

const appProjectCrd = () =>
  readFile(`${shared}argo-cd-v3.5.1/manifests/crds/appproject-crd.yaml`, 'utf8');

const appProject = (name: string, extra = '') =>
  `apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata:\n  name: ${name}\n  namespace: argocd\nspec:\n  description: ${name}\n${extra}`;

/** A repository whose AppProjects validate only through the CRD in crds/, among 24 files. */
async function repository(): Promise<string> {
  const files: Record<string, string> = {
    'crds/appproject.yaml': await appProjectCrd(),
    'teams/values.yaml': 'replicas: 3\n',
    'projects/bad.yaml': appProject('bad', '  sourceRepos: nope\n'),
    'config/bad.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\ndata: [1]\n',
    'config/empty.yaml': '# nothing here\n',
    'config/job.yaml': 'apiVersion: batch/v9\nkind: Gadget\nmetadata:\n  name: g\n',
  };
  for (let i = 0; i < 10; i++) files[`projects/p${i}.yaml`] = appProject(`p${i}`);
  for (let i = 0; i < 8; i++) files[`config/c${i}.yaml`] = configMap(`c${i}`);
  return writeTree(files);
}

const job = (cwd: string, shard?: { index: number; count: number }) =>
  runValidationJob({
    paths: ['.'],
    cwd,
    registry: { locations: [kubernetesSchemas] },
    ...(shard && { shard }),
  });

describe('runValidationJob', () => {
  it('counts resources per kind and locates the errors at their lines', async () => {
    const cwd = await repository();

    const outcome = await job(cwd);

    expect(outcome.tally.files).toBe(24);
    expect(outcome.tally.totals).toEqual({ valid: 19, invalid: 2, errors: 2, skipped: 0 });
    expect(outcome.tally.kinds).toEqual([
      { apiVersion: '', kind: '', valid: 0, invalid: 0, errors: 1, skipped: 0 },
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'AppProject',
        valid: 10,
        invalid: 1,
        errors: 0,
        skipped: 0,
      },
      { apiVersion: 'v1', kind: 'ConfigMap', valid: 8, invalid: 1, errors: 0, skipped: 0 },
      {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        valid: 1,
        invalid: 0,
        errors: 0,
        skipped: 0,
      },
      { apiVersion: 'batch/v9', kind: 'Gadget', valid: 0, invalid: 0, errors: 1, skipped: 0 },
    ]);
    expect(tallyFails(outcome.tally)).toBe(true);
    const at = (finding: Finding) => `${finding.location.file}:${finding.location.line}`;
    expect(outcome.findings.map(at)).toEqual([
      'config/bad.yaml:5',
      'config/job.yaml:1',
      'projects/bad.yaml:8',
      'teams/values.yaml:1',
    ]);
    expect(outcome.findings.map((finding) => finding.ruleId)).toEqual([
      'validate/schema',
      'validate/schema-not-found',
      'validate/schema',
      'validate/missing-type',
    ]);
  });

  it('splits the files over shards and gives each resource the verdict of the whole run', async () => {
    const cwd = await repository();
    const whole = await job(cwd);
    const count = 3;
    const crdShard = shardOfPath('crds/appproject.yaml', count);
    // The point of the test: AppProjects outside the CRD's shard still get its schema.
    const elsewhere = Array.from({ length: 10 }, (_, i) => `projects/p${i}.yaml`).filter(
      (file) => shardOfPath(file, count) !== crdShard,
    );
    expect(elsewhere.length).toBeGreaterThan(0);

    const shards = await Promise.all([1, 2, 3].map((index) => job(cwd, { index, count })));

    const files = shards.map((outcome) => outcome.tally.files);
    expect(files.reduce((a, b) => a + b)).toBe(24);
    expect(files.every((n) => n > 0)).toBe(true);
    const merged = mergeShardReports(
      shards.map((outcome, i) => ({
        file: `shard-${i + 1}.json`,
        report: parseShardReport(renderShardReport(outcome), `shard-${i + 1}.json`),
      })),
    );
    expect(merged.tally).toEqual(whole.tally);
    const key = (f: Finding) => `${f.location.file}:${f.location.line} ${f.message}`;
    expect(merged.findings.map(key).sort()).toEqual(whole.findings.map(key).sort());
    expect(merged.merged).toBe(3);
  });

  it('creates a cache directory that does not exist yet', async () => {
    const cwd = await writeTree({ 'a.yaml': configMap('a') });

    const outcome = await runValidationJob({
      paths: ['a.yaml'],
      cwd,
      registry: { locations: [kubernetesSchemas], cacheDirectory: '.cache/schemas' },
    });

    expect(outcome.tally.totals.valid).toBe(1);
    await expect(readFile(path.join(cwd, '.cache/schemas'))).rejects.toThrow(/EISDIR/);
  });

  it('gives a shard with no files an empty outcome, not standard input', async () => {
    const cwd = await writeTree({ 'b.yaml': configMap('b') });
    // b.yaml is in shard 4 of 4 (see shardOfPath above).
    const outcome = await job(cwd, { index: 1, count: 4 });
    expect(outcome.tally).toEqual({
      files: 0,
      kinds: [],
      totals: { valid: 0, invalid: 0, errors: 0, skipped: 0 },
    });
    expect(outcome.findings).toEqual([]);
  });

  it('reports an unreadable path from one shard only', async () => {
    const cwd = await writeTree({ 'b.yaml': configMap('b') });
    const outcomes = await Promise.all(
      [1, 2].map((index) =>
        runValidationJob({
          paths: ['b.yaml', 'missing'],
          cwd,
          registry: { locations: [kubernetesSchemas] },
          shard: { index, count: 2 },
        }),
      ),
    );
    const messages = outcomes.flatMap((outcome) => outcome.findings.map((f) => f.message));
    expect(messages).toEqual(['lstat missing: no such file or directory']);
  });
});

const outcome = (shard: { index: number; count: number } | undefined, errors = 0) =>
  ({
    tally: sumTallies([
      {
        files: 2,
        kinds: [{ apiVersion: 'v1', kind: 'ConfigMap', valid: 2, invalid: 0, errors, skipped: 1 }],
        totals: { valid: 0, invalid: 0, errors: 0, skipped: 0 },
      },
    ]),
    findings: [],
    ...(shard && { shard }),
  }) satisfies ValidationOutcome;

const report = (o: ValidationOutcome, file: string): { file: string; report: ShardReport } => ({
  file,
  report: parseShardReport(renderShardReport(o), file),
});

describe('shard reports', () => {
  it('round-trip through JSON', () => {
    const original = outcome({ index: 2, count: 3 }, 1);
    const back = parseShardReport(renderShardReport(original), 'r.json');
    expect(back).toEqual({
      format: 'fleetops-validate-report/1',
      shard: original.shard,
      tally: original.tally,
      findings: [],
    });
  });

  it.each([
    ['{', /^r\.json: not JSON/],
    ['{"format":"sarif"}', /^r\.json: not a fleetops validate report: expected "format"/],
    [
      '{"format":"fleetops-validate-report/1","shard":{"index":3,"count":2},"tally":{"files":0,"kinds":[]},"findings":[]}',
      /"shard": \{"index": i, "count": n\}/,
    ],
    [
      '{"format":"fleetops-validate-report/1","tally":{"files":0,"kinds":[{"kind":"A"}]},"findings":[]}',
      /tally\.kinds\[0\] needs apiVersion, kind and counts/,
    ],
    [
      '{"format":"fleetops-validate-report/1","tally":{"files":0,"kinds":[]},"findings":[{"ruleId":"x"}]}',
      /findings\[0\] needs ruleId, severity, message and location\.file/,
    ],
  ])('refuse %s, naming the file and the field', (text, message) => {
    expect(() => parseShardReport(text, 'r.json')).toThrow(message);
  });

  it('merge the shards of one split into one tally', () => {
    const merged = mergeShardReports([
      report(outcome({ index: 2, count: 2 }, 1), 'b.json'),
      report(outcome({ index: 1, count: 2 }), 'a.json'),
    ]);
    expect(merged.tally.files).toBe(4);
    expect(merged.tally.totals).toEqual({ valid: 4, invalid: 0, errors: 1, skipped: 2 });
    expect(tallyFails(merged.tally)).toBe(true);
  });

  it('fail the merge when a shard is missing, twice, or of another split', () => {
    const one = report(outcome({ index: 1, count: 3 }), 'one.json');
    const three = report(outcome({ index: 3, count: 3 }), 'three.json');
    expect(() => mergeShardReports([one, three])).toThrow(/^shard 2\/3 missing among the reports/);
    expect(() => mergeShardReports([one, { ...one, file: 'again.json' }])).toThrow(
      'shard 1/3 is reported twice, by one.json and again.json',
    );
    expect(() =>
      mergeShardReports([one, report(outcome({ index: 2, count: 4 }), 'four.json')]),
    ).toThrow('four.json is shard 2/4, one.json is of 3');
    expect(() => mergeShardReports([one, report(outcome(undefined), 'whole.json')])).toThrow(
      'whole.json is the report of an unsharded run',
    );
    expect(() => mergeShardReports([])).toThrow(/^no reports to merge/);
  });

  it('are read from paths and globs, and a pattern that matches nothing fails', async () => {
    const cwd = await writeTree({});
    await writeFile(path.join(cwd, 'a.json'), renderShardReport(outcome({ index: 1, count: 2 })));
    await writeFile(path.join(cwd, 'b.json'), renderShardReport(outcome({ index: 2, count: 2 })));

    const merged = await mergeReportFiles(['*.json', 'a.json'], { cwd });
    expect(merged.merged).toBe(2);

    await expect(mergeReportFiles(['reports/*.json'], { cwd })).rejects.toThrow(
      /^reports: 'reports\/\*\.json' matches no file under /,
    );
  });
});

describe('renderKindTable', () => {
  it('lists each kind with its counts, then the total, escaping what the repository wrote', () => {
    const markdown = renderKindTable({
      files: 3,
      kinds: [
        { apiVersion: '', kind: '', valid: 0, invalid: 0, errors: 1, skipped: 0 },
        { apiVersion: 'x/v1', kind: 'Evil|<b>', valid: 1, invalid: 1, errors: 0, skipped: 2 },
      ],
      totals: { valid: 1, invalid: 1, errors: 1, skipped: 2 },
    });
    expect(markdown.split('\n')).toEqual([
      '## fleetops validate: 5 resources in 3 files',
      '',
      '❌ 1 valid, 1 invalid, 1 error, 2 skipped.',
      '',
      '| Kind | API version | Resources | Valid | Invalid | Errors | Skipped |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
      '| _no kind_ |  | 1 | 0 | 0 | 1 | 0 |',
      '| Evil&#124;&#60;b&#62; | x/v1 | 4 | 1 | 1 | 0 | 2 |',
      '| **Total** | | **5** | **1** | **1** | **1** | **2** |',
      '',
      '',
    ]);
  });

  it('names the shard or the merge', () => {
    const tally = { files: 0, kinds: [], totals: { valid: 0, invalid: 0, errors: 0, skipped: 0 } };
    expect(renderKindTable(tally, { shard: { index: 2, count: 4 } })).toMatch(
      /^## fleetops validate \(shard 2\/4\): 0 resources in 0 files\n\n✅ /,
    );
    expect(renderKindTable(tally, { shards: 4 })).toMatch(
      /^## fleetops validate \(4 shards merged\)/,
    );
  });
});
