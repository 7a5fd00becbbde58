// Reads an action's action.yml, for the docs generator and for the end-to-end tests that
// pass inputs the way the runner does (defaults included).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from './bundles.mjs';

// The root has no YAML parser of its own; borrow the one the loader uses, so the repository
// has one YAML implementation.
const { parse } = createRequire(path.join(repoRoot, 'packages', 'core', 'package.json'))('yaml');

/** The parsed action.yml of actions/<name>. */
export function readActionManifest(name) {
  return parse(readFileSync(path.join(repoRoot, 'actions', name, 'action.yml'), 'utf8'));
}
