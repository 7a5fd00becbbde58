import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureAppsetCorpus } from './appset-corpus.ts';
import type { BenchOptions } from './options.ts';
import { median } from './stats.ts';

interface Sample {
  ms: number;
  rssMiB: number;
  totals: { added: number; removed: number; changed: number; unchanged: number };
}

const repoRoot = join(import.meta.dirname, '..');

/**
 * `pnpm bench appset`: `fleetops appset diff --base base --head head` on a fleet of 1,000
 * clusters and 200 application directories, where a matrix ApplicationSet generates
 * 200,000 Applications at each revision and 1% of them change. Each run is a fresh process
 * (the CLI from source under tsx, startup included). Targets: under 10 s and 2 GiB.
 */
export default async function benchAppset(options: BenchOptions): Promise<void> {
  const corpus = await ensureAppsetCorpus(join(options.corpusDir, 'appset'));
  console.log(
    `corpus: ${corpus.applications.toLocaleString('en-US')} Applications per revision, ${corpus.changed.toLocaleString('en-US')} changed, in ${corpus.root}`,
  );
  const samples: Sample[] = [];
  for (let i = 0; i < options.runs; i++) {
    const sample = await measure(corpus.root);
    samples.push(sample);
    console.log(
      `  run ${i + 1}/${options.runs}: ${sample.ms.toFixed(0)} ms, peak RSS ${sample.rssMiB.toFixed(0)} MiB`,
    );
  }
  const { totals } = samples[0]!;
  if (
    totals.changed !== corpus.changed ||
    totals.unchanged + totals.changed !== corpus.applications
  )
    throw new Error(`unexpected diff: ${JSON.stringify(totals)}`);
  const ms = median(samples.map((s) => s.ms));
  const rss = Math.max(...samples.map((s) => s.rssMiB));
  console.log(`median wall time of fleetops appset diff: ${ms.toFixed(0)} ms (target < 10,000 ms)`);
  console.log(
    `peak RSS:                                 ${rss.toFixed(0)} MiB (target < 2,048 MiB)`,
  );
}

function measure(root: string): Promise<Sample> {
  const args = [
    '--import',
    'tsx',
    '--import',
    join(import.meta.dirname, 'appset-rss.ts'),
    join(repoRoot, 'packages', 'cli', 'src', 'bin.ts'),
    'appset',
    'diff',
    '--base',
    'base',
    '--head',
    'head',
    '--format',
    'json',
    root,
  ];
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - start;
      const rssLine = err.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`fleetops appset diff exited with ${code}: ${err}`));
      const report = JSON.parse(Buffer.concat(out).toString('utf8')) as {
        totals: Sample['totals'];
      };
      resolve({
        ms,
        rssMiB: (JSON.parse(rssLine) as { maxRssMiB: number }).maxRssMiB,
        totals: report.totals,
      });
    });
  });
}
