import { type ApplicationSetSpec, renderApplication, templateMode } from './application.ts';
import { NotPreviewableError } from './errors.ts';
import type { Context } from './generators/context.ts';
import { allKinds, relevantKinds, transform } from './generators/transform.ts';
import { isPlainObject, type Params } from './params.ts';
import type { Application, ApplicationTemplate, GenerateOptions } from './types.ts';
import { validateApplications, validationCondition } from './validate.ts';
import { semanticsOf } from './version.ts';

export interface ExpandOptions
  extends Omit<
    GenerateOptions,
    'goTemplate' | 'goTemplateOptions' | 'templateProject' | 'applyNestedSelectors'
  > {
  /**
   * Check destinations against `clusters`, as the controller does. Leave it off when the
   * repository does not define the fleet's clusters: every destination would look unknown.
   */
  validateDestinations?: boolean;
}

export type ExpandErrorKind =
  /** A generator failed: the controller changes none of the ApplicationSet's Applications. */
  | 'generation'
  /** A template failed to render: the same freeze. */
  | 'render'
  /** One Application is invalid: it alone is not created or updated. */
  | 'validation'
  /** A generator needs the outside world (SCM, plugin, cluster resources, another repository). */
  | 'not-previewable';

export interface ExpandError {
  kind: ExpandErrorKind;
  message: string;
  /** Index of the entry of `spec.generators` that failed. */
  generator?: number;
  /** `namespace/name` of the Application, for validation errors. */
  application?: string;
}

export interface ExpandResult {
  /**
   * `ok`: every Application is known. `frozen`: a generation or render error stops the
   * controller from changing any Application of this ApplicationSet. `incomplete`: some
   * generators could not be evaluated offline; `applications` holds the others.
   */
  status: 'ok' | 'frozen' | 'incomplete';
  /** The Applications the controller would create or update (empty when frozen). */
  applications: Application[];
  errors: ExpandError[];
  warnings: string[];
  /** The ApplicationSet's ErrorOccurred condition message, as the controller would set it. */
  condition?: string;
}

/** The fields of Argo CD's ApplicationSetGenerator struct: the generator kinds and `selector`. */
const knownKeys = new Set<string>([...allKinds, 'selector']);

/**
 * What the ApplicationSet controller does with one ApplicationSet: every generator's
 * parameter sets, an Application rendered from each, then the controller's validation.
 */
export async function expandApplicationSet(
  applicationSet: ApplicationSetSpec,
  options: ExpandOptions = {},
): Promise<ExpandResult> {
  const name = applicationSet.metadata?.name ?? '';
  const spec = applicationSet.spec ?? {};
  const warnings: string[] = [];
  const context = contextFor(applicationSet, options, (message) => {
    if (!warnings.includes(message)) warnings.push(message);
  });
  const errors: ExpandError[] = [];
  const generated: Application[] = [];
  let frozen = false;
  const generators = Array.isArray(spec.generators) ? spec.generators : [];
  for (const [index, entry] of generators.entries()) {
    const generator = isPlainObject(entry) ? entry : {};
    const unknown = Object.keys(generator).filter((key) => !knownKeys.has(key));
    if (relevantKinds(generator, 'top').length === 0) {
      const keys = unknown.length > 0 ? `: ${unknown.join(', ')}` : '';
      warnings.push(
        `ApplicationSet ${name} contains unrecognized generators${keys} (generator ${index + 1} generates nothing)`,
      );
      continue;
    }
    let results: Awaited<ReturnType<typeof transform>>;
    try {
      results = await transform(generator, spec.template ?? {}, context, 'top');
    } catch (error) {
      if (error instanceof NotPreviewableError) {
        errors.push({ kind: 'not-previewable', message: error.message, generator: index });
      } else {
        errors.push({ kind: 'generation', message: (error as Error).message, generator: index });
        frozen = true;
      }
      continue;
    }
    for (const result of results) {
      if (result.params.length === 0)
        warnings.push(`generator ${index + 1} (${result.kind}) produced no parameters`);
      for (const params of result.params) {
        try {
          generated.push(renderApplication(applicationSet, params, { template: result.template }));
        } catch (error) {
          errors.push({ kind: 'render', message: (error as Error).message, generator: index });
          frozen = true;
        }
      }
    }
  }
  if (frozen) {
    const first = errors.find((e) => e.kind === 'generation' || e.kind === 'render');
    return { status: 'frozen', applications: [], errors, warnings, condition: first?.message };
  }
  const validation = validateApplications(name, generated, {
    ...(options.projects ? { projects: options.projects } : {}),
    ...(options.validateDestinations ? { clusters: context.clusters } : {}),
  });
  for (const error of validation.errors)
    errors.push({ kind: 'validation', message: error.message, application: error.application });
  const result: ExpandResult = {
    status: errors.some((e) => e.kind === 'not-previewable') ? 'incomplete' : 'ok',
    applications: validation.valid,
    errors,
    warnings,
  };
  const condition = validationCondition(validation.errors);
  if (condition) result.condition = condition;
  return result;
}

/**
 * The parameter sets of one entry of `spec.generators`, as Argo CD's generators produce
 * them (selector applied). Rejects with the controller's error text, or with a
 * `NotPreviewableError` for a generator that needs the outside world.
 */
export async function generateParams(
  generator: Record<string, unknown>,
  options: GenerateOptions = {},
): Promise<Params[]> {
  const context = contextOf(options, () => {});
  const results = await transform(generator, {}, context, 'top');
  return results.flatMap((result) => result.params);
}

function contextFor(
  applicationSet: ApplicationSetSpec,
  options: ExpandOptions,
  warn: (message: string) => void,
): Context {
  const mode = templateMode(applicationSet);
  const template: ApplicationTemplate = applicationSet.spec?.template ?? {};
  const project = template.spec?.project;
  return contextOf(
    {
      ...options,
      goTemplate: mode.goTemplate,
      goTemplateOptions: mode.goTemplateOptions,
      templateProject: typeof project === 'string' ? project : '',
      applyNestedSelectors: applicationSet.spec?.applyNestedSelectors === true,
    },
    warn,
  );
}

function contextOf(options: GenerateOptions, warn: (message: string) => void): Context {
  const context: Context = {
    mode: {
      goTemplate: options.goTemplate === true,
      goTemplateOptions: options.goTemplateOptions ?? [],
    },
    clusters: options.clusters ?? [],
    argocdNamespace: options.argocdNamespace ?? 'argocd',
    fixtures: options.fixtures ?? {},
    templateProject: options.templateProject ?? '',
    semantics: semanticsOf(options.argocdVersion),
    applyNestedSelectors: options.applyNestedSelectors === true,
    gitFileGlobbing: options.gitFileGlobbing ?? 'pathspec',
    warn,
  };
  if (options.pullRequestEvent !== undefined) context.pullRequestEvent = options.pullRequestEvent;
  if (options.repo) context.repo = options.repo;
  if (options.projects) context.projects = options.projects;
  return context;
}
