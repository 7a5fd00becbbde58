import { join } from 'node:path';
import { bundledScript } from './bundled.ts';
import { type CheckSample, checkSample } from './check-sample.ts';
import { ensureFleetCorpus, type FleetCorpus } from './fleet-corpus.ts';
import type { BenchOptions } from './options.ts';
import { median } from './stats.ts';

/** `FLEETOPS_BENCH_CHECK_SIZES=1000,10000` measures fewer sizes (100,000 takes minutes). */
const sizes = (process.env.FLEETOPS_BENCH_CHECK_SIZES ?? '1000,10000,100000')
  .split(',')
  .map(Number);

/**
 * `pnpm bench check`: `runCheck` (loading, the fleet model, every invariant rule and the
 * suppressions) over generated fleets of 1,000, 10,000 and 100,000 clusters, each in fresh
 * processes, after one unmeasured run that brings the files into the page cache. Reports
 * the median wall time and peak RSS of each size, one split run showing how the time
 * divides between loading and the rules, and the growth from one size to the next against
 * n log n and n². Target: 10,000 clusters in under 2 s.
 *
 * The measured code is check-worker.ts bundled as the action and the CLI are bundled, so
 * the figures are those of what users run, without the development TypeScript loader.
 */
export default async function benchCheck(options: BenchOptions): Promise<void> {
  const dir = join(options.corpusDir, 'check');
  const worker = await bundledScript(join(import.meta.dirname, 'check-worker.ts'), options);
  const rows: { corpus: FleetCorpus; ms: number; rssMiB: number; split: CheckSample }[] = [];
  for (const clusters of sizes) {
    const corpus = await ensureFleetCorpus(dir, { clusters });
    // The largest fleet is measured fewer times: one run takes tens of seconds.
    const runs = clusters >= 100_000 ? Math.min(options.runs, 1) : options.runs;
    const samples: CheckSample[] = [];
    let split: CheckSample;
    try {
      // One run unmeasured, so that every size is measured with its files in the page
      // cache: at 100,000 clusters a first run mostly waits for the disk.
      await checkSample(worker, 'check', corpus.root);
      for (let i = 0; i < runs; i++) samples.push(await checkSample(worker, 'check', corpus.root));
      split = await checkSample(worker, 'phases', corpus.root);
    } catch (error) {
      console.log(
        `${pad(clusters.toLocaleString('en-US'), 7)} clusters: failed, ${failure(error)}`,
      );
      continue;
    }
    verify(corpus, samples[0]!);
    const ms = median(samples.map((s) => s.ms));
    const rssMiB = Math.max(...samples.map((s) => s.rssMiB));
    rows.push({ corpus, ms, rssMiB, split });
    console.log(
      `${pad(clusters.toLocaleString('en-US'), 7)} clusters (${corpus.files.toLocaleString('en-US')} files, ${split.resources.toLocaleString('en-US')} resources): ` +
        `median ${seconds(ms)} over ${runs} run${runs === 1 ? '' : 's'}, peak RSS ${rssMiB.toFixed(0)} MiB; ` +
        `split run: load ${seconds(split.loadMs ?? 0)} + rules ${seconds(split.ms - (split.loadMs ?? 0))}; ` +
        `${split.findings} findings, ${split.suppressed} suppressed`,
    );
  }
  for (let i = 1; i < rows.length; i++) {
    const [a, b] = [rows[i - 1]!, rows[i]!];
    const n = a.corpus.clusters;
    const m = b.corpus.clusters;
    const nLogN = (m * Math.log(m)) / (n * Math.log(n));
    console.log(
      `growth ${n} -> ${m} clusters: time x${(b.ms / a.ms).toFixed(1)} (n log n predicts x${nLogN.toFixed(1)}, n² x${((m / n) ** 2).toFixed(0)}), RSS x${(b.rssMiB / a.rssMiB).toFixed(1)}`,
    );
  }
  const target = rows.find((row) => row.corpus.clusters === 10_000);
  if (target)
    console.log(`10,000 clusters: ${seconds(target.ms)} (target < 2.0 s, loading included)`);
}

/** The corpus plants its findings; a check that misses them measured the wrong thing. */
function verify(corpus: FleetCorpus, result: CheckSample): void {
  const overlaps = result.byRule['network/fleet-overlap'] ?? 0;
  const expected = corpus.overlaps - corpus.suppressed;
  const problems = [
    result.clusters !== corpus.clusters && `${result.clusters} clusters, not ${corpus.clusters}`,
    result.files !== corpus.files && `${result.files} files, not ${corpus.files}`,
    result.suppressed !== corpus.suppressed &&
      `${result.suppressed} suppressed findings, not ${corpus.suppressed}`,
    (overlaps !== expected || result.findings !== expected) &&
      `${result.findings} findings, not ${expected} fleet overlaps`,
  ].filter((problem) => problem !== false);
  if (problems.length > 0)
    throw new Error(
      `check of ${corpus.root}: ${problems.join('; ')}; findings by rule: ${JSON.stringify(result.byRule)}`,
    );
}

/** The worker's own words: V8's fatal error when it ran out of heap, or the exception. */
function failure(error: unknown): string {
  const stderr = (error as { stderr?: string }).stderr ?? '';
  if (stderr.includes('heap out of memory'))
    return 'JavaScript heap out of memory (set FLEETOPS_BENCH_HEAP_MB to measure it with a larger heap)';
  const lines = stderr.trim().split('\n');
  return lines.find((line) => /Error/.test(line)) ?? (error as Error).message;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function pad(text: string, width: number): string {
  return text.padStart(width);
}
