/**
 * `pnpm bench <name> [--runs N]`: runs one benchmark script and prints its figures.
 * Benchmarks are scripts, never timed tests: the machines are shared and noisy, so each
 * one reports medians and ratios measured within a single run.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchLoad } from './load.ts';

const benchmarks: Record<string, (options: { runs: number; corpusDir: string }) => Promise<void>> =
  {
    load: (options) => benchLoad({ ...options, corpusDir: join(options.corpusDir, 'load') }),
  };

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '5' } },
});
const names = positionals.length > 0 ? positionals : Object.keys(benchmarks);
const corpusDir = join(import.meta.dirname, '..', '.bench');
for (const name of names) {
  const benchmark = benchmarks[name];
  if (!benchmark) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(benchmarks).join(', ')}`);
    process.exit(2);
  }
  console.log(`# ${name}`);
  await benchmark({ runs: Number(values.runs), corpusDir });
}
