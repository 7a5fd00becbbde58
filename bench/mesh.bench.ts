import { join } from 'node:path';
import { bundledScript } from './bundled.ts';
import { checkSample } from './check-sample.ts';
import { ensureMeshCorpus } from './mesh-corpus.ts';
import type { BenchOptions } from './options.ts';
import { median } from './stats.ts';

/**
 * `pnpm bench mesh`: the rules phase of `check` (everything after loading) over fleets
 * whose Istio meshes are joined by remote secrets deployed by Argo CD Applications and
 * whose networks are split into many groups (mesh-corpus.ts), at 2,000 and 20,000 remote
 * secrets. Those are the paths that grew with secrets × installs, secrets × Applications
 * and groups × ranges; the ratio between the sizes says whether they still do (x10 is
 * linear, about x13 n log n, x100 quadratic).
 */
export default async function benchMesh(options: BenchOptions): Promise<void> {
  const dir = join(options.corpusDir, 'mesh');
  const worker = await bundledScript(join(import.meta.dirname, 'check-worker.ts'), options);
  const medians: number[] = [];
  for (const clusters of [1000, 10_000]) {
    const corpus = await ensureMeshCorpus(dir, { clusters });
    const rules: number[] = [];
    let findings = 0;
    for (let i = 0; i < options.runs; i++) {
      const sample = await checkSample(worker, 'phases', corpus.root);
      rules.push(sample.ms - sample.loadMs!);
      findings = sample.findings;
    }
    const ms = median(rules);
    medians.push(ms);
    console.log(
      `${corpus.remoteSecrets.toLocaleString('en-US')} remote secrets (${clusters.toLocaleString('en-US')} clusters): rules median ${ms.toFixed(0)} ms over ${options.runs} runs, ${findings} findings`,
    );
  }
  console.log(`growth x10 in size: rules x${(medians[1]! / medians[0]!).toFixed(1)}`);
}
