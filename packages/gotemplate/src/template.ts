/**
 * The public face: parse a template once, execute it many times. A Template holds the
 * parsed trees and the function set; each execution gets its own Executor.
 */
import { TemplateError } from './errors.ts';
import { type ExecContext, Executor, type MissingKey } from './executor.ts';
import { builtins } from './funcs/builtins.ts';
import { type FunctionSet, functionSet } from './funcs/index.ts';
import type { FuncMap } from './funcs/signature.ts';
import type { Tree } from './nodes.ts';
import { parse } from './parser.ts';
import type { GoValue } from './value.ts';

export interface TemplateOptions {
  /** Which functions exist besides Go's builtins. Default `argocd`. */
  funcs?: FunctionSet;
  /** Go's missingkey option for map lookups. Default `default` (prints "<no value>"). */
  missingKey?: MissingKey;
  /** The template's name in error messages. Default "" (what Argo CD uses). */
  name?: string;
}

export class Template {
  private readonly ctx: ExecContext;

  private constructor(
    readonly name: string,
    trees: ReadonlyMap<string, Tree>,
    funcs: FunctionSet,
    missingKey: MissingKey,
  ) {
    this.ctx = { trees, funcs: withBuiltins(funcs), builtins, missingKey };
  }

  /** Parses `text`; throws a TemplateError with Go's parse error text. */
  static parse(text: string, options: TemplateOptions = {}): Template {
    const funcs = options.funcs ?? 'argocd';
    const set = withBuiltins(funcs);
    const name = options.name ?? '';
    const trees = parse(name, text, (fn) => set.has(fn));
    return new Template(name, trees, funcs, options.missingKey ?? 'default');
  }

  /** Names of the templates defined in the text, the main one included. */
  get templates(): string[] {
    return [...this.ctx.trees.keys()];
  }

  /** Executes the template (or the named {{define}}) over `data`; throws Go's error text. */
  execute(data: unknown, name: string = this.name): string {
    const tree = this.ctx.trees.get(name);
    if (tree === undefined) {
      throw new TemplateError(
        name === this.name
          ? `template: ${name}: ${JSON.stringify(name)} is an incomplete or empty template`
          : `template: no template ${JSON.stringify(name)} associated with template ${JSON.stringify(this.name)}`,
        'exec',
      );
    }
    try {
      return new Executor(this.ctx, name).run(tree, data as GoValue);
    } catch (error) {
      if (error instanceof RangeError) {
        throw new TemplateError(`template: ${name}: exceeded maximum template depth`, 'exec');
      }
      throw error;
    }
  }
}

const resolved = new Map<FunctionSet, FuncMap>();

/** A set's functions over Go's builtins (a set may replace one, as Sprig's slice does). */
function withBuiltins(name: FunctionSet): FuncMap {
  let map = resolved.get(name);
  if (map === undefined) {
    map = new Map([...builtins, ...functionSet(name)]);
    resolved.set(name, map);
  }
  return map;
}

/** Go's goTemplateOptions strings ("missingkey=error") as a MissingKey; panics like Go's Option. */
export function missingKeyOption(options: readonly string[]): MissingKey {
  let mode: MissingKey = 'default';
  for (const option of options) {
    const [key, value] = option.split('=', 2);
    if (key !== 'missingkey' || value === undefined)
      throw new Error(`unrecognized option: ${option}`);
    if (value === 'invalid' || value === 'default') mode = 'default';
    else if (value === 'zero' || value === 'error') mode = value;
    else throw new Error(`unrecognized option: ${option}`);
  }
  return mode;
}

export interface RenderOptions extends TemplateOptions {}

/** Parsed templates are immutable, so render() reuses them; the bound keeps memory flat. */
const PARSE_CACHE_LIMIT = 2000;
const parseCache = new Map<string, Template>();

/**
 * Parses and executes in one call: `render('{{.name | upper}}', { name: 'x' })`. The parse
 * is cached by text and options, so rendering the same field for many parameter sets
 * parses it once.
 */
export function render(text: string, data: unknown, options: RenderOptions = {}): string {
  const key = `${options.funcs ?? ''}\0${options.missingKey ?? ''}\0${options.name ?? ''}\0${text}`;
  let template = parseCache.get(key);
  if (template === undefined) {
    template = Template.parse(text, options);
    if (parseCache.size >= PARSE_CACHE_LIMIT) parseCache.clear();
    parseCache.set(key, template);
  }
  return template.execute(data);
}
