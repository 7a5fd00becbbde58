import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as esbuild from 'esbuild';
import { bundleOptions } from '../scripts/bundles.mjs';
import type { BenchOptions } from './options.ts';
import { corpusSize, ensureCorpus } from './validate-corpus.ts';

const run = promisify(execFile);

interface Sample {
  ms: number;
  cpuSeconds: number;
  maxRssMiB: number;
  resources: number;
  invalid: number;
  workers: number;
}

const shared = fileURLToPath(new URL('../../shared/schemas', import.meta.url));

/**
 * `pnpm bench validate`: the kubeconform job with warm schemas, each run in a fresh process,
 * on 1 thread and on 2 (and on every core when there are more), at three sizes: 5,000,
 * 50,000 (issue 3's corpus: 5,000 files of Deployments, Services, ConfigMaps, Cluster API
 * Clusters and Argo CD Applications, one in twenty invalid) and 200,000 resources (the
 * corpus four times over). Reports medians of wall time, CPU, peak RSS and resources per
 * second, and each thread count's speed-up over one thread, measured in the same run (runs
 * are interleaved, so a noisy neighbour hurts all alike). Then the bare YAML parse of the
 * corpus as the yardstick. Bars: 15,000 resources/s and a peak RSS under 1 GiB at 50,000.
 *
 * The measuring script is bundled as the CLI is, so worker threads start from a bundle as
 * in production; under tsx each thread would first compile the TypeScript sources.
 */
export default async function benchValidate(options: BenchOptions) {
  const root = await ensureCorpus(options.corpusDir);
  const script = await bundleScript(options.corpusDir);
  const sample = async (job: Record<string, unknown>): Promise<Sample> => {
    const { stdout } = await run(
      process.execPath,
      [script, JSON.stringify({ root, shared, ...job })],
      {
        maxBuffer: 1 << 20,
      },
    );
    return JSON.parse(stdout) as Sample;
  };
  const teams = (count: number) => Array.from({ length: count }, (_, i) => `manifests/team-${i}`);
  const sizes = [
    { name: 'small', paths: teams(5) },
    { name: 'corpus', paths: ['manifests'] },
    { name: 'corpus x4', paths: Array(4).fill('manifests') },
  ];
  const cores = availableParallelism();
  const threadCounts = [...new Set([1, 2, cores])];
  console.log(
    `${cores} cores; ${corpusSize.files} files, ${corpusSize.files * corpusSize.perFile} resources in the corpus; median of ${options.runs}`,
  );
  console.log('size        resources  -n  workers    wall   cpu s  rss MiB  resources/s  speed-up');
  for (const size of sizes) {
    const samples = new Map<number, Sample[]>(threadCounts.map((threads) => [threads, []]));
    for (let i = 0; i < options.runs; i++)
      for (const threads of threadCounts)
        samples.get(threads)!.push(await sample({ mode: 'validate', paths: size.paths, threads }));
    const single = median(samples.get(1)!, 'ms');
    for (const threads of threadCounts) {
      const runs = samples.get(threads)!;
      const ms = median(runs, 'ms');
      const { resources, workers } = runs[0]!;
      console.log(
        [
          size.name.padEnd(10),
          String(resources).padStart(10),
          String(threads).padStart(3),
          String(workers).padStart(8),
          `${(ms / 1000).toFixed(2)} s`.padStart(8),
          median(runs, 'cpuSeconds').toFixed(2).padStart(7),
          String(Math.round(median(runs, 'maxRssMiB'))).padStart(8),
          String(Math.round(resources / (ms / 1000))).padStart(12),
          `${(single / ms).toFixed(2)}x`.padStart(9),
        ].join(' '),
      );
    }
  }
  const parse: Sample[] = [];
  const yamlParse: Sample[] = [];
  for (let i = 0; i < options.runs; i++) {
    parse.push(await sample({ mode: 'parse' }));
    yamlParse.push(await sample({ mode: 'yaml' }));
  }
  console.log(
    `bare parse of the corpus: ${(median(parse, 'ms') / 1000).toFixed(2)} s with core's fast reader, ${(median(yamlParse, 'ms') / 1000).toFixed(2)} s with the yaml library`,
  );
}

function median(samples: readonly Sample[], key: keyof Sample): number {
  return samples.map((s) => s[key]).sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
}

/** validate-worker.ts bundled with the CLI's esbuild options, into the corpus folder. */
async function bundleScript(corpusDir: string): Promise<string> {
  const cli = bundleOptions().find((option) => option.outfile?.endsWith('fleetops.js'));
  const outfile = join(corpusDir, 'validate-worker.mjs');
  await esbuild.build({
    ...cli,
    entryPoints: [fileURLToPath(new URL('validate-worker.ts', import.meta.url))],
    outfile,
  });
  return outfile;
}
