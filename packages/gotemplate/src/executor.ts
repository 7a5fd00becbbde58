/**
 * The executor: walks a parsed tree over data with Go's semantics — variable scoping,
 * missingkey modes, argument type checks, short-circuit and/or, break/continue, nested
 * templates — and reports errors as Go does, with the failing node and its position.
 *
 * This module holds one execution's state (Go's `state`); the walk is split by what it
 * handles: statements (executor-control), pipelines and fields (executor-pipeline),
 * function calls (executor-call) and arguments (executor-argument).
 */
import { TemplateError } from './errors.ts';
import { walkList } from './executor-control.ts';
import type { FuncMap } from './funcs/signature.ts';
import { type AnyNode, nodeString, type Tree } from './nodes.ts';
import { byteLength, type GoValue } from './value.ts';

export type MissingKey = 'default' | 'zero' | 'error';

/** Recursion through {{template}} stops here; Go allows 100000 but a JS stack is smaller. */
export const MAX_EXEC_DEPTH = 1000;

export interface Variable {
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
  out = '';
  /** The node being evaluated, which errors name. */
  node: AnyNode | undefined;
  vars: Variable[] = [];
  depth = 0;
  /** Whether dot is held in an interface{}, which Go names in field errors. */
  dotBoxed = false;
  /** The template being executed. */
  name: string;

  constructor(
    readonly ctx: ExecContext,
    name: string,
  ) {
    this.name = name;
  }

  run(tree: Tree, data: GoValue): string {
    const dot = data === null ? undefined : data;
    this.vars = [{ name: '$', value: dot, boxed: false }];
    walkList(this, dot, tree.root);
    return this.out;
  }

  errorf(message: string): never {
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

  // Variables.

  /** Declares a variable in the innermost scope. */
  pushVar(name: string, value: GoValue): void {
    this.vars.push({ name, value, boxed: false });
  }

  /** Assigns to the innermost variable called `name` (`$x = ...`). */
  setVar(name: string, value: GoValue): void {
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

  /** Sets the n-th variable from the top, as range does for its declared variables. */
  setTop(n: number, value: GoValue, boxed: boolean): void {
    const v = this.vars[this.vars.length - n]!;
    v.value = value;
    v.boxed = boxed;
  }

  varValue(name: string): Variable {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i]!;
      if (v.name === name) return v;
    }
    return this.errorf(`undefined variable: ${name}`);
  }
}
