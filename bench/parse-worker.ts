/**
 * The YAML readers side by side in one process, over every file of a corpus read into
 * memory first: js-yaml with the Kubernetes scalar schema (the fast path before the block
 * reader) and the full fast path (`parseFast`: the block reader, js-yaml for what it
 * declines). Rounds alternate so both see the same machine. Prints the times of each
 * round as JSON, with how many documents each read and how many files the block reader
 * declined.
 */
import { readFileSync } from 'node:fs';
import { discoverFiles } from '@fleetops/core';
import { readBlockYaml } from '../packages/core/src/block-yaml.ts';
import { parseFast, parseWithJsYaml } from '../packages/core/src/fast-yaml.ts';

const [root, roundsText] = process.argv.slice(2);
if (!root) throw new Error('usage: parse-worker.ts ROOT [ROUNDS]');
const { files } = await discoverFiles(root);
const texts = files.map((file) => readFileSync(file.absolutePath, 'utf8'));
const rounds = Number(roundsText ?? 5);
const result = { jsYamlMs: [] as number[], fastMs: [] as number[], documents: 0, declined: 0 };
for (let round = 0; round < rounds; round++) {
  let start = performance.now();
  let jsYamlDocuments = 0;
  for (const text of texts) jsYamlDocuments += parseWithJsYaml(text, 'yaml')?.documents.length ?? 0;
  result.jsYamlMs.push(performance.now() - start);
  start = performance.now();
  let documents = 0;
  for (const text of texts) documents += parseFast(text, 'yaml')?.documents.length ?? 0;
  result.fastMs.push(performance.now() - start);
  if (documents !== jsYamlDocuments)
    throw new Error(`the fast path read ${documents} documents, js-yaml ${jsYamlDocuments}`);
  result.documents = documents;
}
result.declined = texts.filter((text) => readBlockYaml(text) === undefined).length;
process.stdout.write(`${JSON.stringify(result)}\n`);
