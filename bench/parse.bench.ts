import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { bundledScript } from './bundled.ts';
import { ensureCorpus, loadCorpus } from './corpus.ts';
import { ensureFleetCorpus } from './fleet-corpus.ts';
import type { BenchOptions } from './options.ts';
import { median } from './stats.ts';

const run = promisify(execFile);

interface Rounds {
  jsYamlMs: number[];
  fastMs: number[];
  documents: number;
  declined: number;
}

/**
 * `pnpm bench parse`: the fast path (the block reader, js-yaml for what it declines)
 * against js-yaml alone, on the texts of the 10,000-cluster check fleet and of the load
 * corpus, held in memory so that only parsing is timed. Medians of alternating rounds in
 * one process, and their ratio.
 */
export default async function benchParse(options: BenchOptions): Promise<void> {
  const worker = await bundledScript(join(import.meta.dirname, 'parse-worker.ts'), options);
  const checkDir = join(options.corpusDir, 'check');
  const loadDir = join(options.corpusDir, 'load');
  await ensureCorpus(loadDir, loadCorpus);
  const corpora = [
    {
      name: 'check fleet, 10,000 clusters',
      root: (await ensureFleetCorpus(checkDir, { clusters: 10_000 })).root,
    },
    { name: 'load corpus', root: loadDir },
  ];
  for (const corpus of corpora) {
    const { stdout } = await run(process.execPath, [worker, corpus.root, String(options.runs)]);
    const rounds = JSON.parse(stdout) as Rounds;
    const jsYaml = median(rounds.jsYamlMs);
    const fast = median(rounds.fastMs);
    console.log(
      `${corpus.name} (${rounds.documents.toLocaleString('en-US')} documents, ${rounds.declined} files declined by the block reader): ` +
        `js-yaml ${jsYaml.toFixed(0)} ms, fast path ${fast.toFixed(0)} ms, ${(jsYaml / fast).toFixed(2)}x faster (medians of ${options.runs})`,
    );
  }
}
