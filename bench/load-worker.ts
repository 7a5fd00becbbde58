/**
 * One measurement in a fresh process, so each run starts cold and its peak RSS is its own.
 * Prints {"ms": wall time, "rssMiB": peak resident set} as JSON.
 */
import { readFile } from 'node:fs/promises';
import { discoverFiles } from '@fleetops/core';
import { loadFleet } from '@fleetops/fleet';
import { parseAllDocuments } from 'yaml';

const [mode, root] = process.argv.slice(2);
if (!root || (mode !== 'fleet' && mode !== 'one-thread' && mode !== 'bare'))
  throw new Error('usage: load-worker.ts fleet|one-thread|bare ROOT');

const start = performance.now();
let count = 0;
if (mode === 'fleet' || mode === 'one-thread') {
  const threads = mode === 'one-thread' ? 'never' : 'auto';
  const { repository, fleet } = await loadFleet(root, { threads });
  count = repository.resources.length;
  if (fleet.clusters.length === 0) throw new Error('the corpus produced no clusters');
} else {
  // The baseline: list the same files, read them, parse every document with the yaml
  // library's defaults and convert it to plain data. No positions kept, no model.
  const { files } = await discoverFiles(root);
  for (const file of files) {
    const text = await readFile(file.absolutePath, 'utf8');
    for (const doc of parseAllDocuments(text) as ReturnType<typeof parseAllDocuments> & unknown[]) {
      if (doc.toJS()) count++;
    }
  }
}
const ms = performance.now() - start;
process.stdout.write(
  `${JSON.stringify({ ms, rssMiB: process.resourceUsage().maxRSS / 1024, count })}\n`,
);
