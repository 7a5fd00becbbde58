import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAction } from '../scripts/bundles.mjs';
import { prepareStep } from '../test/actions/runner.ts';
import type { BenchOptions } from './options.ts';
import { median } from './stats.ts';

/**
 * `pnpm bench action-start`: how soon each bundled action says something after the runner
 * starts it (the bar: within 300 ms), and how long it takes in all, on the example
 * fleet with no network (schemas offline, no cache service). Each action is built from the
 * sources as `pnpm build` builds it and started afresh `runs` times with Node 24, the
 * runtime action.yml declares (the `node` dev dependency); medians.
 */
export default async function benchActionStart(options: BenchOptions): Promise<void> {
  const workspace = join(import.meta.dirname, '..', 'examples', 'fleet');
  const cases: { action: string; inputs: Record<string, string> }[] = [
    { action: 'validate', inputs: { paths: '.', offline: 'true', 'schema-cache': 'false' } },
    { action: 'check', inputs: { 'schema-cache': 'false' } },
  ];
  for (const { action, inputs } of cases) {
    const outRoot = join(options.corpusDir, 'bundles', 'actions');
    const bundle = await buildAction(action, { outRoot });
    const samples: { first: number; total: number }[] = [];
    for (let i = 0; i < Math.max(options.runs, 5); i++) {
      const runnerTemp = await mkdtemp(join(tmpdir(), 'fleetops-bench-start-'));
      const step = await prepareStep(action, { workspace, runnerTemp, inputs });
      samples.push(await timeStart(bundle, step.env, workspace));
    }
    const first = median(samples.map((s) => s.first));
    const total = median(samples.map((s) => s.total));
    const target = action === 'validate' ? ' (target < 300 ms)' : '';
    console.log(
      `${action.padEnd(8)} first output ${first.toFixed(0)} ms${target}, done in ${total.toFixed(0)} ms; median of ${samples.length} starts`,
    );
  }
}

const devNode = join(import.meta.dirname, '..', 'node_modules', 'node', 'bin', 'node');
const node24 = existsSync(devNode) ? devNode : process.execPath;

function timeStart(
  bundle: string,
  env: Record<string, string>,
  cwd: string,
): Promise<{ first: number; total: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let first: number | undefined;
    const child = spawn(node24, [bundle], {
      cwd,
      env: { ...env, PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const mark = () => {
      first ??= performance.now() - started;
    };
    child.stdout.on('data', mark);
    child.stderr.on('data', mark);
    child.on('error', reject);
    child.on('close', () => {
      const total = performance.now() - started;
      resolve({ first: first ?? total, total });
    });
  });
}
