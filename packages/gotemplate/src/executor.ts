/**
 * The executor: walks a parsed tree over data with Go's semantics — variable scoping,
 * missingkey modes, argument type checks, short-circuit and/or, break/continue, nested
 * templates — and reports errors as Go does, with the failing node and its position.
 */
import { TemplateError } from './errors.ts';
import { formatValue } from './formatter.ts';
import { type FuncMap, GO_TYPE_NAMES, type GoFunc, type ParamType } from './funcs/signature.ts';
import {
  type AnyNode,
  type ArgNode,
  type BranchNode,
  type CommandNode,
  type ListNode,
  type NumberNode,
  nodeString,
  type PipeNode,
  type StatementNode,
  type TemplateNode,
  type Tree,
} from './nodes.ts';
import {
  byteLength,
  float64,
  GoNumber,
  GoStruct,
  type GoValue,
  isMap,
  isTrue,
  kindOf,
  num,
  SLICE_TYPE,
  sortedKeys,
  typeName,
} from './value.ts';

export type MissingKey = 'default' | 'zero' | 'error';

/** Recursion through {{template}} stops here; Go allows 100000 but a JS stack is smaller. */
export const MAX_EXEC_DEPTH = 1000;

/** Marks "no value was piped in", distinct from a piped missing value. */
const MISSING: unique symbol = Symbol('missing');
const NO_ARGS: readonly ArgNode[] = [];
type Final = GoValue | typeof MISSING;

enum Flow {
  Normal = 0,
  Break = 1,
  Continue = 2,
}

interface Variable {
  name: string;
  value: GoValue;
  /** Held in an interface{} (a map or []interface{} element), which Go names in errors. */
  boxed: boolean;
}

export interface ExecContext {
  readonly trees: ReadonlyMap<string, Tree>;
  /** Every callable name: the builtins overlaid with the chosen function set. */
  readonly funcs: FuncMap;
  /** Go's own builtins, to recognise and/or/call, which the executor special-cases. */
  readonly builtins: FuncMap;
  readonly missingKey: MissingKey;
}

/** One execution: Go's `state`. Not reused across executions. */
export class Executor {
  private out = '';
  private node: AnyNode | undefined;
  private vars: Variable[] = [];
  private depth = 0;
  private dotBoxed = false;
  private name: string;

  constructor(
    private readonly ctx: ExecContext,
    name: string,
  ) {
    this.name = name;
  }

  run(tree: Tree, data: GoValue): string {
    const dot = data === null ? undefined : data;
    this.vars = [{ name: '$', value: dot, boxed: false }];
    this.walkList(dot, tree.root);
    return this.out;
  }

  private errorf(message: string): never {
    const n = this.node;
    if (n === undefined) {
      throw new TemplateError(`template: ${this.name}: ${message}`, 'exec');
    }
    const before = n.src.text.slice(0, n.pos);
    const nl = before.lastIndexOf('\n');
    const line = before.split('\n').length;
    const col = byteLength(before.slice(nl + 1));
    const location = `${n.src.name}:${line}:${col}`;
    throw new TemplateError(
      `template: ${location}: executing ${JSON.stringify(this.name)} at <${nodeString(n)}>: ${message}`,
      'exec',
    );
  }

  // Walking statements.

  private walkList(dot: GoValue, list: ListNode): Flow {
    const nodes = list.nodes;
    for (let i = 0; i < nodes.length; i++) {
      const flow = this.walk(dot, nodes[i]!);
      if (flow !== Flow.Normal) return flow;
    }
    return Flow.Normal;
  }

  private walk(dot: GoValue, node: StatementNode): Flow {
    this.node = node;
    switch (node.kind) {
      case 'text':
        this.out += node.text;
        return Flow.Normal;
      case 'action': {
        const value = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, value);
        return Flow.Normal;
      }
      case 'if':
      case 'with':
        return this.walkIfOrWith(dot, node);
      case 'range':
        return this.walkRange(dot, node);
      case 'template':
        this.walkTemplate(dot, node);
        return Flow.Normal;
      case 'break':
        return Flow.Break;
      case 'continue':
        return Flow.Continue;
    }
  }

  private printValue(node: AnyNode, v: GoValue): void {
    this.node = node;
    if (typeof v === 'string') {
      this.out += v;
    } else if (v === undefined) {
      this.out += '<no value>';
    } else if (typeof v === 'function') {
      this.errorf(`can't print ${nodeString(node)} of type ${typeName(v)}`);
    } else {
      this.out += formatValue(v);
    }
  }

  private walkIfOrWith(dot: GoValue, node: BranchNode): Flow {
    const mark = this.vars.length;
    try {
      const value = this.evalPipeline(dot, node.pipe);
      if (isTrue(value)) {
        if (node.kind !== 'with') return this.walkList(dot, node.list);
        const saved = this.dotBoxed;
        this.dotBoxed = false;
        try {
          return this.walkList(value, node.list);
        } finally {
          this.dotBoxed = saved;
        }
      }
      return node.elseList ? this.walkList(dot, node.elseList) : Flow.Normal;
    } finally {
      this.vars.length = mark;
    }
  }

  private walkRange(dot: GoValue, node: BranchNode): Flow {
    this.node = node;
    const outer = this.vars.length;
    const savedBoxed = this.dotBoxed;
    try {
      const value = this.evalPipeline(dot, node.pipe);
      const decls = node.pipe.decl.length;
      const mark = this.vars.length;
      const iterate = (key: GoValue, elem: GoValue, boxed: boolean): boolean => {
        if (decls > 0) this.setTop(1, elem, boxed);
        if (decls > 1) this.setTop(2, key, false);
        this.dotBoxed = boxed;
        const flow = this.walkList(elem, node.list);
        this.vars.length = mark;
        return flow === Flow.Break;
      };
      const ran = this.iterate(value, decls, iterate);
      this.dotBoxed = savedBoxed;
      if (!ran && node.elseList) return this.walkList(dot, node.elseList);
      return Flow.Normal;
    } finally {
      this.dotBoxed = savedBoxed;
      this.vars.length = outer;
    }
  }

  /** Runs the body per element; false if there was nothing to iterate. */
  private iterate(
    value: GoValue,
    decls: number,
    body: (key: GoValue, elem: GoValue, boxed: boolean) => boolean,
  ): boolean {
    if (Array.isArray(value)) {
      const boxed = (value as { [SLICE_TYPE]?: string })[SLICE_TYPE] === undefined;
      for (let i = 0; i < value.length; i++) {
        const elem = value[i];
        if (body(i, elem === undefined ? null : elem, boxed)) break;
      }
      return value.length > 0;
    }
    if (isMap(value)) {
      const keys = sortedKeys(value);
      for (const key of keys) if (body(key, value[key] ?? null, true)) break;
      return keys.length > 0;
    }
    const kind = kindOf(value);
    if (kind === 'int' || kind === 'uint') {
      if (decls > 1)
        return this.errorf(
          `can't use ${formatValue(value)} to iterate over more than one variable`,
        );
      const n = num(value);
      const typed = value instanceof GoNumber ? value.type : undefined;
      for (let i = 0; i < n; i++) {
        const v = typed ? new GoNumber(typed, i) : i;
        if (body(v, v, false)) break;
      }
      return n > 0;
    }
    if (value === undefined || value === null) return false;
    return this.errorf(`range can't iterate over ${formatValue(value)}`);
  }

  private setTop(n: number, value: GoValue, boxed: boolean): void {
    const v = this.vars[this.vars.length - n]!;
    v.value = value;
    v.boxed = boxed;
  }

  private walkTemplate(dot: GoValue, node: TemplateNode): void {
    this.node = node;
    const tree = this.ctx.trees.get(node.name);
    if (tree === undefined) this.errorf(`template ${JSON.stringify(node.name)} not defined`);
    if (this.depth >= MAX_EXEC_DEPTH)
      this.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
    const newDot = node.pipe ? this.evalPipeline(dot, node.pipe) : undefined;
    const saved = { vars: this.vars, name: this.name, boxed: this.dotBoxed };
    this.depth++;
    this.name = node.name;
    this.vars = [{ name: '$', value: newDot, boxed: false }];
    this.dotBoxed = false;
    try {
      this.walkList(newDot, tree.root);
    } finally {
      this.depth--;
      this.vars = saved.vars;
      this.name = saved.name;
      this.dotBoxed = saved.boxed;
    }
  }

  // Evaluating pipelines.

  private evalPipeline(dot: GoValue, pipe: PipeNode): GoValue {
    this.node = pipe;
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      // A nil held in an interface reads as no value once it leaves the command.
      if (value === null) value = undefined;
    }
    const result = value === MISSING ? undefined : value;
    for (const v of pipe.decl) {
      const name = v.ident[0]!;
      if (pipe.isAssign) this.setVar(name, result);
      else this.vars.push({ name, value: result, boxed: false });
    }
    return result;
  }

  private setVar(name: string, value: GoValue): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i]!;
      if (v.name === name) {
        v.value = value;
        v.boxed = false;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  private varValue(name: string): Variable {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i]!;
      if (v.name === name) return v;
    }
    return this.errorf(`undefined variable: ${name}`);
  }

  private notAFunction(args: readonly ArgNode[], final: Final): void {
    if (args.length > 1 || final !== MISSING) {
      this.errorf(`can't give argument to non-function ${nodeString(args[0]!)}`);
    }
  }

  private evalCommand(dot: GoValue, cmd: CommandNode, final: Final): GoValue {
    const first = cmd.args[0]!;
    switch (first.kind) {
      case 'field':
        this.node = first;
        return this.evalFieldChain(dot, dot, this.dotBoxed, first, first.ident, cmd.args, final);
      case 'chain': {
        this.node = first;
        if (first.node.kind === 'nil') {
          return this.errorf(`indirection through explicit nil in ${nodeString(first)}`);
        }
        const receiver = this.evalArg(dot, 'any', first.node);
        return this.evalFieldChain(dot, receiver, false, first, first.field, cmd.args, final);
      }
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariable(dot, first, cmd.args, final);
    }
    this.node = first;
    this.notAFunction(cmd.args, final);
    switch (first.kind) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        return this.errorf('nil is not a command');
      case 'number':
        return this.idealConstant(first);
      case 'string':
        return first.text;
    }
  }

  private idealConstant(n: NumberNode): GoValue {
    this.node = n;
    const isHexInt = /^[+-]?0[xX]/.test(n.text) && !/[pP]/.test(n.text);
    if (n.isFloat && !isHexInt && n.text[0] !== "'" && /[.eEpP]/.test(n.text))
      return float64(n.float);
    if (n.isInt) return n.int;
    if (n.isUint) this.errorf(`${n.text} overflows int`);
    return undefined;
  }

  private evalVariable(
    dot: GoValue,
    node: Extract<ArgNode, { kind: 'variable' }>,
    args: readonly ArgNode[] | undefined,
    final: Final,
  ): GoValue {
    this.node = node;
    const v = this.varValue(node.ident[0]!);
    if (node.ident.length === 1) {
      if (args) this.notAFunction(args, final);
      return v.value;
    }
    return this.evalFieldChain(dot, v.value, v.boxed, node, node.ident.slice(1), args, final);
  }

  private evalFieldChain(
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
      r = this.evalField(dot, ident[i]!, node, undefined, MISSING, r, rBoxed);
      rBoxed = true;
    }
    return this.evalField(dot, ident[n - 1]!, node, args, final, r, rBoxed);
  }

  private evalField(
    dot: GoValue,
    fieldName: string,
    node: ArgNode,
    args: readonly ArgNode[] | undefined,
    final: Final,
    receiver: GoValue,
    boxed: boolean,
  ): GoValue {
    if (receiver === undefined) {
      if (this.ctx.missingKey === 'error') {
        return this.errorf(`nil data; no entry for key ${JSON.stringify(fieldName)}`);
      }
      return undefined;
    }
    if (receiver === null) this.errorf(`nil pointer evaluating interface {}.${fieldName}`);
    const hasArgs = (args !== undefined && args.length > 1) || final !== MISSING;
    if (receiver instanceof GoStruct) {
      const method = receiver.methods[fieldName];
      if (method)
        return this.evalCall(dot, { params: [], fn: method }, node, fieldName, args, final);
      if (Object.hasOwn(receiver.fields, fieldName)) {
        if (hasArgs) this.errorf(`${fieldName} has arguments but cannot be invoked as function`);
        return receiver.fields[fieldName];
      }
    } else if (isMap(receiver)) {
      if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
      const value = receiver[fieldName];
      if (value !== undefined && Object.hasOwn(receiver, fieldName)) return value;
      switch (this.ctx.missingKey) {
        case 'zero':
          return null;
        case 'error':
          return this.errorf(`map has no entry for key ${JSON.stringify(fieldName)}`);
      }
      return undefined;
    }
    // Go names the static type: a value held in a map or []interface{} is an interface {}.
    const typ = boxed ? 'interface {}' : typeName(receiver);
    return this.errorf(`can't evaluate field ${fieldName} in type ${typ}`);
  }

  private evalFunction(
    dot: GoValue,
    node: Extract<ArgNode, { kind: 'identifier' }>,
    cmd: AnyNode,
    args: readonly ArgNode[] | undefined,
    final: Final,
  ): GoValue {
    this.node = node;
    const name = node.ident;
    const fn = this.ctx.funcs.get(name);
    if (fn === undefined) this.errorf(`${JSON.stringify(name)} is not a defined function`);
    return this.evalCall(dot, fn, cmd, name, args, final);
  }

  private isBuiltin(fn: GoFunc, name: string): boolean {
    return this.ctx.builtins.get(name) === fn;
  }

  private evalCall(
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
        return this.errorf(
          `wrong number of args for ${name}: want at least ${fixed} got ${args.length}`,
        );
      }
    } else if (numIn !== fixed) {
      return this.errorf(`wrong number of args for ${name}: want ${fixed} got ${numIn}`);
    }
    if ((name === 'and' || name === 'or') && this.isBuiltin(fn, name)) {
      return this.andOr(dot, name === 'or', args, final);
    }
    const argv: GoValue[] = new Array(numIn);
    let i = 0;
    for (; i < args.length; i++) {
      argv[i] = this.evalArg(dot, i < fixed ? fn.params[i]! : fn.variadic!, args[i]!);
    }
    if (final !== MISSING) {
      const t = fn.variadic && numIn - 1 >= fixed ? fn.variadic : fn.params[numIn - 1]!;
      argv[i] = this.validateType(final, t);
    }
    if (name === 'call' && this.isBuiltin(fn, name)) return this.callFunction(node, args[0], argv);
    try {
      return (fn.fn as (...a: GoValue[]) => GoValue)(...argv);
    } catch (error) {
      if (error instanceof TemplateError) throw error;
      this.node = node;
      return this.errorf(
        `error calling ${name}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private andOr(dot: GoValue, isOr: boolean, args: readonly ArgNode[], final: Final): GoValue {
    let v: GoValue;
    for (const arg of args) {
      v = this.evalArg(dot, 'value', arg);
      if (isTrue(v) === isOr) return v;
    }
    if (final !== MISSING) v = final;
    return v;
  }

  private callFunction(node: AnyNode, fnNode: ArgNode | undefined, argv: GoValue[]): GoValue {
    const [fn, ...rest] = argv;
    this.node = node;
    const label = fnNode ? nodeString(fnNode) : 'final value';
    if (fn === undefined || fn === null) this.errorf('error calling call: call of nil');
    if (typeof fn !== 'function') {
      return this.errorf(`error calling call: non-function ${label} of type ${typeName(fn)}`);
    }
    try {
      return fn(...rest.map((a) => (a === undefined ? null : a)));
    } catch (error) {
      return this.errorf(
        `error calling call: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  // Arguments.

  private validateType(value: GoValue, type: ParamType): GoValue {
    // The common cases first: this runs for every argument of every call.
    if (type === 'value' || (type === 'any' && value !== undefined)) return value;
    if (type === 'string' && typeof value === 'string') return value;
    if (value === undefined) {
      if (type === 'any') return null;
      if (type === 'slice' || type === 'strings' || type === 'map') return null;
      return this.errorf(`invalid value; expected ${GO_TYPE_NAMES[type]}`);
    }
    if (type === 'any') return value;
    const actual = value === null ? 'interface {}' : typeName(value);
    if (actual !== GO_TYPE_NAMES[type]) {
      return this.errorf(`wrong type for value; expected ${GO_TYPE_NAMES[type]}; got ${actual}`);
    }
    return value;
  }

  private evalArg(dot: GoValue, type: ParamType, n: ArgNode): GoValue {
    this.node = n;
    switch (n.kind) {
      case 'dot':
        return this.validateType(dot, type);
      case 'nil':
        if (type === 'any' || type === 'slice' || type === 'strings' || type === 'map') return null;
        if (type === 'value') return undefined;
        return this.errorf(`cannot assign nil to ${GO_TYPE_NAMES[type]}`);
      case 'field':
        return this.validateType(
          this.evalFieldChain(dot, dot, this.dotBoxed, n, n.ident, [n], MISSING),
          type,
        );
      case 'variable':
        return this.validateType(this.evalVariable(dot, n, undefined, MISSING), type);
      case 'pipe':
        return this.validateType(this.evalPipeline(dot, n), type);
      case 'identifier':
        return this.validateType(this.evalFunction(dot, n, n, undefined, MISSING), type);
      case 'chain': {
        if (n.node.kind === 'nil')
          return this.errorf(`indirection through explicit nil in ${nodeString(n)}`);
        const receiver = this.evalArg(dot, 'any', n.node);
        this.node = n;
        return this.validateType(
          this.evalFieldChain(dot, receiver, false, n, n.field, undefined, MISSING),
          type,
        );
      }
    }
    return this.evalLiteral(type, n);
  }

  private evalLiteral(type: ParamType, n: ArgNode): GoValue {
    const found = `found ${nodeString(n)}`;
    switch (type) {
      case 'bool':
        if (n.kind === 'bool') return n.value;
        return this.errorf(`expected bool; ${found}`);
      case 'string':
        if (n.kind === 'string') return n.text;
        return this.errorf(`expected string; ${found}`);
      case 'int':
      case 'int64':
      case 'uint32':
        if (n.kind === 'number' && (type === 'uint32' ? n.isUint : n.isInt)) {
          return type === 'int' ? n.int : new GoNumber(type, n.int);
        }
        return this.errorf(`expected ${type === 'uint32' ? 'unsigned ' : ''}integer; ${found}`);
      case 'float64':
        if (n.kind === 'number' && n.isFloat) return float64(n.float);
        return this.errorf(`expected float; ${found}`);
      case 'any':
      case 'value':
        switch (n.kind) {
          case 'bool':
            return n.value;
          case 'number':
            return this.idealConstant(n);
          case 'string':
            return n.text;
        }
    }
    return this.errorf(`can't handle ${nodeString(n)} for arg of type ${GO_TYPE_NAMES[type]}`);
  }
}
