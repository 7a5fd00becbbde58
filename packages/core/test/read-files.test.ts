import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeTree } from '@fleetops/test/tree';
import { describe, expect, it } from 'vitest';
import { loadRepository } from '../src/loader.ts';
import { type FileRead, readFiles } from '../src/read-files.ts';

async function collect(paths: string[], thread: 'always' | 'never', maxFileSize = 1024) {
  const reads: FileRead[] = [];
  for await (const read of readFiles(paths, { maxFileSize, thread })) reads.push(read);
  return reads.map((read) =>
    'bytes' in read ? { text: Buffer.from(read.bytes).toString('utf8') } : read,
  );
}

describe('readFiles', () => {
  it('gives the same reads, in order, on a second thread as on this one', async () => {
    const files: Record<string, string> = { 'big.yaml': 'x'.repeat(2048), 'empty.yaml': '' };
    for (let i = 0; i < 600; i++) files[`f${String(i).padStart(3, '0')}.yaml`] = `n: ${i}\n`;
    const root = await writeTree(files);
    // A directory where a file is expected: the read fails, the ones after it still come.
    mkdirSync(join(root, 'dir.yaml'));
    const paths = [...Object.keys(files), 'dir.yaml', 'missing.yaml'].map((p) => join(root, p));
    const threaded = await collect(paths, 'always');
    expect(threaded).toEqual(await collect(paths, 'never'));
    expect(threaded[0]).toEqual({ tooLarge: 2048 });
    expect(threaded[1]).toEqual({ text: '' });
    expect(threaded[2]).toEqual({ text: 'n: 0\n' });
    expect(threaded[601]).toEqual({ text: 'n: 599\n' });
    expect(threaded[602]).toMatchObject({ error: expect.stringContaining('EISDIR') });
    expect(threaded[603]).toMatchObject({ error: expect.stringContaining('ENOENT') });
  });

  it('reads nothing for no paths', async () => {
    expect(await collect([], 'always')).toEqual([]);
  });
});

describe('loadRepository reading', () => {
  it('skips files over the size limit with the reason, and loads the rest', async () => {
    const root = await writeTree({ 'big.yaml': 'x'.repeat(2048), 'small.yaml': 'a: 1' });
    const repo = await loadRepository(root, { maxFileSize: 1024 });
    expect([...repo.files.keys()]).toEqual(['small.yaml']);
    expect(repo.skipped).toContainEqual({
      file: 'big.yaml',
      reason: 'larger than the 1.0 KiB limit (2.0 KiB)',
    });
  });

  it('reports an unreadable file and still loads the others', async () => {
    if (process.getuid?.() === 0) return; // root reads every file, whatever its mode
    const root = await writeTree({ 'a.yaml': 'a: 1', 'b.yaml': 'b: 2' });
    chmodSync(join(root, 'a.yaml'), 0);
    const repo = await loadRepository(root);
    expect(repo.findings.map((f) => [f.ruleId, f.location.file])).toEqual([
      ['load/unreadable-file', 'a.yaml'],
    ]);
    expect([...repo.files.keys()]).toEqual(['b.yaml']);
  });

  it('loads the same repository whichever thread reads it', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 50; i++)
      files[`clusters/c${i}/cm.yaml`] =
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n---\n# empty\n`;
    files['broken.yaml'] = 'a: [1, 2\n';
    files['binary.yaml'] = 'a\u0000b';
    const root = await writeTree(files);
    const summary = async (readThread: 'always' | 'never') => {
      const repo = await loadRepository(root, { readThread });
      return {
        files: [...repo.files.keys()],
        resources: repo.resources.map((r) => `${r.file}#${r.documentIndex} ${r.kind}/${r.name}`),
        findings: repo.findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.line}`),
        skipped: repo.skipped,
        stats: repo.stats,
      };
    };
    const threaded = await summary('always');
    expect(threaded).toEqual(await summary('never'));
    expect(threaded.resources).toHaveLength(50);
    expect(threaded.findings).toEqual(['load/yaml-syntax broken.yaml:2']);
    expect(threaded.skipped).toEqual([{ file: 'binary.yaml', reason: 'binary file' }]);
  });
});
