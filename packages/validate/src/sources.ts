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
  const walk = async (path: string, root: string): Promise<void> => {
    let info: Awaited<ReturnType<typeof lstat>>;
    try {
      info = await lstat(resolve(options.cwd, path));
    } catch (cause) {
      throw { path: root, message: pathError('lstat', path, cause as NodeJS.ErrnoException) };
    }
    if (info.isDirectory()) {
      let names: string[];
      try {
        names = (await readdir(resolve(options.cwd, path))).sort(compareBytes);
      } catch (cause) {
        throw { path: root, message: pathError('open', path, cause as NodeJS.ErrnoException) };
      }
      for (const name of names) await walk(join(path, name), root);
      return;
    }
    if (!isManifest(path)) return;
    if (ignore.some((pattern) => pattern.test(path))) return;
    found.push(path);
  };
  for (const path of paths) {
    try {
      await walk(path, path);
    } catch (cause) {
      error = cause as SourceError;
      break;
    }
  }
  const files: SourceFile[] = [];
  for (const path of found) {
    try {
      files.push({ path, text: await readFile(resolve(options.cwd, path), 'utf8') });
    } catch (cause) {
      error ??= { path, message: pathError('open', path, cause as NodeJS.ErrnoException) };
      break;
    }
  }
  return error ? { files, error } : { files };
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
