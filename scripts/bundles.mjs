// The one esbuild configuration of the repository: every action's bundle and the CLI's.
// build.mjs writes them in place; the end-to-end tests write them to a temporary
// directory, so they run the sources of this checkout rather than the committed dist.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Bundles mix ESM and CommonJS dependencies; esbuild's ESM output has no `require`, so
// CommonJS code that calls it (e.g. for node: builtins) needs one made from import.meta.url.
const requireBanner = [
  "import { createRequire as __fleetopsCreateRequire } from 'node:module';",
  'const require = __fleetopsCreateRequire(import.meta.url);',
].join('\n');

/** Names of the actions: every folder under actions/ that has an action.yml. */
export function actionNames(root = repoRoot) {
  const dir = path.join(root, 'actions');
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'action.yml')))
    .map((entry) => entry.name)
    .sort();
}

/** What every bundle shares: the actions', the CLI's and the benchmarks'. */
export function sharedOptions() {
  return {
    absWorkingDir: repoRoot,
    bundle: true,
    platform: 'node',
    format: 'esm',
    // No sourcemaps, no minification: the committed bundle diffs readably and byte-for-byte
    // the same on every machine, which is what the CI dist check compares.
    sourcemap: false,
    minify: false,
    legalComments: 'eof',
    charset: 'utf8',
    logLevel: 'warning',
    banner: { js: requireBanner },
  };
}

/**
 * The reader thread's own small bundle, beside every bundle: a thread loads it several
 * times faster than the whole bundle (packages/core/src/reader-thread.ts, which names
 * the file `readAheadBundle`, and falls back to the whole bundle when it is missing).
 */
const readAheadEntry = path.join(repoRoot, 'packages', 'core', 'src', 'read-ahead.ts');
export const readAheadBundle = 'fleetops-read-ahead.mjs';

/** The options of a bundle, and of the read-ahead bundle written beside it. */
function withReadAhead(option) {
  const readAhead = {
    ...option,
    entryPoints: [readAheadEntry],
    outfile: path.join(path.dirname(option.outfile), readAheadBundle),
  };
  return [option, readAhead];
}

/**
 * esbuild options for every bundle. `outRoot` is where the tree of outputs starts: the
 * repository itself for `pnpm build`, a temporary directory for tests.
 */
export function bundleOptions({ outRoot = repoRoot } = {}) {
  const shared = sharedOptions();
  const actions = actionNames().map((name) => ({
    ...shared,
    // GitHub runs dist/index.js with no node_modules beside it: nothing is external,
    // @actions/* included.
    entryPoints: [path.join(repoRoot, 'actions', name, 'src', 'index.ts')],
    outfile: path.join(outRoot, 'actions', name, 'dist', 'index.js'),
    target: 'node24',
  }));
  const cli = {
    ...shared,
    // esbuild keeps the entry's `#!/usr/bin/env node` line above the banner.
    entryPoints: [path.join(repoRoot, 'packages', 'cli', 'src', 'bin.ts')],
    outfile: path.join(outRoot, 'packages', 'cli', 'dist', 'fleetops.js'),
    // The installed bin promises Node >= 20, unlike the actions, which run on node24.
    target: 'node20',
  };
  return [...actions, cli].flatMap(withReadAhead);
}

/** Builds every bundle (in parallel) and returns the paths written. */
export async function buildAll({ outRoot = repoRoot } = {}) {
  const options = bundleOptions({ outRoot });
  await Promise.all(options.map((option) => esbuild.build(option)));
  return options.map((option) => option.outfile);
}

/**
 * Builds the bundles written into the folder `dist` (a bundle and its read-ahead bundle)
 * under `outRoot`, and returns their paths: none when no bundle goes there.
 */
export async function buildBundlesIn(dist, { outRoot = repoRoot } = {}) {
  const options = bundleOptions({ outRoot }).filter(
    (candidate) => path.dirname(candidate.outfile) === dist,
  );
  await Promise.all(options.map((option) => esbuild.build(option)));
  return options.map((option) => option.outfile);
}

/** Builds one action's bundles under `outRoot` and returns its entry's path (the tests'). */
export async function buildAction(name, { outRoot = repoRoot } = {}) {
  const dist = path.join(outRoot, 'actions', name, 'dist');
  if ((await buildBundlesIn(dist, { outRoot })).length === 0)
    throw new Error(`no action named ${name}: actions/${name}/action.yml is missing`);
  return path.join(dist, 'index.js');
}

/**
 * Bundles one script as the shipped bundles are made (the benchmarks measure the code users
 * run, not the TypeScript loader of development) and returns the file written.
 */
export async function buildScript(entry, outfile) {
  const option = { ...sharedOptions(), entryPoints: [entry], outfile, target: 'node20' };
  await Promise.all(withReadAhead(option).map((each) => esbuild.build(each)));
  return outfile;
}
