import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeTree } from '@fleetops/test/tree';
import { describe, expect, it } from 'vitest';
import { discoverFiles } from '../src/discovery.ts';
import { FileWalk } from '../src/file-walk.ts';
import { loadRepository } from '../src/loader.ts';
import type { PreparedEntry } from '../src/prepare.ts';
import { prepareFiles } from '../src/prepare-threads.ts';
import { isPrintableAscii } from '../src/read-ahead.ts';
import { FileBytes, readFile } from '../src/read-files.ts';
import { prepareWithReader } from '../src/reader-thread.ts';

async function prepareAll(
  root: string,
  threads: 'always' | 'reader' | 'never',
  maxFileSize = 1024,
) {
  const { files } = await discoverFiles(root);
  const prepared: PreparedEntry[] = [];
  const stats = { threads: 0, onThreads: 0, here: 0 };
  for await (const batch of prepareFiles(FileWalk.start(root), { maxFileSize, threads, stats }))
    prepared.push(...batch);
  expect(prepared.map(([path]) => path)).toEqual(files.map((file) => file.path));
  // The threads must really have done the work, not handed it all back.
  if (threads !== 'never' && files.length > 0) expect(stats.onThreads).toBe(files.length);
  if (threads === 'never') expect(stats).toEqual({ threads: 0, onThreads: 0, here: files.length });
  return prepared;
}

describe('readFile', () => {
  it('reads the bytes, reports a file over the limit by its size, and any failure', async () => {
    const root = await writeTree({ 'a.yaml': 'a: 1\n', 'big.yaml': 'x'.repeat(2048) });
    mkdirSync(join(root, 'dir.yaml'));
    const a = readFile(join(root, 'a.yaml'), 1024);
    expect('bytes' in a && Buffer.from(a.bytes).toString()).toBe('a: 1\n');
    expect(readFile(join(root, 'big.yaml'), 1024)).toEqual({ tooLarge: 2048 });
    // Past the first read's 64 KiB buffer: measured, then read whole, or refused by size.
    const large = 'key: value\n'.repeat(20_000);
    writeFileSync(join(root, 'large.yaml'), large);
    const read = readFile(join(root, 'large.yaml'), 1 << 20);
    expect('bytes' in read && Buffer.from(read.bytes).toString()).toBe(large);
    expect(readFile(join(root, 'large.yaml'), 100_000)).toEqual({ tooLarge: large.length });
    expect(readFile(join(root, 'dir.yaml'), 1024)).toEqual({
      error: expect.stringContaining('EISDIR'),
    });
    expect(readFile(join(root, 'missing.yaml'), 1024)).toEqual({
      error: expect.stringContaining('ENOENT'),
    });
  });
});

describe('FileBytes', () => {
  it('appends files end to end, growing past its capacity, and nothing for a failure', async () => {
    const large = 'key: value\n'.repeat(20_000);
    const root = await writeTree({
      'a.yaml': 'a: 1\n',
      'over.yaml': 'x'.repeat(300_000),
      'large.yaml': large,
      'b.yaml': 'b: 2\n',
    });
    const read = new FileBytes(16);
    const ends: (number | object)[] = [];
    for (const name of ['a.yaml', 'over.yaml', 'missing.yaml', 'large.yaml', 'b.yaml'])
      ends.push(read.append(join(root, name), 250_000) ?? read.length);
    expect(ends).toEqual([
      5,
      { tooLarge: 300_000 },
      { error: expect.stringContaining('ENOENT') },
      5 + large.length,
      10 + large.length,
    ]);
    expect(Buffer.from(read.bytes.subarray(0, read.length)).toString()).toBe(
      `a: 1\n${large}b: 2\n`,
    );
    read.clear();
    expect([read.length, read.bytes.length]).toEqual([0, 16]);
  });
});

describe('prepareFiles', () => {
  it('prepares every file the same on parsing threads, behind a reader thread and here, in order', async () => {
    const files: Record<string, string> = {
      'big.yaml': 'x'.repeat(2048),
      'binary.yaml': 'a\u0000b',
      'broken.yaml': 'a: [1, 2\n',
      'empty.yaml': '',
      'floats.yaml': 'inf: .inf\nnan: .nan\nzero: -0\nnegative: -0.0\n',
      'list.json': '{"kind": "List", "items": [{"n": 1e400}]}',
      'multi.yaml': '# head\n---\na: 1\n---\n---\nb: [x, {c: d}]\n',
      'proto.yaml': '__proto__: {polluted: true}\n',
      'template.yaml': 'a: {{ .Values.x }}\n',
    };
    // More than one chunk, so results arrive from several threads out of order.
    for (let i = 0; i < 300; i++) files[`many/f${String(i).padStart(3, '0')}.yaml`] = `n: ${i}\n`;
    const root = await writeTree({
      ...files,
      'latin1.yaml': new Uint8Array([97, 58, 32, 255, 10]),
    });
    const threaded = await prepareAll(root, 'always');
    const here = await prepareAll(root, 'never');
    expect(threaded).toEqual(here);
    expect(await prepareAll(root, 'reader')).toEqual(here);
    const byPath = new Map(threaded);
    expect(byPath.get('big.yaml')).toEqual({ kind: 'too-large', size: 2048 });
    expect(byPath.get('binary.yaml')).toEqual({ kind: 'binary' });
    expect(byPath.get('latin1.yaml')).toMatchObject({ kind: 'invalid-utf8', line: 1, column: 4 });
    const floats = byPath.get('floats.yaml');
    expect(floats?.kind === 'source' && floats.parsed.documents[0]?.value).toEqual({
      inf: Number.POSITIVE_INFINITY,
      nan: Number.NaN,
      zero: -0,
      negative: -0,
    });
    const proto = byPath.get('proto.yaml');
    const value = proto?.kind === 'source' ? proto.parsed.documents[0]?.value : undefined;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value as object)).toEqual(['__proto__']);
    expect(byPath.get('many/f299.yaml')).toMatchObject({ kind: 'source', text: 'n: 299\n' });
  });

  it('prepares nothing for no files', async () => {
    const root = await writeTree({});
    expect(await prepareAll(root, 'always')).toEqual([]);
    expect(await prepareAll(root, 'reader')).toEqual([]);
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

  it('loads the same repository whichever threads prepare it', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 200; i++)
      files[`clusters/c${i}/cm.yaml`] =
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n---\n# empty\n`;
    files['broken.yaml'] = 'a: [1, 2\n';
    files['binary.yaml'] = 'a\u0000b';
    const root = await writeTree(files);
    const summary = async (threads: 'always' | 'reader' | 'never') => {
      const repo = await loadRepository(root, { threads });
      return {
        files: [...repo.files.keys()],
        resources: repo.resources.map((r) => `${r.file}#${r.documentIndex} ${r.kind}/${r.name}`),
        findings: repo.findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.line}`),
        skipped: repo.skipped,
        stats: repo.stats,
        located: repo.locate(repo.resources[7]!, ['metadata', 'name']).line,
      };
    };
    const threaded = await summary('always');
    expect(threaded).toEqual(await summary('never'));
    expect(await summary('reader')).toEqual(threaded);
    expect(threaded.resources).toHaveLength(200);
    expect(threaded.findings).toEqual(['load/yaml-syntax broken.yaml:2']);
    expect(threaded.skipped).toEqual([{ file: 'binary.yaml', reason: 'binary file' }]);
    expect(threaded.located).toBe(4);
  });
});

describe('prepareWithReader', () => {
  it('prepares here until the reader thread has loaded, then hands the walk over', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 2000; i++)
      files[`d${i % 10}/f${String(i).padStart(4, '0')}.yaml`] = `n: ${i}\n`;
    const root = await writeTree(files);
    const here = await prepareAll(root, 'never');
    const stats = { threads: 0, onThreads: 0, here: 0 };
    const walk = FileWalk.start(root);
    const prepared: PreparedEntry[] = [];
    for await (const batch of prepareWithReader(walk, walk.take(10), 1024, stats)) {
      prepared.push(...batch);
      // Time for the thread to load (from the TypeScript sources here), while files are
      // prepared here a batch at a time.
      if (stats.onThreads === 0) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(prepared).toEqual(here);
    // The files listed first, and at least the bridge of two chunks listed at the hand-over.
    expect(stats.here).toBeGreaterThanOrEqual(10 + 512);
    expect(stats.onThreads).toBeGreaterThan(0);
    expect(stats.here + stats.onThreads).toBe(2000);
  });
});

describe('isPrintableAscii', () => {
  const printable = (byte: number) => byte === 10 || (byte >= 32 && byte <= 126);

  it('tells every byte value apart, at every place in a word and in the tail', () => {
    for (let byte = 0; byte < 256; byte++)
      for (let at = 0; at < 11; at++) {
        const bytes = new Uint8Array(11).fill(97);
        bytes[at] = byte;
        expect(isPrintableAscii(bytes), `byte ${byte} at ${at}`).toBe(printable(byte));
      }
  });

  it('agrees with the byte-by-byte definition on random text and on unaligned views', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 500; round++) {
      const bytes = new Uint8Array(1 + Math.floor(random() * 64));
      for (let i = 0; i < bytes.length; i++)
        bytes[i] = random() < 0.98 ? 32 + Math.floor(random() * 95) : Math.floor(random() * 256);
      const view = bytes.subarray(round % 3);
      expect(isPrintableAscii(view)).toBe(view.every(printable));
    }
  });
});
