/**
 * Arguments: each is evaluated against the parameter type it is passed to, and checked or
 * converted as Go's reflection would (constants take the parameter's type; nil only fits
 * interfaces, slices and maps).
 */
import type { Executor } from './executor.ts';
import { evalFunction } from './executor-call.ts';
import { evalFieldChain, evalPipeline, evalVariable, MISSING } from './executor-pipeline.ts';
import { GO_TYPE_NAMES, type ParamType } from './funcs/signature.ts';
import { type ArgNode, type NumberNode, nodeString } from './nodes.ts';
import { float64, GoNumber, type GoValue, typeName } from './value.ts';

export function validateType(ex: Executor, value: GoValue, type: ParamType): GoValue {
  // The common cases first: this runs for every argument of every call.
  if (type === 'value' || (type === 'any' && value !== undefined)) return value;
  if (type === 'string' && typeof value === 'string') return value;
  if (value === undefined) {
    if (type === 'any') return null;
    if (type === 'slice' || type === 'strings' || type === 'map') return null;
    return ex.errorf(`invalid value; expected ${GO_TYPE_NAMES[type]}`);
  }
  if (type === 'any') return value;
  const actual = value === null ? 'interface {}' : typeName(value);
  if (actual !== GO_TYPE_NAMES[type]) {
    return ex.errorf(`wrong type for value; expected ${GO_TYPE_NAMES[type]}; got ${actual}`);
  }
  return value;
}

export function evalArg(ex: Executor, dot: GoValue, type: ParamType, n: ArgNode): GoValue {
  ex.node = n;
  switch (n.kind) {
    case 'dot':
      return validateType(ex, dot, type);
    case 'nil':
      if (type === 'any' || type === 'slice' || type === 'strings' || type === 'map') return null;
      if (type === 'value') return undefined;
      return ex.errorf(`cannot assign nil to ${GO_TYPE_NAMES[type]}`);
    case 'field':
      return validateType(
        ex,
        evalFieldChain(ex, dot, dot, ex.dotBoxed, n, n.ident, [n], MISSING),
        type,
      );
    case 'variable':
      return validateType(ex, evalVariable(ex, dot, n, undefined, MISSING), type);
    case 'pipe':
      return validateType(ex, evalPipeline(ex, dot, n), type);
    case 'identifier':
      return validateType(ex, evalFunction(ex, dot, n, n, undefined, MISSING), type);
    case 'chain': {
      if (n.node.kind === 'nil')
        return ex.errorf(`indirection through explicit nil in ${nodeString(n)}`);
      const receiver = evalArg(ex, dot, 'any', n.node);
      ex.node = n;
      return validateType(
        ex,
        evalFieldChain(ex, dot, receiver, false, n, n.field, undefined, MISSING),
        type,
      );
    }
  }
  return evalLiteral(ex, type, n);
}

function evalLiteral(ex: Executor, type: ParamType, n: ArgNode): GoValue {
  const found = `found ${nodeString(n)}`;
  switch (type) {
    case 'bool':
      if (n.kind === 'bool') return n.value;
      return ex.errorf(`expected bool; ${found}`);
    case 'string':
      if (n.kind === 'string') return n.text;
      return ex.errorf(`expected string; ${found}`);
    case 'int':
    case 'int64':
    case 'uint32':
      if (n.kind === 'number' && (type === 'uint32' ? n.isUint : n.isInt)) {
        return type === 'int' ? n.int : new GoNumber(type, n.int);
      }
      return ex.errorf(`expected ${type === 'uint32' ? 'unsigned ' : ''}integer; ${found}`);
    case 'float64':
      if (n.kind === 'number' && n.isFloat) return float64(n.float);
      return ex.errorf(`expected float; ${found}`);
    case 'any':
    case 'value':
      switch (n.kind) {
        case 'bool':
          return n.value;
        case 'number':
          return idealConstant(ex, n);
        case 'string':
          return n.text;
      }
  }
  return ex.errorf(`can't handle ${nodeString(n)} for arg of type ${GO_TYPE_NAMES[type]}`);
}

/** An untyped numeric constant: a float64 if written as a float, an int otherwise. */
export function idealConstant(ex: Executor, n: NumberNode): GoValue {
  ex.node = n;
  const isHexInt = /^[+-]?0[xX]/.test(n.text) && !/[pP]/.test(n.text);
  if (n.isFloat && !isHexInt && n.text[0] !== "'" && /[.eEpP]/.test(n.text))
    return float64(n.float);
  if (n.isInt) return n.int;
  if (n.isUint) ex.errorf(`${n.text} overflows int`);
  return undefined;
}
