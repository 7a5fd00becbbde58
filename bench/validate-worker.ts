import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseSource } from '@fleetops/core';
import { SchemaRegistry } from '@fleetops/schemas';
import { runValidation } from '@fleetops/validate';
import { parseAllDocuments } from 'yaml';

// One measured run in a fresh process, its job given as one JSON argument:
// - `{ mode: 'validate', root, paths, threads, shared }`: the kubeconform job over `paths`
//   (relative to `root`) on `threads` threads, the main one included; from 2 threads on the
//   worker threshold is forced down, so the worker pool is measured at every size;
// - `{ mode: 'parse' | 'yaml', root }`: a bare parse of the corpus, the yardstick, with core's
//   reader (js-yaml for plain files) or the yaml library's documents, as bench/load-worker.ts.
// validate.bench.ts runs it bundled as the CLI is (worker threads start from the bundle, as
// they do in production). Prints one JSON line: wall, CPU and peak RSS of the whole process,
// worker threads included.

interface Job {
  readonly mode: 'validate' | 'parse' | 'yaml';
  readonly root: string;
  readonly paths?: readonly string[];
  readonly threads?: number;
  /** shared/schemas, whose local copies of the two default locations serve as a warm cache. */
  readonly shared?: string;
}

const job = JSON.parse(process.argv[2]!) as Job;
const started = performance.now();
const cpu = process.cpuUsage();
let resources = 0;
let invalid = 0;
let workers = 0;
if (job.mode === 'parse' || job.mode === 'yaml') {
  const folder = join(job.root, 'manifests');
  for (const team of await readdir(folder)) {
    for (const file of await readdir(join(folder, team))) {
      const text = await readFile(join(folder, team, file), 'utf8');
      resources +=
        job.mode === 'parse'
          ? parseSource(text, 'yaml').documents.length
          : parseAllDocuments(text).filter((doc) => doc.toJS() !== undefined).length;
    }
  }
} else {
  const registry = new SchemaRegistry({
    locations: [
      `${job.shared}/kubernetes-json-schema`,
      `${job.shared}/crds-catalog/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`,
    ],
  });
  const threads = job.threads ?? 1;
  const run = await runValidation({
    paths: job.paths ?? ['manifests'],
    cwd: job.root,
    readStdin: async () => '',
    registry,
    // As `fleetops validate` with kubeconform's outputs: no decoded resources kept.
    objects: false,
    concurrency: threads,
    threads,
    ...(threads > 1 ? { workerThreshold: 0 } : {}),
  });
  resources = run.results.length;
  invalid = run.results.filter((result) => result.status === 'invalid').length;
  workers = run.workers;
}
const used = process.cpuUsage(cpu);
process.stdout.write(
  `${JSON.stringify({
    ms: performance.now() - started,
    cpuSeconds: (used.user + used.system) / 1e6,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    resources,
    invalid,
    workers,
  })}\n`,
);
