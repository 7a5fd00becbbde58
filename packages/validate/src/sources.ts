import type { Dirent } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

// Which files kubeconform reads, and how it cuts them into documents (pkg/resource). The
// walk, the extension test, the ignore patterns and the splitter are kubeconform's, so the
// same command line finds the same resources and counts the same files.

/** A file read from disk or stdin, named as kubeconform names it. */
export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

/** A path that could not be walked or read: kubeconform's DiscoveryError. */
export interface SourceError {
  readonly path: string;
  readonly message: string;
}

export interface Discovery {
  readonly files: SourceFile[];
  /** The first discovery error; kubeconform stops looking for files after it. */
  readonly error?: SourceError;
}

export interface DiscoverOptions {
  readonly cwd: string;
  /** kubeconform's -ignore-filename-pattern: regular expressions searched in each file path. */
  readonly ignore?: readonly RegExp[];
}

const errnoText: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
  EISDIR: 'is a directory',
};

/** Go's *PathError text: `lstat fixtures/not-here: no such file or directory`. */
function pathError(op: string, path: string, error: NodeJS.ErrnoException): string {
  return `${op} ${path}: ${errnoText[error.code ?? ''] ?? error.message}`;
}

const isManifest = (name: string): boolean => /\.(ya?ml|json)$/.test(name.toLowerCase());

/**
 * Walks `paths` in order as Go's filepath.Walk does (names sorted, symbolic links not
 * followed) and reads every .yaml, .yml and .json file whose path no pattern matches. A
 * path given on the command line is subject to the same tests as a file found in a folder.
 */
export async function discoverFiles(
  paths: readonly string[],
  options: DiscoverOptions,
): Promise<Discovery> {
  const found: string[] = [];
  const ignore = options.ignore ?? [];
  let error: SourceError | undefined;
  const visit = (path: string) => {
    if (isManifest(path) && !ignore.some((pattern) => pattern.test(path))) found.push(path);
  };
  const walkDirectory = async (path: string, root: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(resolve(options.cwd, path), { withFileTypes: true });
    } catch (cause) {
      throw { path: root, message: pathError('open', path, cause as NodeJS.ErrnoException) };
    }
    // Directory entries carry their type (as lstat would), so a tree costs one call per folder.
    entries.sort((a, b) => compareBytes(a.name, b.name));
    for (const entry of entries) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) await walkDirectory(child, root);
      else visit(child);
    }
  };
  for (const path of paths) {
    try {
      let info: Awaited<ReturnType<typeof lstat>>;
      try {
        info = await lstat(resolve(options.cwd, path));
      } catch (cause) {
        throw { path, message: pathError('lstat', path, cause as NodeJS.ErrnoException) };
      }
      if (info.isDirectory()) await walkDirectory(path, path);
      else visit(path);
    } catch (cause) {
      error = cause as SourceError;
      break;
    }
  }
  const texts = await readAll(found, options.cwd);
  const files: SourceFile[] = [];
  for (const [i, path] of found.entries()) {
    const text = texts[i]!;
    if (typeof text !== 'string') {
      error ??= { path, message: pathError('open', path, text) };
      break;
    }
    files.push({ path, text });
  }
  return error ? { files, error } : { files };
}

/** Reads files 32 at a time, in order; a failed read is its error. */
async function readAll(
  paths: readonly string[],
  cwd: string,
): Promise<(string | NodeJS.ErrnoException)[]> {
  const out: (string | NodeJS.ErrnoException)[] = new Array(paths.length);
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const i = next++;
      out[i] = await readFile(resolve(cwd, paths[i]!), 'utf8').catch(
        (e: NodeJS.ErrnoException) => e,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(32, paths.length) }, worker));
  return out;
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** A document of a file as kubeconform's splitter cuts it. */
export interface Token {
  readonly text: string;
  /** Offset of the token in its file. */
  readonly offset: number;
  /** 1-based line of the token's first character in its file. */
  readonly line: number;
}

/**
 * kubeconform's SplitYAMLDocument (from Kubernetes' pkg/util/yaml): documents end at a line
 * starting with `---`; the rest of that line is dropped. Empty tokens are not documents; a
 * `---` line that ends the text without a newline swallows what follows the previous
 * separator, as bufio.Scanner gives up on it.
 */
export function splitDocuments(text: string): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  let line = 1;
  const push = (start: number, end: number) => {
    if (end > start) tokens.push({ text: text.slice(start, end), offset: start, line });
  };
  while (position < text.length) {
    const separator = text.indexOf('\n---', position);
    if (separator === -1) {
      push(position, text.length);
      break;
    }
    const after = separator + 4;
    if (after === text.length) {
      push(position, separator);
      break;
    }
    const newline = text.indexOf('\n', after);
    if (newline === -1) break;
    push(position, separator);
    line += countLines(text, position, newline + 1);
    position = newline + 1;
  }
  return tokens;
}

function countLines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
