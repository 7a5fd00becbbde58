import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseSource } from '@fleetops/core';
import { SchemaRegistry } from '@fleetops/schemas';
import { runValidation } from '@fleetops/validate';

// One measured run in a fresh process: `validate ROOT` or `parse ROOT` (the bare YAML parse
// of the same files, the yardstick). Prints one JSON line.

const [mode, root] = process.argv.slice(2) as ['validate' | 'parse', string];
const shared = new URL('../../shared/schemas/', import.meta.url).pathname;
const started = performance.now();
const cpu = process.cpuUsage();
let resources = 0;
let invalid = 0;
if (mode === 'parse') {
  const folder = join(root, 'manifests');
  for (const team of await readdir(folder)) {
    for (const file of await readdir(join(folder, team))) {
      const parsed = parseSource(await readFile(join(folder, team, file), 'utf8'), 'yaml');
      resources += parsed.documents.length;
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
