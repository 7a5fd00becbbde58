/**
 * Pipelines and commands: each command's result is piped into the next as its final
 * argument; fields and map keys are looked up along chains with Go's missingkey modes.
 */
import type { Executor } from './executor.ts';
import { evalArg, idealConstant } from './executor-argument.ts';
import { evalCall, evalFunction } from './executor-call.ts';
import { type ArgNode, type CommandNode, nodeString, type PipeNode } from './nodes.ts';
import { GoStruct, type GoValue, isMap, typeName } from './value.ts';

/** Marks "no value was piped in", distinct from a piped missing value. */
export const MISSING: unique symbol = Symbol('missing');
/** The value piped into a command: the previous command's result, or MISSING. */
export type Final = GoValue | typeof MISSING;

export function evalPipeline(ex: Executor, dot: GoValue, pipe: PipeNode): GoValue {
  ex.node = pipe;
  let value: Final = MISSING;
  for (const cmd of pipe.cmds) {
    value = evalCommand(ex, dot, cmd, value);
    // A nil held in an interface reads as no value once it leaves the command.
    if (value === null) value = undefined;
  }
  const result = value === MISSING ? undefined : value;
  for (const v of pipe.decl) {
    const name = v.ident[0]!;
    if (pipe.isAssign) ex.setVar(name, result);
    else ex.pushVar(name, result);
  }
  return result;
}

function notAFunction(ex: Executor, args: readonly ArgNode[], final: Final): void {
  if (args.length > 1 || final !== MISSING) {
    ex.errorf(`can't give argument to non-function ${nodeString(args[0]!)}`);
  }
}

function evalCommand(ex: Executor, dot: GoValue, cmd: CommandNode, final: Final): GoValue {
  const first = cmd.args[0]!;
  switch (first.kind) {
    case 'field':
      ex.node = first;
      return evalFieldChain(ex, dot, dot, ex.dotBoxed, first, first.ident, cmd.args, final);
    case 'chain': {
      ex.node = first;
      if (first.node.kind === 'nil') {
        return ex.errorf(`indirection through explicit nil in ${nodeString(first)}`);
      }
      const receiver = evalArg(ex, dot, 'any', first.node);
      return evalFieldChain(ex, dot, receiver, false, first, first.field, cmd.args, final);
    }
    case 'identifier':
      return evalFunction(ex, dot, first, cmd, cmd.args, final);
    case 'pipe':
      notAFunction(ex, cmd.args, final);
      return evalPipeline(ex, dot, first);
    case 'variable':
      return evalVariable(ex, dot, first, cmd.args, final);
  }
  ex.node = first;
  notAFunction(ex, cmd.args, final);
  switch (first.kind) {
    case 'bool':
      return first.value;
    case 'dot':
      return dot;
    case 'nil':
      return ex.errorf('nil is not a command');
    case 'number':
      return idealConstant(ex, first);
    case 'string':
      return first.text;
  }
}

export function evalVariable(
  ex: Executor,
  dot: GoValue,
  node: Extract<ArgNode, { kind: 'variable' }>,
  args: readonly ArgNode[] | undefined,
  final: Final,
): GoValue {
  ex.node = node;
  const v = ex.varValue(node.ident[0]!);
  if (node.ident.length === 1) {
    if (args) notAFunction(ex, args, final);
    return v.value;
  }
  return evalFieldChain(ex, dot, v.value, v.boxed, node, node.ident.slice(1), args, final);
}

export function evalFieldChain(
  ex: Executor,
  dot: GoValue,
  receiver: GoValue,
  boxed: boolean,
  node: ArgNode,
  ident: readonly string[],
  args: readonly ArgNode[] | undefined,
  final: Final,
): GoValue {
  const n = ident.length;
  let r = receiver;
  let rBoxed = boxed;
  for (let i = 0; i < n - 1; i++) {
    r = evalField(ex, dot, ident[i]!, node, undefined, MISSING, r, rBoxed);
    rBoxed = true;
  }
  return evalField(ex, dot, ident[n - 1]!, node, args, final, r, rBoxed);
}

function evalField(
  ex: Executor,
  dot: GoValue,
  fieldName: string,
  node: ArgNode,
  args: readonly ArgNode[] | undefined,
  final: Final,
  receiver: GoValue,
  boxed: boolean,
): GoValue {
  if (receiver === undefined) {
    if (ex.ctx.missingKey === 'error') {
      return ex.errorf(`nil data; no entry for key ${JSON.stringify(fieldName)}`);
    }
    return undefined;
  }
  if (receiver === null) ex.errorf(`nil pointer evaluating interface {}.${fieldName}`);
  const hasArgs = (args !== undefined && args.length > 1) || final !== MISSING;
  if (receiver instanceof GoStruct) {
    const method = receiver.methods[fieldName];
    if (method) return evalCall(ex, dot, { params: [], fn: method }, node, fieldName, args, final);
    if (Object.hasOwn(receiver.fields, fieldName)) {
      if (hasArgs) ex.errorf(`${fieldName} has arguments but cannot be invoked as function`);
      return receiver.fields[fieldName];
    }
  } else if (isMap(receiver)) {
    if (hasArgs) ex.errorf(`${fieldName} is not a method but has arguments`);
    const value = receiver[fieldName];
    if (value !== undefined && Object.hasOwn(receiver, fieldName)) return value;
    switch (ex.ctx.missingKey) {
      case 'zero':
        return null;
      case 'error':
        return ex.errorf(`map has no entry for key ${JSON.stringify(fieldName)}`);
    }
    return undefined;
  }
  // Go names the static type: a value held in a map or []interface{} is an interface {}.
  const typ = boxed ? 'interface {}' : typeName(receiver);
  return ex.errorf(`can't evaluate field ${fieldName} in type ${typ}`);
}
