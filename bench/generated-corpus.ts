import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';

/**
 * Writes a generated corpus's files under `root` unless a complete one of this `version`
 * is there: a marker beside it (`<root>.complete`), written last, tells a complete corpus
 * from one whose generation was interrupted. Resolves to the seconds generation took, or
 * undefined when the corpus was already there.
 */
export async function ensureGenerated(
  root: string,
  version: number,
  files: () => Iterable<[path: string, text: string]>,
): Promise<number | undefined> {
  const marker = `${root}.complete`;
  const done = await readFile(marker, 'utf8').catch(() => '');
  if (done === String(version)) return undefined;
  await rm(root, { recursive: true, force: true });
  const started = performance.now();
  await writeAll(files(), 64);
  await writeFile(marker, String(version));
  return (performance.now() - started) / 1000;
}

/** Writes with at most `concurrency` files in flight, creating directories once each. */
async function writeAll(files: Iterable<[string, string]>, concurrency: number): Promise<void> {
  // Shared promises: a second writer into a directory waits for the first one's mkdir.
  const made = new Map<string, Promise<unknown>>();
  const iterator = files[Symbol.iterator]();
  const worker = async () => {
    for (let next = iterator.next(); !next.done; next = iterator.next()) {
      const [path, text] = next.value;
      const dir = path.slice(0, path.lastIndexOf('/'));
      let making = made.get(dir);
      if (making === undefined) {
        making = mkdir(dir, { recursive: true });
        made.set(dir, making);
      }
      await making;
      await writeFile(path, text);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
