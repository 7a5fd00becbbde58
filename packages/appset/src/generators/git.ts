import { posix } from 'node:path';
import { formatValue, type GoValue, jsonNumbersAsFloat64 } from '@fleetops/gotemplate';
import { BadGlobError, doublestarMatch } from '../doublestar.ts';
import { GeneratorError, NotPreviewableError, wrap } from '../errors.ts';
import { flatten, isPlainObject, type Params, sanitizeName } from '../params.ts';
import { BadPatternError, pathMatch } from '../path-match.ts';
import { parseFirstDocument } from '../yaml.ts';
import { type Context, emptyGenerator } from './context.ts';
import { appendValues } from './values.ts';

interface PathItem {
  path: string;
  exclude: boolean;
}

/** The git generator: directories (Go's path.Match, exclude wins) or files (git pathspec). */
export async function gitParams(git: Record<string, unknown>, context: Context): Promise<Params[]> {
  const project = context.templateProject;
  if (context.projects && !project.includes('{{') && !context.projects.has(project))
    throw new GeneratorError(
      `error getting project ${project}: appprojects.argoproj.io "${project}" not found`,
    );
  const directories = pathItems(git.directories);
  const files = pathItems(git.files);
  try {
    if (directories.length > 0) return await directoryParams(git, directories, context);
    if (files.length > 0) return await fileParams(git, files, context);
  } catch (error) {
    throw wrap('error generating params from git', error);
  }
  throw new GeneratorError(emptyGenerator);
}

function pathItems(value: unknown): PathItem[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter(isPlainObject)
    .map((item) => ({ path: String(item.path ?? ''), exclude: item.exclude === true }));
}

function repoOf(git: Record<string, unknown>, context: Context) {
  const repoURL = String(git.repoURL ?? '');
  const revision = String(git.revision ?? '');
  if (!context.repo)
    throw new NotPreviewableError(
      `git repository ${repoURL} is not available offline; give the preview a checkout of it`,
      'git',
    );
  return { repo: context.repo, repoURL, revision };
}

async function directoryParams(
  git: Record<string, unknown>,
  items: PathItem[],
  context: Context,
): Promise<Params[]> {
  const { repo, repoURL, revision } = repoOf(git, context);
  let all: string[];
  try {
    all = await repo.listDirectories(repoURL, revision);
  } catch (error) {
    throw wrap('error getting directories from repo', error);
  }
  const selected = all.filter((dir) => {
    let include = false;
    let exclude = false;
    for (const item of items) {
      let match = false;
      try {
        match = pathMatch(item.path, dir);
      } catch (error) {
        // The controller logs a bad pattern and goes on with the next one.
        if (error instanceof BadPatternError) continue;
        throw error;
      }
      if (match && !item.exclude) include = true;
      if (match && item.exclude) exclude = true;
    }
    return include && !exclude;
  });
  const prefix = typeof git.pathParamPrefix === 'string' ? git.pathParamPrefix : '';
  return selected.map((dir) => {
    const params: Params = {};
    if (context.mode.goTemplate) {
      const path = {
        path: dir,
        basename: posix.basename(dir),
        basenameNormalized: sanitizeName(posix.basename(dir)),
        segments: dir.split('/'),
      };
      if (prefix !== '') params[prefix] = { path };
      else params.path = path;
    } else {
      const name = prefix !== '' ? `${prefix}.path` : 'path';
      params[name] = dir;
      params[`${name}.basename`] = posix.basename(dir);
      params[`${name}.basenameNormalized`] = sanitizeName(posix.basename(dir));
      addSegments(params, name, dir);
    }
    try {
      appendValues(git.values, params, context.mode);
    } catch (error) {
      throw wrap(
        'error generating params from apps',
        wrap('failed to append templated values', error),
      );
    }
    return params;
  });
}

async function fileParams(
  git: Record<string, unknown>,
  items: PathItem[],
  context: Context,
): Promise<Params[]> {
  const { repo, repoURL, revision } = repoOf(git, context);
  const found = new Set<string>();
  let all: Promise<string[]> | undefined;
  const list = async (pattern: string): Promise<string[]> => {
    if (context.gitFileGlobbing !== 'doublestar') return repo.listFiles(repoURL, revision, pattern);
    all ??= repo.listFiles(repoURL, revision, '.');
    try {
      return (await all).filter((file) => doublestarMatch(pattern, file));
    } catch (error) {
      if (error instanceof BadGlobError)
        throw new GeneratorError(`error listing files with pattern ${pattern}: ${error.message}`);
      throw error;
    }
  };
  for (const item of items.filter((i) => !i.exclude))
    for (const file of await list(item.path)) found.add(file);
  for (const item of items.filter((i) => i.exclude))
    for (const file of await list(item.path)) found.delete(file);
  const prefix = typeof git.pathParamPrefix === 'string' ? git.pathParamPrefix : '';
  const res: Params[] = [];
  for (const file of [...found].sort(compareBytes)) {
    const content = await repo.readFile(repoURL, revision, file);
    try {
      res.push(...paramsFromFile(file, content, git.values, prefix, context));
    } catch (error) {
      throw wrap(`unable to process file '${file}' from repository '${repoURL}'`, error);
    }
  }
  return res;
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

function addSegments(params: Params, name: string, dir: string): void {
  for (const [i, segment] of dir.split('/').entries())
    if (segment !== '') params[`${name}[${i}]`] = segment;
}

/** Go's sort.Strings: byte order, which is code point order for these paths. */
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
