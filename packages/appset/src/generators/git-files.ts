import { posix } from 'node:path';
import { formatValue, type GoValue, jsonNumbersAsFloat64 } from '@fleetops/gotemplate';
import { GeneratorError, NotPreviewableError, wrap } from '../errors.ts';
import { Checkout, type GitTree, type TreeReader } from '../git-checkout.ts';
import {
  doublestarFiles,
  type ListedFile,
  OutsideRepositoryError,
  pathspecFiles,
} from '../git-repo-server.ts';
import { flatten, isPlainObject, type Params, sanitizeName } from '../params.ts';
import type { RepoReader } from '../types.ts';
import { parseFirstDocument } from '../yaml.ts';
import type { Context } from './context.ts';
import { addSegments, type PathItem, repoOf } from './git-paths.ts';
import { appendValues } from './values.ts';

/**
 * The git files generator. Each `path` is one GetGitFiles request to the repo-server:
 * `git ls-files -- PATTERN` (pathspec, the default) or doublestar's FilepathGlob over the
 * checkout (`gitFileGlobbing: 'doublestar'`); a listed path the repo-server cannot read as
 * a file (a directory, a submodule, a dangling symlink) fails the generator with its error.
 * Files are then parsed in byte order of their paths.
 */
export async function fileParams(
  git: Record<string, unknown>,
  items: PathItem[],
  context: Context,
): Promise<Params[]> {
  const { repo, repoURL, revision } = repoOf(git, context);
  const doublestar = context.gitFileGlobbing === 'doublestar';
  const { version } = context.semantics;
  // v3.0.1 util/git/client.go LsFiles globs filepath.Join(realRoot, path); 2.14 and 3.0.0
  // glob `path` from the root. A 3.0 minor stands for its latest patch.
  const joinsRoot = version.major >= 3;
  let checkout: Promise<Checkout | undefined> | undefined;
  const request = async (pattern: string): Promise<ListedFile[]> => {
    checkout ??= checkoutOf(repo, repoURL, revision, doublestar);
    const tree = await checkout;
    const files = { repoURL, pattern, joinsRoot };
    try {
      if (doublestar) return doublestarFiles(tree!, files);
      const paths = await repo.listFiles(repoURL, revision, pattern);
      return tree ? pathspecFiles(tree, files, paths) : paths.map((path) => ({ path, real: path }));
    } catch (error) {
      if (error instanceof OutsideRepositoryError)
        throw new NotPreviewableError(error.message, 'git');
      throw error;
    }
  };
  // `files[].exclude` came with 3.1 (v3.1.0 applicationset/generators/git.go); the older
  // CRD's GitFileGeneratorItem has `path` only, so every item is a request whose files count.
  const excludes = version.major > 3 || (version.major === 3 && version.minor >= 1);
  if (!excludes && items.some((item) => item.exclude))
    context.warn(
      `git files generator: Argo CD ${version.text} has no files[].exclude (added in 3.1): the files of an excluded path are generated too`,
    );
  const found = new Map<string, string>();
  for (const item of items.filter((i) => !excludes || !i.exclude))
    for (const file of await request(item.path)) found.set(file.path, file.real);
  for (const item of items.filter((i) => excludes && i.exclude))
    for (const file of await request(item.path)) found.delete(file.path);
  const tree = await checkout;
  const prefix = typeof git.pathParamPrefix === 'string' ? git.pathParamPrefix : '';
  const res: Params[] = [];
  for (const file of [...found.keys()].sort(compareBytes)) {
    const real = found.get(file)!;
    const content = tree?.modelContent(real) ?? (await repo.readFile(repoURL, revision, real));
    try {
      res.push(...paramsFromFile(file, content, git.values, prefix, context));
    } catch (error) {
      throw wrap(`unable to process file '${file}' from repository '${repoURL}'`, error);
    }
  }
  return res;
}

const checkouts = new WeakMap<GitTree, Map<string, Checkout>>();

/**
 * The repo-server's checkout of the revision: the reader's tree with kinds when it has one
 * (gitRepository does); else, for doublestar, every listed file as a regular file.
 */
async function checkoutOf(
  repo: RepoReader & Partial<TreeReader>,
  repoURL: string,
  revision: string,
  doublestar: boolean,
): Promise<Checkout | undefined> {
  if (repo.listTree) {
    // A matrix runs the generator once per parameter set of its first child: the reader
    // lists a tree once, and its checkout is built once.
    const tree = await repo.listTree(repoURL, revision);
    const built = checkouts.get(tree)?.get(repoURL);
    if (built) return built;
    const checkout = new Checkout(tree, repoURL);
    checkouts.set(tree, new Map([...(checkouts.get(tree) ?? []), [repoURL, checkout]]));
    return checkout;
  }
  if (!doublestar) return undefined;
  const files = await repo.listFiles(repoURL, revision, '.');
  const entries = files.map((path) => ({ path, kind: 'file' as const }));
  return new Checkout({ entries }, repoURL, revision === '' ? 'HEAD' : revision);
}

function paramsFromFile(
  file: string,
  content: string | Uint8Array,
  values: unknown,
  prefix: string,
  context: Context,
): Params[] {
  const text = typeof content === 'string' ? content : Buffer.from(content).toString('utf8');
  let parsed: unknown;
  try {
    parsed = parseFirstDocument(text);
  } catch (error) {
    throw wrap('unable to parse file', (error as Error).message.split('\n')[0]);
  }
  let objects: Record<string, unknown>[];
  if (parsed === null || isPlainObject(parsed)) objects = [parsed ?? {}];
  else if (Array.isArray(parsed) && parsed.every((o) => o === null || isPlainObject(o)))
    objects = parsed.map((o) => (o ?? {}) as Record<string, unknown>);
  else
    throw new GeneratorError(
      `unable to parse file: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${Array.isArray(parsed) ? 'array' : typeof parsed === 'string' ? 'string' : typeof parsed} into Go value of type []map[string]interface {}`,
    );
  const dir = posix.dirname(file);
  const filename = posix.basename(file);
  return objects.map((object) => {
    // Argo CD decodes the file through JSON: every number is a float64.
    const decoded = jsonNumbersAsFloat64(object as GoValue) as Params;
    let params: Params;
    if (context.mode.goTemplate) {
      params = { ...decoded };
      const path = {
        path: dir,
        basename: posix.basename(dir),
        filename,
        basenameNormalized: sanitizeName(posix.basename(dir)),
        filenameNormalized: sanitizeName(filename),
        segments: dir.split('/'),
      };
      if (prefix !== '') params[prefix] = { path };
      else params.path = path;
    } else {
      params = {};
      for (const [key, value] of Object.entries(flatten(decoded)))
        params[key] = formatValue(value as GoValue);
      const name = prefix !== '' ? `${prefix}.path` : 'path';
      params[name] = dir;
      params[`${name}.basename`] = posix.basename(dir);
      params[`${name}.filename`] = filename;
      params[`${name}.basenameNormalized`] = sanitizeName(posix.basename(dir));
      params[`${name}.filenameNormalized`] = sanitizeName(filename);
      addSegments(params, name, dir);
    }
    try {
      appendValues(values, params, context.mode);
    } catch (error) {
      throw wrap('failed to append templated values', error);
    }
    return params;
  });
}

/** Go's sort.Strings: byte order, which is code point order for these paths. */
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
