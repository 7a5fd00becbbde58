/**
 * `pnpm bench [NAME...] [--runs N]`: runs benchmark scripts and prints their figures.
 * A benchmark is a file `bench/<name>.bench.ts` whose default export takes BenchOptions.
 * Benchmarks are scripts, never timed tests: the machines are shared and noisy, so each
 * one reports medians and ratios measured within a single run.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { BenchOptions } from './options.ts';

const suffix = '.bench.ts';
const known = (await readdir(import.meta.dirname))
  .filter((file) => file.endsWith(suffix))
  .map((file) => file.slice(0, -suffix.length))
  .sort();

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '5' } },
});
const names = positionals.length > 0 ? positionals : known;
const unknown = names.filter((name) => !known.includes(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; known: ${known.join(', ')}`);
  process.exit(2);
}
const options: BenchOptions = {
  runs: Number(values.runs),
  corpusDir: join(import.meta.dirname, '..', '.bench'),
};
for (const name of names) {
  console.log(`# ${name}`);
  const module = (await import(join(import.meta.dirname, `${name}${suffix}`))) as {
    default: (options: BenchOptions) => Promise<void>;
  };
  await module.default(options);
}
