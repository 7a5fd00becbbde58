import { type GoValue, missingKeyOption, render, TemplateError } from '@fleetops/gotemplate';
import { GeneratorError } from './errors.ts';
import { isPlainObject, type Params } from './params.ts';

/** How an ApplicationSet renders: `spec.goTemplate` and `spec.goTemplateOptions`. */
export interface TemplateMode {
  goTemplate: boolean;
  goTemplateOptions: readonly string[];
}

/**
 * Argo CD's `Render.Replace`: Go's text/template with Sprig and Argo CD's helpers in
 * goTemplate mode, else fasttemplate's `{{ key }}` substitution of string parameters, where
 * an unknown key stays as written.
 */
export function replace(text: string, params: Params, mode: TemplateMode): string {
  if (mode.goTemplate) return replaceGo(text, params, mode.goTemplateOptions);
  if (!/.*\{\{.*\}\}.*/.test(text)) return text;
  return replaceFast(text, params);
}

function replaceGo(text: string, params: Params, options: readonly string[]): string {
  if (!text.includes('{{')) return text;
  const missingKey = missingKeyFor(options);
  try {
    return render(text, params as GoValue, { funcs: 'argocd', missingKey });
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    const verb =
      error.phase === 'parse' ? 'failed to parse template' : 'failed to execute go template';
    throw new GeneratorError(`${verb} ${text}: ${error.message}`);
  }
}

/** One ApplicationSet's options are read once, not for every string of every Application. */
const missingKeys = new WeakMap<readonly string[], ReturnType<typeof missingKeyOption>>();

function missingKeyFor(options: readonly string[]): ReturnType<typeof missingKeyOption> {
  let missingKey = missingKeys.get(options);
  if (missingKey !== undefined) return missingKey;
  try {
    missingKey = missingKeyOption(options);
  } catch (error) {
    // Go's Template.Option panics here; the controller recovers the reconcile with this text.
    throw new GeneratorError((error as Error).message);
  }
  missingKeys.set(options, missingKey);
  return missingKey;
}

/** valyala/fasttemplate with `{{` and `}}`, as Argo CD calls it. */
function replaceFast(text: string, params: Params): string {
  let out = '';
  let rest = text;
  for (;;) {
    const start = rest.indexOf('{{');
    if (start === -1) return out + rest;
    out += rest.slice(0, start);
    const tail = rest.slice(start + 2);
    const end = tail.indexOf('}}');
    if (end === -1)
      throw new GeneratorError(
        `invalid template: cannot find end tag="}}" in the template=${goQuote(text)} starting from ${goQuote(tail)}`,
      );
    const tag = tail.slice(0, end);
    const trimmed = tag.trim();
    const value = params[trimmed];
    out += trimmed !== '' && typeof value === 'string' ? value : `{{${tag}}}`;
    rest = tail.slice(end + 2);
  }
}

function goQuote(text: string): string {
  return JSON.stringify(text);
}

/**
 * Renders every string and every map key of a JSON-like tree, as Argo CD's reflection walk
 * over the Application struct does. Returns a new tree.
 */
export function replaceDeep<T>(value: T, params: Params, mode: TemplateMode): T {
  return walk(value, params, mode) as T;
}

function walk(value: unknown, params: Params, mode: TemplateMode): unknown {
  if (typeof value === 'string') return replace(value, params, mode);
  if (Array.isArray(value)) return value.map((item) => walk(item, params, mode));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      // A nil map value is dropped by the walk, as reflect skips it.
      if (item === null) continue;
      out[replace(key, params, mode)] = walk(item, params, mode);
    }
    return out;
  }
  return value;
}
