/**
 * Statements: text, actions and the control structures (if, with, range, template, break,
 * continue), with Go's scoping: variables declared in a control's pipeline end with it.
 */
import { type Executor, MAX_EXEC_DEPTH } from './executor.ts';
import { evalPipeline } from './executor-pipeline.ts';
import { formatValue } from './formatter.ts';
import {
  type AnyNode,
  type BranchNode,
  type ListNode,
  nodeString,
  type StatementNode,
  type TemplateNode,
} from './nodes.ts';
import {
  GoNumber,
  type GoValue,
  isMap,
  isTrue,
  kindOf,
  num,
  SLICE_TYPE,
  sortedKeys,
  typeName,
} from './value.ts';

/** How a statement list ended: normally or by {{break}} / {{continue}}. */
export enum Flow {
  Normal = 0,
  Break = 1,
  Continue = 2,
}

export function walkList(ex: Executor, dot: GoValue, list: ListNode): Flow {
  const nodes = list.nodes;
  for (let i = 0; i < nodes.length; i++) {
    const flow = walk(ex, dot, nodes[i]!);
    if (flow !== Flow.Normal) return flow;
  }
  return Flow.Normal;
}

function walk(ex: Executor, dot: GoValue, node: StatementNode): Flow {
  ex.node = node;
  switch (node.kind) {
    case 'text':
      ex.out += node.text;
      return Flow.Normal;
    case 'action': {
      const value = evalPipeline(ex, dot, node.pipe);
      if (node.pipe.decl.length === 0) printValue(ex, node, value);
      return Flow.Normal;
    }
    case 'if':
    case 'with':
      return walkIfOrWith(ex, dot, node);
    case 'range':
      return walkRange(ex, dot, node);
    case 'template':
      walkTemplate(ex, dot, node);
      return Flow.Normal;
    case 'break':
      return Flow.Break;
    case 'continue':
      return Flow.Continue;
  }
}

function printValue(ex: Executor, node: AnyNode, v: GoValue): void {
  ex.node = node;
  if (typeof v === 'string') {
    ex.out += v;
  } else if (v === undefined) {
    ex.out += '<no value>';
  } else if (typeof v === 'function') {
    ex.errorf(`can't print ${nodeString(node)} of type ${typeName(v)}`);
  } else {
    ex.out += formatValue(v);
  }
}

function walkIfOrWith(ex: Executor, dot: GoValue, node: BranchNode): Flow {
  const mark = ex.vars.length;
  try {
    const value = evalPipeline(ex, dot, node.pipe);
    if (isTrue(value)) {
      if (node.kind !== 'with') return walkList(ex, dot, node.list);
      const saved = ex.dotBoxed;
      ex.dotBoxed = false;
      try {
        return walkList(ex, value, node.list);
      } finally {
        ex.dotBoxed = saved;
      }
    }
    return node.elseList ? walkList(ex, dot, node.elseList) : Flow.Normal;
  } finally {
    ex.vars.length = mark;
  }
}

function walkRange(ex: Executor, dot: GoValue, node: BranchNode): Flow {
  ex.node = node;
  const outer = ex.vars.length;
  const savedBoxed = ex.dotBoxed;
  try {
    const value = evalPipeline(ex, dot, node.pipe);
    const decls = node.pipe.decl.length;
    const mark = ex.vars.length;
    const iterate = (key: GoValue, elem: GoValue, boxed: boolean): boolean => {
      if (decls > 0) ex.setTop(1, elem, boxed);
      if (decls > 1) ex.setTop(2, key, false);
      ex.dotBoxed = boxed;
      const flow = walkList(ex, elem, node.list);
      ex.vars.length = mark;
      return flow === Flow.Break;
    };
    const ran = rangeOver(ex, value, decls, iterate);
    ex.dotBoxed = savedBoxed;
    if (!ran && node.elseList) return walkList(ex, dot, node.elseList);
    return Flow.Normal;
  } finally {
    ex.dotBoxed = savedBoxed;
    ex.vars.length = outer;
  }
}

/** Runs the body per element; false if there was nothing to iterate. */
function rangeOver(
  ex: Executor,
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
      return ex.errorf(`can't use ${formatValue(value)} to iterate over more than one variable`);
    const n = num(value);
    const typed = value instanceof GoNumber ? value.type : undefined;
    for (let i = 0; i < n; i++) {
      const v = typed ? new GoNumber(typed, i) : i;
      if (body(v, v, false)) break;
    }
    return n > 0;
  }
  if (value === undefined || value === null) return false;
  return ex.errorf(`range can't iterate over ${formatValue(value)}`);
}

function walkTemplate(ex: Executor, dot: GoValue, node: TemplateNode): void {
  ex.node = node;
  const tree = ex.ctx.trees.get(node.name);
  if (tree === undefined) ex.errorf(`template ${JSON.stringify(node.name)} not defined`);
  if (ex.depth >= MAX_EXEC_DEPTH) ex.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
  const newDot = node.pipe ? evalPipeline(ex, dot, node.pipe) : undefined;
  const saved = { vars: ex.vars, name: ex.name, boxed: ex.dotBoxed };
  ex.depth++;
  ex.name = node.name;
  ex.vars = [{ name: '$', value: newDot, boxed: false }];
  ex.dotBoxed = false;
  try {
    walkList(ex, newDot, tree.root);
  } finally {
    ex.depth--;
    ex.vars = saved.vars;
    ex.name = saved.name;
    ex.dotBoxed = saved.boxed;
  }
}
