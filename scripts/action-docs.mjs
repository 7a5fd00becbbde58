// Rewrites the inputs/outputs tables of every actions/<name>/README.md from its action.yml,
// between the markers below. `--check` writes nothing and fails when a README is stale (CI).
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { readActionManifest } from './action-manifest.mjs';
import { actionNames, repoRoot } from './bundles.mjs';

const start =
  '<!-- action-docs:start (generated from action.yml by `node scripts/action-docs.mjs`) -->';
const end = '<!-- action-docs:end -->';

/** The Markdown block for one action.yml. */
function renderDocs(action) {
  const inputs = Object.entries(action.inputs ?? {});
  const outputs = Object.entries(action.outputs ?? {});
  const lines = [start, '', '### Inputs', ''];
  if (inputs.length === 0) lines.push('None.');
  else {
    lines.push('| Input | Description | Default | Required |', '| --- | --- | --- | --- |');
    for (const [id, input] of inputs) {
      const fallback = input.default === undefined ? '' : code(String(input.default));
      const required = input.required === true ? 'yes' : 'no';
      lines.push(`| \`${id}\` | ${cell(input.description)} | ${fallback} | ${required} |`);
    }
  }
  lines.push('', '### Outputs', '');
  if (outputs.length === 0) lines.push('None.');
  else {
    lines.push('| Output | Description |', '| --- | --- |');
    for (const [id, output] of outputs) lines.push(`| \`${id}\` | ${cell(output.description)} |`);
  }
  lines.push('', end);
  return lines.join('\n');
}

/** Replaces the generated block of `readme`; throws when the markers are missing. */
function updateReadme(readme, docs, file) {
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) {
    throw new Error(`${file}: add the lines\n${start}\n${end}\nwhere the tables belong.`);
  }
  return readme.slice(0, from) + docs + readme.slice(to + end.length);
}

// Biome formats Markdown too (`pnpm lint` checks it): hand it the result, so the generated
// README is exactly what the formatter keeps and neither tool undoes the other.
const biome = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');

function formatted(markdown, file) {
  return execFileSync(process.execPath, [biome, 'format', `--stdin-file-path=${file}`], {
    cwd: repoRoot,
    input: markdown,
    encoding: 'utf8',
  });
}

function cell(text = '') {
  return String(text).trim().replace(/\s+/g, ' ').replaceAll('|', '\\|');
}

function code(text) {
  // A default with backticks in it (none today) would need a longer fence.
  return `\`${text.replaceAll('|', '\\|')}\``;
}

async function main(check) {
  const stale = [];
  for (const name of actionNames()) {
    const dir = path.join(repoRoot, 'actions', name);
    const action = readActionManifest(name);
    const file = path.join(dir, 'README.md');
    const readme = await readFile(file, 'utf8');
    const relative = path.relative(repoRoot, file);
    const updated = formatted(updateReadme(readme, renderDocs(action), relative), relative);
    if (updated === readme) continue;
    stale.push(path.relative(repoRoot, file));
    if (!check) await writeFile(file, updated);
  }
  if (check && stale.length > 0) {
    console.error(`Stale action docs: ${stale.join(', ')}. Run: node scripts/action-docs.mjs`);
    process.exitCode = 1;
  } else if (!check) {
    console.log(stale.length ? `updated ${stale.join(', ')}` : 'action docs up to date');
  }
}

await main(process.argv.includes('--check'));
