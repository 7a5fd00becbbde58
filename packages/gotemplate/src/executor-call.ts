/**
 * Function calls: argument counts and types checked as Go's reflection-based call does,
 * the short-circuit builtins and/or, the `call` builtin, and `error calling NAME: ...`.
 */
import { TemplateError } from './errors.ts';
import type { Executor } from './executor.ts';
import { evalArg, validateType } from './executor-argument.ts';
import { type Final, MISSING } from './executor-pipeline.ts';
import type { GoFunc } from './funcs/signature.ts';
import { type AnyNode, type ArgNode, nodeString } from './nodes.ts';
import { type GoValue, isTrue, typeName } from './value.ts';

const NO_ARGS: readonly ArgNode[] = [];

export function evalFunction(
  ex: Executor,
  dot: GoValue,
  node: Extract<ArgNode, { kind: 'identifier' }>,
  cmd: AnyNode,
  args: readonly ArgNode[] | undefined,
  final: Final,
): GoValue {
  ex.node = node;
  const name = node.ident;
  const fn = ex.ctx.funcs.get(name);
  if (fn === undefined) ex.errorf(`${JSON.stringify(name)} is not a defined function`);
  return evalCall(ex, dot, fn, cmd, name, args, final);
}

function isBuiltin(ex: Executor, fn: GoFunc, name: string): boolean {
  return ex.ctx.builtins.get(name) === fn;
}

export function evalCall(
  ex: Executor,
  dot: GoValue,
  fn: GoFunc,
  node: AnyNode,
  name: string,
  allArgs: readonly ArgNode[] | undefined,
  final: Final,
): GoValue {
  const args = allArgs && allArgs.length > 1 ? allArgs.slice(1) : NO_ARGS;
  const numIn = args.length + (final === MISSING ? 0 : 1);
  const fixed = fn.params.length;
  if (fn.variadic) {
    if (numIn < fixed) {
      return ex.errorf(
        `wrong number of args for ${name}: want at least ${fixed} got ${args.length}`,
      );
    }
  } else if (numIn !== fixed) {
    return ex.errorf(`wrong number of args for ${name}: want ${fixed} got ${numIn}`);
  }
  if ((name === 'and' || name === 'or') && isBuiltin(ex, fn, name)) {
    return andOr(ex, dot, name === 'or', args, final);
  }
  const argv: GoValue[] = new Array(numIn);
  let i = 0;
  for (; i < args.length; i++) {
    argv[i] = evalArg(ex, dot, i < fixed ? fn.params[i]! : fn.variadic!, args[i]!);
  }
  if (final !== MISSING) {
    const t = fn.variadic && numIn - 1 >= fixed ? fn.variadic : fn.params[numIn - 1]!;
    argv[i] = validateType(ex, final, t);
  }
  if (name === 'call' && isBuiltin(ex, fn, name)) return callFunction(ex, node, args[0], argv);
  try {
    return (fn.fn as (...a: GoValue[]) => GoValue)(...argv);
  } catch (error) {
    if (error instanceof TemplateError) throw error;
    ex.node = node;
    return ex.errorf(
      `error calling ${name}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** and/or evaluate their arguments only until the result is known. */
function andOr(
  ex: Executor,
  dot: GoValue,
  isOr: boolean,
  args: readonly ArgNode[],
  final: Final,
): GoValue {
  let v: GoValue;
  for (const arg of args) {
    v = evalArg(ex, dot, 'value', arg);
    if (isTrue(v) === isOr) return v;
  }
  if (final !== MISSING) v = final;
  return v;
}

function callFunction(
  ex: Executor,
  node: AnyNode,
  fnNode: ArgNode | undefined,
  argv: GoValue[],
): GoValue {
  const [fn, ...rest] = argv;
  ex.node = node;
  const label = fnNode ? nodeString(fnNode) : 'final value';
  if (fn === undefined || fn === null) ex.errorf('error calling call: call of nil');
  if (typeof fn !== 'function') {
    return ex.errorf(`error calling call: non-function ${label} of type ${typeName(fn)}`);
  }
  try {
    return fn(...rest.map((a) => (a === undefined ? null : a)));
  } catch (error) {
    return ex.errorf(
      `error calling call: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
