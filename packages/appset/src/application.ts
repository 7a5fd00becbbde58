import { GeneratorError, wrap } from './errors.ts';
import { isPlainObject, type Params } from './params.ts';
import { strategicMerge } from './patch.ts';
import { replace, replaceDeep, type TemplateMode } from './replace.ts';
import type { Application, ApplicationTemplate } from './types.ts';
import { parseFirstDocument } from './yaml.ts';

export const resourcesFinalizer = 'resources-finalizer.argocd.argoproj.io';

/** The parts of an ApplicationSet that rendering reads. */
export interface ApplicationSetSpec {
  metadata?: { name?: string; namespace?: string };
  spec?: {
    goTemplate?: boolean;
    goTemplateOptions?: string[];
    template?: ApplicationTemplate;
    templatePatch?: string;
    syncPolicy?: { preserveResourcesOnDeletion?: boolean } & Record<string, unknown>;
  } & Record<string, unknown>;
}

export interface RenderOptions {
  /** The template to render instead of `spec.template` (a generator's merged template). */
  template?: ApplicationTemplate;
}

/** `spec.goTemplate` and `spec.goTemplateOptions` of an ApplicationSet. */
export function templateMode(applicationSet: ApplicationSetSpec): TemplateMode {
  const spec = applicationSet.spec ?? {};
  return {
    goTemplate: spec.goTemplate === true,
    goTemplateOptions: Array.isArray(spec.goTemplateOptions)
      ? spec.goTemplateOptions.map(String)
      : [],
  };
}

/**
 * One Application from one parameter set, as the controller builds it: the template
 * rendered (fasttemplate or Go template), the resources finalizer added unless the
 * ApplicationSet preserves resources on deletion, `templatePatch` applied as a strategic
 * merge patch that cannot change `spec.project`, and the namespace forced to the
 * ApplicationSet's. Throws the controller's error text.
 */
export function renderApplication(
  applicationSet: ApplicationSetSpec,
  params: Params,
  options: RenderOptions = {},
): Application {
  const spec = applicationSet.spec ?? {};
  const mode = templateMode(applicationSet);
  const template = options.template ?? spec.template ?? {};
  const hasParams = Object.keys(params).length > 0;
  // Rendering builds a new tree, so only an unrendered template needs its own copy.
  let app = temporaryApplication(template, hasParams ? shareValue : structuredClone);
  // With no parameters the controller returns the template untouched, finalizer and all.
  if (hasParams) {
    app = replaceDeep(app, params, mode);
    if (spec.syncPolicy?.preserveResourcesOnDeletion !== true && !app.metadata.finalizers?.length)
      app.metadata.finalizers = [resourcesFinalizer];
  }
  if (typeof spec.templatePatch === 'string')
    app = applyTemplatePatch(app, replacePatch(spec.templatePatch, params, mode));
  // The namespace must be the ApplicationSet's: the appsets-in-any-namespace boundary.
  const { name, namespace: _, ...rest } = app.metadata;
  const namespace = applicationSet.metadata?.namespace;
  app.metadata = namespace ? { name, namespace, ...rest } : { name, ...rest };
  return app;
}

const shareValue = <T>(value: T): T => value;

function temporaryApplication(
  template: ApplicationTemplate,
  copy: <T>(value: T) => T,
): Application {
  const metadata = isPlainObject(template.metadata) ? template.metadata : {};
  const app: Application = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: typeof metadata.name === 'string' ? metadata.name : '' },
    spec: isPlainObject(template.spec) ? copy(template.spec) : {},
  };
  for (const key of ['namespace', 'labels', 'annotations', 'finalizers'] as const)
    if (metadata[key] !== undefined && metadata[key] !== null)
      (app.metadata as Record<string, unknown>)[key] = copy(metadata[key]);
  return app;
}

function replacePatch(patch: string, params: Params, mode: TemplateMode): string {
  try {
    return replace(patch, params, mode);
  } catch (error) {
    throw wrap('error replacing values in templatePatch', error);
  }
}

function applyTemplatePatch(app: Application, patchText: string): Application {
  let patch: unknown;
  try {
    patch = parseFirstDocument(patchText);
  } catch (error) {
    throw new GeneratorError(
      `error while converting template to json "": ${(error as Error).message.split('\n')[0]}`,
    );
  }
  const json = JSON.stringify(patch);
  if (patch !== null && !isPlainObject(patch))
    throw new GeneratorError(
      `invalid templatePatch ${JSON.stringify(json)}: json: cannot unmarshal ${Array.isArray(patch) ? 'array' : typeof patch} into Go value of type v1alpha1.Application`,
    );
  const patched = strategicMerge(app, patch ?? {}) as Application;
  const metadata: Record<string, unknown> = isPlainObject(patched.metadata) ? patched.metadata : {};
  const result: Application = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { ...metadata, name: typeof metadata.name === 'string' ? metadata.name : '' },
    spec: isPlainObject(patched.spec) ? patched.spec : {},
  };
  // A patch may not move the Application to another project.
  if (app.spec.project === undefined) delete result.spec.project;
  else result.spec.project = app.spec.project;
  return result;
}
