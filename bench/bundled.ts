import { basename, join } from 'node:path';
import { buildScript } from '../scripts/bundles.mjs';
import type { BenchOptions } from './options.ts';

/**
 * Bundles a benchmark's worker script the way the actions and the CLI are bundled
 * (scripts/bundles.mjs) into the corpus folder, and returns the file to run with node.
 */
export async function bundledScript(entry: string, options: BenchOptions): Promise<string> {
  const outfile = join(options.corpusDir, 'bundles', basename(entry).replace(/\.ts$/, '.mjs'));
  return buildScript(entry, outfile);
}
