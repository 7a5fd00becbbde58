import type { TextFacts } from './block-yaml.ts';
import type { DiscoveredFile } from './discovery.ts';
import { type ParsedSource, parseSource, syntaxOf } from './document.ts';
import type { FileWalk } from './file-walk.ts';
import type { PrepareStats } from './prepare-threads.ts';
import { type FileRead, readFileView } from './read-files.ts';
import { decodeUtf8, looksBinary } from './text.ts';

/**
 * One file made ready for the loader: read, told apart from binary, decoded as strict
 * UTF-8 and parsed. Everything here depends on the file alone, so it can run on any
 * thread (prepare-threads.ts); what depends on the repository stays in loader.ts.
 */
export type PreparedFile =
  | { readonly kind: 'source'; readonly text: string; readonly parsed: ParsedSource }
  | { readonly kind: 'binary' }
  | {
      readonly kind: 'invalid-utf8';
      readonly line: number;
      readonly column: number;
      readonly message: string;
    }
  | { readonly kind: 'too-large'; readonly size: number }
  | { readonly kind: 'unreadable'; readonly message: string };

/**
 * `path` names the file for its syntax (.json or YAML); `absolutePath` is where it is
 * read. Its bytes are decoded at once, so they are read into the scratch buffer, not a
 * buffer of their own.
 */
export function prepareFile(path: string, absolutePath: string, maxFileSize: number): PreparedFile {
  return prepareRead(path, readFileView(absolutePath, maxFileSize));
}

/** The rest of prepareFile, once the file is read. */
export function prepareRead(path: string, read: FileRead): PreparedFile {
  if ('error' in read) return { kind: 'unreadable', message: read.error };
  if ('tooLarge' in read) return { kind: 'too-large', size: read.tooLarge };
  if (looksBinary(read.bytes)) return { kind: 'binary' };
  const decoded = decodeUtf8(read.bytes);
  if (!decoded.ok) {
    const { line, column, message } = decoded;
    return { kind: 'invalid-utf8', line, column, message };
  }
  return prepareText(path, decoded.text);
}

/** The rest of prepareRead, once the file is known to be text. */
export function prepareText(path: string, text: string, facts?: TextFacts): PreparedFile {
  return { kind: 'source', text, parsed: parseSource(text, syntaxOf(path), facts) };
}

/** A file's path (relative to the root) and the file prepared. */
export type PreparedEntry = readonly [path: string, file: PreparedFile];

/**
 * Files prepared on this thread, as one batch: the loader takes a batch per await, since
 * an async generator's round trip per file showed in profiles of 50,000-file loads.
 */
export function prepareHere(
  files: readonly DiscoveredFile[],
  maxFileSize: number,
  stats: Pick<PrepareStats, 'here'>,
): PreparedEntry[] {
  stats.here += files.length;
  return files.map((file) => [file.path, prepareFile(file.path, file.absolutePath, maxFileSize)]);
}

/** Files per batch prepared on this thread: one await of the loader's per batch. */
export const batchSize = 128;

/**
 * The rest of a walk prepared on this thread, a batch at a time, after `head`: the files
 * already taken from it.
 */
export function* prepareRest(
  walk: FileWalk,
  maxFileSize: number,
  stats: Pick<PrepareStats, 'here'>,
  head: readonly DiscoveredFile[] = [],
): Generator<readonly PreparedEntry[]> {
  if (head.length > 0) yield prepareHere(head, maxFileSize, stats);
  for (let batch = walk.take(batchSize); batch.length > 0; batch = walk.take(batchSize))
    yield prepareHere(batch, maxFileSize, stats);
}
