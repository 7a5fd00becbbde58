import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What check-worker.ts prints of one run. */
export interface CheckSample {
  ms: number;
  /** With `phases`: how much of `ms` loading took. */
  loadMs?: number;
  rssMiB: number;
  clusters: number;
  files: number;
  resources: number;
  findings: number;
  suppressed: number;
  byRule: Record<string, number>;
}

/**
 * `FLEETOPS_BENCH_HEAP_MB=14000` raises the workers' V8 heap limit. By default they run
 * with Node's own (about 4 GiB here), the limit a user's `fleetops check` has, so a fleet
 * that does not fit is reported as such rather than measured with a heap no one has.
 */
const heapMb = process.env.FLEETOPS_BENCH_HEAP_MB;

/** One run of the bundled check-worker.ts over `root`, in a fresh process. */
export async function checkSample(
  worker: string,
  mode: 'check' | 'phases',
  root: string,
): Promise<CheckSample> {
  const heap = heapMb === undefined ? [] : [`--max-old-space-size=${heapMb}`];
  const { stdout } = await run(process.execPath, [...heap, worker, mode, root], {
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout) as CheckSample;
}
