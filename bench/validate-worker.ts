import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseSource } from '@fleetops/core';
import { SchemaRegistry } from '@fleetops/schemas';
import { runValidation } from '@fleetops/validate';
import { parseAllDocuments } from 'yaml';

// One measured run in a fresh process: `validate ROOT`, or a bare parse of the same files as
// the yardstick: `parse ROOT` with core's reader (js-yaml for plain files), `yaml ROOT` with
// the yaml library's documents, as bench/load-worker.ts measures it. Prints one JSON line.

const [mode, root] = process.argv.slice(2) as ['validate' | 'parse' | 'yaml', string];
const shared = new URL('../../shared/schemas/', import.meta.url).pathname;
const started = performance.now();
const cpu = process.cpuUsage();
let resources = 0;
let invalid = 0;
if (mode === 'parse' || mode === 'yaml') {
  const folder = join(root, 'manifests');
  for (const team of await readdir(folder)) {
    for (const file of await readdir(join(folder, team))) {
      const text = await readFile(join(folder, team, file), 'utf8');
      resources +=
        mode === 'parse'
          ? parseSource(text, 'yaml').documents.length
          : parseAllDocuments(text).filter((doc) => doc.toJS() !== undefined).length;
    }
  }
} else {
  // Schemas from local copies of the two default locations: what a warm cache serves.
  const registry = new SchemaRegistry({
    locations: [
      `${shared}kubernetes-json-schema`,
      `${shared}crds-catalog/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`,
    ],
  });
  const run = await runValidation({
    paths: ['manifests'],
    cwd: root,
    readStdin: async () => '',
    registry,
  });
  resources = run.results.length;
  invalid = run.results.filter((result) => result.status === 'invalid').length;
}
const used = process.cpuUsage(cpu);
process.stdout.write(
  `${JSON.stringify({
    ms: performance.now() - started,
    cpuSeconds: (used.user + used.system) / 1e6,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    resources,
    invalid,
  })}\n`,
);
