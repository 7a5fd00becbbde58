import { GeneratorError, NotPreviewableError, wrap } from '../errors.ts';
import { flatStrings, goJson, isPlainObject, mergeOverride, type Params } from '../params.ts';
import { replace, replaceDeep } from '../replace.ts';
import { compileSelector } from '../selector.ts';
import type { ApplicationTemplate } from '../types.ts';
import { clusterParams } from './clusters.ts';
import { type Context, emptyGenerator } from './context.ts';
import { gitParams } from './git.ts';
import { listParams } from './list.ts';
import { notPreviewable, pullRequestParams } from './pull-request.ts';

/**
 * Where a generator sits decides what it may hold: under `spec.generators` anything; as a
 * child of a top-level matrix or merge, a matrix or merge whose own children are terminal;
 * below that, terminal generators only (a deeper matrix is dropped when Argo CD decodes it).
 */
export type Level = 'top' | 'nested' | 'terminal';

const terminalKinds = [
  'list',
  'clusters',
  'git',
  'scmProvider',
  'clusterDecisionResource',
  'pullRequest',
] as const;
/** Field order of Argo CD's ApplicationSetGenerator struct, which is the evaluation order. */
export const allKinds = [...terminalKinds, 'matrix', 'merge', 'plugin'] as const;
export type GeneratorKind = (typeof allKinds)[number];
export const dynamicKinds = new Set([
  'scmProvider',
  'clusterDecisionResource',
  'pullRequest',
  'plugin',
]);

/** Generator kinds whose `values` map Argo CD pre-resolves during matrix interpolation. */
const valuesKinds = new Set([
  'clusters',
  'git',
  'scmProvider',
  'clusterDecisionResource',
  'pullRequest',
  'plugin',
]);

export interface TransformResult {
  kind: GeneratorKind;
  params: Params[];
  template: ApplicationTemplate;
}

/** The generator kinds a generator entry sets, in the controller's order. */
export function relevantKinds(generator: Record<string, unknown>, level: Level): GeneratorKind[] {
  const kinds = level === 'terminal' ? [...terminalKinds, 'plugin' as const] : allKinds;
  return kinds.filter((kind) => generator[kind] !== undefined && generator[kind] !== null);
}

/**
 * Argo CD's `Transform`: every generator kind set on one entry produces its parameter sets,
 * filtered by the entry's `selector`, with the generator's template merged over the base
 * template. `genParams` are the first matrix child's parameters, interpolated into this one.
 */
export async function transform(
  requested: Record<string, unknown>,
  baseTemplate: ApplicationTemplate,
  context: Context,
  level: Level,
  genParams?: Params,
): Promise<TransformResult[]> {
  let selects: ((labels: Record<string, string>) => boolean) | undefined;
  if (
    requested.selector !== undefined &&
    requested.selector !== null &&
    !dropsSelector(context, level)
  ) {
    try {
      selects = compileSelector(requested.selector);
    } catch (error) {
      throw wrap('error parsing label selector', error);
    }
  }
  const generator =
    genParams && Object.keys(genParams).length > 0
      ? interpolateGenerator(requested, genParams, context)
      : requested;
  const res: TransformResult[] = [];
  for (const kind of relevantKinds(requested, level)) {
    const spec = generator[kind];
    const template = mergeTemplate(
      isPlainObject(spec) && isPlainObject(spec.template) ? spec.template : {},
      baseTemplate,
    );
    const params = await generate(kind, spec, context, level);
    res.push({
      kind,
      template,
      params: selects
        ? params.filter((p) =>
            selects(flatStrings(p, !context.semantics.selectorFlattensStringMaps)),
          )
        : params,
    });
  }
  return res;
}

async function generate(
  kind: GeneratorKind,
  spec: unknown,
  context: Context,
  level: Level,
): Promise<Params[]> {
  if (!isPlainObject(spec)) throw new GeneratorError(emptyGenerator);
  switch (kind) {
    case 'list':
      return listParams(spec, context);
    case 'clusters':
      return clusterParams(spec, context);
    case 'git':
      return gitParams(spec, context);
    case 'matrix':
      return matrixParams(spec, context, level);
    case 'merge':
      return mergeParams(spec, context, level);
    default: {
      const fixture = context.fixtures[kind];
      if (fixture) return fixture.map((params) => ({ ...params }));
      if (kind === 'pullRequest')
        return pullRequestParams(spec, context) ?? throwIt(notPreviewable());
      throw new NotPreviewableError(`${kind} generator: dynamic — not previewable offline`, kind);
    }
  }
}

function throwIt(error: Error): never {
  throw error;
}

/**
 * Before Argo CD 3.0 the children of a nested matrix or merge lost their `selector`
 * unless `spec.applyNestedSelectors` was true (v2.14.0 matrix.go/merge.go getParams,
 * dropDisabledNestedSelectors); the controller logged a warning.
 */
function dropsSelector(context: Context, level: Level): boolean {
  if (level !== 'terminal' || context.semantics.nestedSelectorsAlways) return false;
  if (context.applyNestedSelectors) return false;
  context.warn(
    `selector on a nested matrix or merge generator's generator ignored: Argo CD ${context.semantics.version.text} applies it only with spec.applyNestedSelectors: true`,
  );
  return true;
}

/** The matrix: the cartesian product of two children, the second interpolated with the first. */
async function matrixParams(
  matrix: Record<string, unknown>,
  context: Context,
  level: Level,
): Promise<Params[]> {
  const children = childGenerators(matrix);
  if (children.length < 2)
    throw new GeneratorError('found less than two generators, Matrix support only two');
  if (children.length > 2)
    throw new GeneratorError('found more than two generators, Matrix support only two');
  const childLevel: Level = level === 'top' ? 'nested' : 'terminal';
  let first: Params[];
  try {
    first = await childParams(children[0]!, context, childLevel);
  } catch (error) {
    throw wrap('error failed to get params for first generator in matrix generator', error);
  }
  const res: Params[] = [];
  for (const a of first) {
    let second: Params[];
    try {
      second = await childParams(children[1]!, context, childLevel, a);
    } catch (error) {
      throw wrap('failed to get params for second generator in the matrix generator', error);
    }
    for (const b of second) res.push(context.mode.goTemplate ? combineGo(a, b) : combineFlat(a, b));
  }
  return res;
}

/** goTemplate: the second child's parameters, then the first's over them (the first wins). */
function combineGo(a: Params, b: Params): Params {
  return mergeOverride(mergeOverride({}, b), a);
}

/** fasttemplate: string maps combined; one key with two values is an error. */
function combineFlat(a: Params, b: Params): Params {
  const res: Params = {};
  for (const [key, value] of Object.entries(a)) res[key] = String(value);
  for (const [key, raw] of Object.entries(b)) {
    const value = String(raw);
    if (key in res && res[key] !== value)
      throw new GeneratorError(
        `failed to combine string maps with merging params for the matrix generator: found duplicate key ${key} with different value, a: ${res[key]} ,b: ${value}`,
      );
    res[key] = value;
  }
  return res;
}

/** The merge: the first child's sets, each overridden by the later children's set of equal keys. */
async function mergeParams(
  merge: Record<string, unknown>,
  context: Context,
  level: Level,
): Promise<Params[]> {
  const children = childGenerators(merge);
  if (children.length < 2)
    throw new GeneratorError('found less than two generators, Merge requires two or more');
  const childLevel: Level = level === 'top' ? 'nested' : 'terminal';
  const sets: Params[][] = [];
  for (const [i, child] of children.entries()) {
    try {
      sets.push(await childParams(child, context, childLevel));
    } catch (error) {
      throw wrap(
        'error getting param sets from generators',
        wrap(`error getting params from generator ${i + 1} of ${children.length}`, error),
      );
    }
  }
  const mergeKeys = Array.isArray(merge.mergeKeys) ? merge.mergeKeys.map(String) : [];
  const base = byMergeKey(mergeKeys, sets[0]!);
  for (const paramSets of sets.slice(1)) {
    const overrides = byMergeKey(mergeKeys, paramSets);
    for (const [key, params] of base) {
      const override = overrides.get(key);
      if (!override) continue;
      base.set(
        key,
        context.mode.goTemplate ? mergeOverride(params, override) : { ...params, ...override },
      );
    }
  }
  return [...base.values()];
}

function byMergeKey(mergeKeys: string[], paramSets: Params[]): Map<string, Params> {
  if (mergeKeys.length === 0)
    throw new GeneratorError(
      'error getting param sets by merge key: no merge keys were specified, Merge requires at least one',
    );
  const keys = [...new Set(mergeKeys)];
  const res = new Map<string, Params>();
  for (const params of paramSets) {
    const key: Record<string, unknown> = {};
    for (const mergeKey of keys) key[mergeKey] = params[mergeKey] ?? null;
    const json = goJson(key);
    if (res.has(json))
      throw new GeneratorError(
        `error getting param sets by merge key: the parameters from a generator were not unique by the given mergeKeys, Merge requires all param sets to be unique. Duplicate key was ${json}`,
      );
    res.set(json, params);
  }
  return res;
}

function childGenerators(spec: Record<string, unknown>): Record<string, unknown>[] {
  const generators = Array.isArray(spec.generators) ? spec.generators : [];
  return generators.map((g) => (isPlainObject(g) ? g : {}));
}

/** A child of a matrix or merge: exactly one generator kind, with the base template empty. */
async function childParams(
  child: Record<string, unknown>,
  context: Context,
  level: Level,
  genParams?: Params,
): Promise<Params[]> {
  let results: TransformResult[];
  try {
    results = await transform(child, {}, context, level, genParams);
  } catch (error) {
    throw wrap('child generator returned an error on parameter generation', error);
  }
  if (results.length === 0) throw new GeneratorError('child generator generated no parameters');
  if (results.length > 1)
    throw new GeneratorError('found more than one generator in matrix.Generators');
  return results[0]!.params;
}

/**
 * Argo CD's `InterpolateGenerator`: every string of the second matrix child is rendered with
 * the first child's parameters. In goTemplate mode the generator's own `values` are rendered
 * with missingkey=error and kept as written when a key is missing, so they can still refer
 * to the generator's own parameters.
 */
function interpolateGenerator(
  generator: Record<string, unknown>,
  params: Params,
  context: Context,
): Record<string, unknown> {
  const mode = context.mode;
  const valuesMode = mode.goTemplate
    ? {
        goTemplate: true,
        goTemplateOptions: [
          ...mode.goTemplateOptions.filter((o) => !o.startsWith('missingkey=')),
          'missingkey=error',
        ],
      }
    : mode;
  const out: Record<string, unknown> = {};
  try {
    for (const [kind, spec] of Object.entries(generator)) {
      if (!isPlainObject(spec) || !isPlainObject(spec.values) || !valuesKinds.has(kind)) {
        out[kind] = replaceDeep(spec, params, mode);
        continue;
      }
      const { values, ...rest } = spec;
      const rendered = replaceDeep(rest, params, mode) as Record<string, unknown>;
      const resolved: Record<string, string> = {};
      for (const [key, value] of Object.entries(values)) {
        const text = String(value ?? '');
        try {
          resolved[key] = replace(text, params, valuesMode);
        } catch (error) {
          const message = (error as Error).message;
          if (
            message.includes('map has no entry for key') ||
            message.includes("can't evaluate field")
          )
            resolved[key] = text;
          else throw wrap(`failed to pre-resolve Values key "${key}"`, error);
        }
      }
      out[kind] = { ...rendered, values: resolved };
    }
  } catch (error) {
    throw wrap('failed to replace parameters in generator', error);
  }
  return out;
}

/**
 * mergo.Merge(generatorTemplate, applicationSetTemplate): fields the generator's template
 * leaves empty are taken from the ApplicationSet's; maps are filled key by key; a non-empty
 * list or a Helm `valuesObject` is kept whole.
 */
export function mergeTemplate(dst: unknown, src: unknown, key = ''): ApplicationTemplate {
  return fill(dst, src, key) as ApplicationTemplate;
}

function fill(dst: unknown, src: unknown, key: string): unknown {
  if (isEmpty(dst)) return src;
  if (key === 'valuesObject' || !isPlainObject(dst) || !isPlainObject(src)) return dst;
  const out: Record<string, unknown> = { ...dst };
  for (const [k, v] of Object.entries(src)) out[k] = fill(dst[k], v, k);
  return out;
}

function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === '' ||
    value === false ||
    value === 0 ||
    (Array.isArray(value) && value.length === 0) ||
    (isPlainObject(value) && Object.keys(value).length === 0)
  );
}
