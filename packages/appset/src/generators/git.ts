import { posix } from 'node:path';
import { GeneratorError, wrap } from '../errors.ts';
import { type Params, sanitizeName } from '../params.ts';
import { BadPatternError, pathMatch } from '../path-match.ts';
import { type Context, emptyGenerator } from './context.ts';
import { fileParams } from './git-files.ts';
import { addSegments, type PathItem, pathItems, repoOf } from './git-paths.ts';
import { appendValues } from './values.ts';

/**
 * The git generator: directories (Go's path.Match, exclude wins) or files (git pathspec or
 * doublestar, see git-files.ts).
 */
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
