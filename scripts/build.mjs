// `pnpm build`: writes actions/<name>/dist/index.js for every action and
// packages/cli/dist/fleetops.js. The configuration lives in bundles.mjs.
import path from 'node:path';
import { buildAll, repoRoot } from './bundles.mjs';

const started = performance.now();
try {
  const written = await buildAll();
  for (const file of written) console.log(`built ${path.relative(repoRoot, file)}`);
  console.log(`${written.length} bundles in ${Math.round(performance.now() - started)} ms`);
} catch {
  // esbuild has already printed each error with its file, line and a code frame.
  process.exitCode = 1;
}
