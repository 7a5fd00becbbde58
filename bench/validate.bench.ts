import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BenchOptions } from './options.ts';
import { ensureCorpus } from './validate-corpus.ts';

const run = promisify(execFile);

interface Sample {
  ms: number;
  cpuSeconds: number;
  maxRssMiB: number;
  resources: number;
  invalid: number;
}

/**
 * `pnpm bench validate` (bench/validate.bench.ts re-exports this): the kubeconform job over
 * 50,000 resources in 5,000 files with warm schemas, each run in a fresh process. Reports the
 * median wall time, resources per second, CPU seconds, peak RSS, and the ratio to a bare YAML
 * parse of the same files, by core's fast reader and by the yaml library (the yardstick of
 * bench load). Bar: 15,000 resources/s, validation adding no more than the parse.
 */
export default async function benchValidate(options: BenchOptions) {
  const root = await ensureCorpus(options.corpusDir);
  const worker = join(import.meta.dirname, 'validate-worker.ts');
  const sample = async (mode: 'validate' | 'parse' | 'yaml'): Promise<Sample> => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', worker, mode, root], {
      maxBuffer: 1 << 20,
    });
    return JSON.parse(stdout) as Sample;
  };
  const validate: Sample[] = [];
  const parse: Sample[] = [];
  const yamlParse: Sample[] = [];
  for (let i = 0; i < options.runs; i++) {
    validate.push(await sample('validate'));
    parse.push(await sample('parse'));
    yamlParse.push(await sample('yaml'));
  }
  const median = (samples: Sample[], key: keyof Sample) =>
    samples.map((s) => s[key]).sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
  const ms = median(validate, 'ms');
  const parseMs = median(parse, 'ms');
  const resources = validate[0]!.resources;
  console.log(`resources        ${resources} (${validate[0]!.invalid} invalid) in 5000 files`);
  console.log(`wall             ${(ms / 1000).toFixed(2)} s (median of ${options.runs})`);
  console.log(`rate             ${Math.round(resources / (ms / 1000))} resources/s`);
  console.log(`cpu              ${median(validate, 'cpuSeconds').toFixed(2)} s`);
  console.log(`peak rss         ${Math.round(median(validate, 'maxRssMiB'))} MiB`);
  const yamlMs = median(yamlParse, 'ms');
  console.log(
    `bare parse       ${(parseMs / 1000).toFixed(2)} s with core's fast reader; validate/parse ${(ms / parseMs).toFixed(2)}x`,
  );
  console.log(
    `bare yaml parse  ${(yamlMs / 1000).toFixed(2)} s with the yaml library; validate/parse ${(ms / yamlMs).toFixed(2)}x`,
  );
}
