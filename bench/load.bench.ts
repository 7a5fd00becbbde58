import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { bundledScript } from './bundled.ts';
import { ensureCorpus, loadCorpus } from './corpus.ts';
import type { BenchOptions } from './options.ts';
import { median } from './stats.ts';

const run = promisify(execFile);

interface Sample {
  ms: number;
  rssMiB: number;
  count: number;
}

/**
 * `pnpm bench load`: loading a 5,000-file / 50,000-resource fleet into the model, against
 * a bare yaml parse of the same files, in alternating fresh processes, and the same load
 * kept to one thread (no worker threads) to show what they bring. The measuring script is
 * bundled as the CLI and the actions are. Targets: at most 1.5x the bare parse, peak RSS
 * under 1 GiB.
 */
export default async function benchLoad(options: BenchOptions): Promise<void> {
  const corpusDir = join(options.corpusDir, 'load');
  const shape = await ensureCorpus(corpusDir, loadCorpus);
  console.log(`corpus: ${shape.files} files, ${shape.resources} resources in ${corpusDir}`);
  const worker = await bundledScript(join(import.meta.dirname, 'load-worker.ts'), options);
  const fleet: Sample[] = [];
  const oneThread: Sample[] = [];
  const bare: Sample[] = [];
  for (let i = 0; i < options.runs; i++) {
    bare.push(await sample(worker, 'bare', corpusDir));
    fleet.push(await sample(worker, 'fleet', corpusDir));
    oneThread.push(await sample(worker, 'one-thread', corpusDir));
    process.stdout.write(
      `  run ${i + 1}/${options.runs}: bare ${bare.at(-1)!.ms.toFixed(0)} ms, fleet ${fleet.at(-1)!.ms.toFixed(0)} ms, one thread ${oneThread.at(-1)!.ms.toFixed(0)} ms\n`,
    );
  }
  if (fleet[0]!.count !== shape.resources)
    throw new Error(`loaded ${fleet[0]!.count} resources, expected ${shape.resources}`);
  const fleetMs = median(fleet.map((s) => s.ms));
  const bareMs = median(bare.map((s) => s.ms));
  const rss = Math.max(...fleet.map((s) => s.rssMiB));
  const oneThreadMs = median(oneThread.map((s) => s.ms));
  console.log(`median load into the fleet model: ${fleetMs.toFixed(0)} ms`);
  console.log(
    `  the same on one thread:         ${oneThreadMs.toFixed(0)} ms (threads: ${(fleetMs / oneThreadMs).toFixed(2)}x)`,
  );
  console.log(`median bare yaml parse:           ${bareMs.toFixed(0)} ms`);
  console.log(
    `ratio:                            ${(fleetMs / bareMs).toFixed(2)}x (target <= 1.5x)`,
  );
  console.log(
    `peak RSS, fleet model:            ${rss.toFixed(0)} MiB (target < 1024 MiB); bare parse ${Math.max(...bare.map((s) => s.rssMiB)).toFixed(0)} MiB`,
  );
}

async function sample(
  worker: string,
  mode: 'fleet' | 'one-thread' | 'bare',
  root: string,
): Promise<Sample> {
  const { stdout } = await run(process.execPath, [worker, mode, root], {
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout) as Sample;
}
