// The reader thread's own bundle, built as `pnpm build` builds it beside every bundle, and
// run as a thread the way packages/core/src/reader-thread.ts runs it.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { writeTree } from '@fleetops/test/tree';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverFiles } from '../../packages/core/src/discovery.ts';
import { FileWalk } from '../../packages/core/src/file-walk.ts';
import {
  type FromReader,
  type ReadChunk,
  type ReaderSetup,
  role,
  type ToReader,
} from '../../packages/core/src/read-ahead.ts';
import { readAheadBundle as expectedName } from '../../packages/core/src/reader-thread.ts';
import { buildBundlesIn, readAheadBundle } from '../../scripts/bundles.mjs';

let scratch: string;
let cliDist: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'fleetops-read-ahead-'));
  cliDist = path.join(scratch, 'packages', 'cli', 'dist');
  await buildBundlesIn(cliDist, { outRoot: scratch });
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('the read-ahead bundle', () => {
  it('is written beside the bundle, under the name the reader thread looks for, and small', async () => {
    expect(readAheadBundle).toBe(expectedName);
    const whole = await stat(path.join(cliDist, 'fleetops.js'));
    const readAhead = await stat(path.join(cliDist, readAheadBundle));
    // What makes it worth a file of its own: a thread loads it several times faster.
    expect(readAhead.size * 10).toBeLessThan(whole.size);
  });

  it('lists and reads a walk handed over to it, in order, chunk by chunk', async () => {
    const files: Record<string, string> = { 'top.yaml': 'a: 1\n', 'bin.yaml': 'x\u0000y' };
    for (let i = 0; i < 600; i++)
      files[`c/${String(i).padStart(3, '0')}/cluster.yaml`] = `n: ${i}\n`;
    const root = await writeTree(files);
    const chunks = await readAhead(root);
    const { files: expected } = await discoverFiles(root);
    expect(chunks.flatMap((chunk) => chunk.paths.split('\0'))).toEqual(
      expected.map((file) => file.path),
    );
    expect(chunks.map((chunk) => chunk.ends.length)).toEqual([256, 256, 90]);
    // The chunk with the binary file is not printable ASCII; the others are.
    const printable = chunks.map((chunk) => chunk.printable);
    expect(printable.filter((each) => !each)).toHaveLength(1);
    const last = chunks.at(-1)!;
    const lastPath = last.paths.split('\0').at(-1)!;
    const text = Buffer.from(last.bytes.subarray(last.ends.at(-2)!, last.ends.at(-1))).toString();
    expect(text).toBe(await readFile(path.join(root, lastPath), 'utf8'));
  });
});

/** Every chunk the bundle sends for the walk of `root`, credit given for each. */
async function readAhead(root: string): Promise<ReadChunk[]> {
  const loaded = new Int32Array(new SharedArrayBuffer(4));
  const setup: ReaderSetup = { maxFileSize: 1 << 20, loaded };
  const worker = new Worker(path.join(cliDist, readAheadBundle), {
    workerData: { [role]: setup },
  });
  try {
    while (Atomics.load(loaded, 0) === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const chunks: ReadChunk[] = [];
    const done = new Promise<void>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('message', (message: FromReader) => {
        if ('failed' in message) reject(new Error(message.failed));
        else if ('done' in message) resolve();
        else {
          chunks.push(message);
          worker.postMessage('credit' satisfies ToReader);
        }
      });
    });
    worker.postMessage({ state: FileWalk.start(root).state() } satisfies ToReader);
    await done;
    return chunks;
  } finally {
    await worker.terminate();
  }
}
