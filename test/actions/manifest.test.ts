// The conventions every action.yml keeps (docs/releasing.md, STYLE.md), checked for each
// action so a new one cannot drift from them.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readActionManifest } from '../../scripts/action-manifest.mjs';
import { actionNames, repoRoot } from '../../scripts/bundles.mjs';

const kebabCase = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
// biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, kept verbatim
const workflowToken = '${{ github.token }}';

describe.each(actionNames())('actions/%s/action.yml', (name) => {
  const manifest = readActionManifest(name);
  const inputs = Object.entries(manifest.inputs ?? {});

  it('runs its committed bundle on node24', () => {
    expect(manifest.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    expect(existsSync(path.join(repoRoot, 'actions', name, 'dist', 'index.js'))).toBe(true);
    expect(existsSync(path.join(repoRoot, 'actions', name, 'src', 'index.ts'))).toBe(true);
  });

  it('names inputs and outputs in kebab-case', () => {
    const ids = [...inputs.map(([id]) => id), ...Object.keys(manifest.outputs ?? {})];
    expect(ids.filter((id) => !kebabCase.test(id))).toEqual([]);
  });

  it('states the default of every input in its description', () => {
    const undocumented = inputs
      .filter(([, input]) => !/Default: /.test(input.description ?? ''))
      .map(([id]) => id);
    expect(undocumented).toEqual([]);
  });

  it('defaults a github-token input to the workflow token', () => {
    const token = manifest.inputs?.['github-token'];
    expect(token?.default ?? workflowToken).toBe(workflowToken);
  });

  it('describes every output', () => {
    const outputs = Object.entries(manifest.outputs ?? {});
    expect(outputs.filter(([, output]) => !output.description).map(([id]) => id)).toEqual([]);
  });
});
