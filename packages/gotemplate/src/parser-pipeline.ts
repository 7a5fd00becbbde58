/**
 * Pipelines: variable declarations, commands separated by `|`, and their operands —
 * terms (fields, variables, functions, constants, parenthesised pipelines) and field chains.
 */

import { parseNumber } from './literal.ts';
import {
  type ArgNode,
  type CommandNode,
  nodeString,
  type PipeNode,
  type VariableNode,
} from './nodes.ts';
import type { Parser } from './parser.ts';
import { describeToken, Item } from './token.ts';

export function pipeline(p: Parser, context: string, end: Item): PipeNode {
  const start = p.peekNonSpace();
  const pipe: PipeNode = {
    kind: 'pipe',
    pos: start.pos,
    src: p.src,
    isAssign: false,
    decl: [],
    cmds: [],
  };
  declarations(p, pipe, context);
  for (;;) {
    const token = p.nextNonSpace();
    if (token.type === end) {
      checkPipeline(p, pipe, context);
      if (end === Item.RightParen) p.backup();
      return pipe;
    }
    switch (token.type) {
      case Item.Bool:
      case Item.CharConstant:
      case Item.Dot:
      case Item.Field:
      case Item.Identifier:
      case Item.Number:
      case Item.Nil:
      case Item.RawString:
      case Item.String:
      case Item.Variable:
      case Item.LeftParen:
        p.backup();
        pipe.cmds.push(command(p));
        break;
      default:
        p.unexpected(token, context);
    }
  }
}

function declarations(p: Parser, pipe: PipeNode, context: string): void {
  for (;;) {
    const v = p.peekNonSpace();
    if (v.type !== Item.Variable) return;
    const before = p.i;
    p.nextNonSpace();
    const next = p.peekNonSpace();
    if (next.type === Item.Assign || next.type === Item.Declare) {
      pipe.isAssign = next.type === Item.Assign;
      p.nextNonSpace();
      pipe.decl.push(variable(p, v.pos, v.val));
      p.vars.push(v.val);
      return;
    }
    if (next.type === Item.Char && next.val === ',') {
      p.nextNonSpace();
      pipe.decl.push(variable(p, v.pos, v.val));
      p.vars.push(v.val);
      if (context === 'range' && pipe.decl.length < 2) {
        const after = p.peekNonSpace().type;
        if (after === Item.Variable || after === Item.RightDelim || after === Item.RightParen) {
          continue;
        }
        p.errorf('range can only initialize variables');
      }
      p.errorf(`too many declarations in ${context}`);
    }
    p.i = before;
    return;
  }
}

function checkPipeline(p: Parser, pipe: PipeNode, context: string): void {
  if (pipe.cmds.length === 0) p.errorf(`missing value for ${context}`);
  for (let i = 1; i < pipe.cmds.length; i++) {
    const first = pipe.cmds[i]!.args[0]!.kind;
    if (
      first === 'bool' ||
      first === 'dot' ||
      first === 'nil' ||
      first === 'number' ||
      first === 'string'
    ) {
      p.errorf(`non executable command in pipeline stage ${i + 1}`);
    }
  }
}

function command(p: Parser): CommandNode {
  const cmd: CommandNode = {
    kind: 'command',
    pos: p.peekNonSpace().pos,
    src: p.src,
    args: [],
  };
  for (;;) {
    p.peekNonSpace();
    const arg = operand(p);
    if (arg) cmd.args.push(arg);
    const token = p.next();
    if (token.type === Item.Space) continue;
    if (token.type === Item.RightDelim || token.type === Item.RightParen) {
      p.backup();
    } else if (token.type !== Item.Pipe) {
      p.unexpected(token, 'operand');
    }
    break;
  }
  if (cmd.args.length === 0) p.errorf('empty command');
  return cmd;
}

function operand(p: Parser): ArgNode | undefined {
  const node = term(p);
  if (node === undefined || p.peek().type !== Item.Field) return node;
  const pos = p.peek().pos;
  const fields: string[] = [];
  while (p.peek().type === Item.Field) fields.push(p.next().val.slice(1));
  switch (node.kind) {
    case 'field':
      return { kind: 'field', pos, src: p.src, ident: [...node.ident, ...fields] };
    case 'variable':
      return { kind: 'variable', pos, src: p.src, ident: [...node.ident, ...fields] };
    case 'bool':
    case 'string':
    case 'number':
    case 'nil':
    case 'dot':
      return p.errorf(`unexpected . after term ${JSON.stringify(nodeString(node))}`);
  }
  return { kind: 'chain', pos, src: p.src, node, field: fields };
}

function term(p: Parser): ArgNode | undefined {
  const token = p.nextNonSpace();
  const base = { pos: token.pos, src: p.src };
  switch (token.type) {
    case Item.Identifier:
      if (!p.hasFunction(token.val)) {
        return p.errorf(`function ${JSON.stringify(token.val)} not defined`);
      }
      return { kind: 'identifier', ...base, ident: token.val };
    case Item.Dot:
      return { kind: 'dot', ...base };
    case Item.Nil:
      return { kind: 'nil', ...base };
    case Item.Variable:
      return useVar(p, token.pos, token.val);
    case Item.Field:
      return { kind: 'field', ...base, ident: [token.val.slice(1)] };
    case Item.Bool:
      return { kind: 'bool', ...base, value: token.val === 'true' };
    case Item.CharConstant:
    case Item.Number:
      try {
        const n = parseNumber(token.val, token.type === Item.CharConstant);
        return { kind: 'number', ...base, text: token.val, ...n };
      } catch (error) {
        return p.errorf((error as Error).message);
      }
    case Item.LeftParen: {
      const pipe = pipeline(p, 'parenthesized pipeline', Item.RightParen);
      const close = p.next();
      if (close.type !== Item.RightParen) {
        return p.errorf(`unclosed right paren: unexpected ${describeToken(close)}`);
      }
      return pipe;
    }
    case Item.String:
    case Item.RawString:
      return { kind: 'string', ...base, quoted: token.val, text: p.unquote(token.val) };
  }
  p.backup();
  return undefined;
}

function variable(p: Parser, pos: number, name: string): VariableNode {
  return { kind: 'variable', pos, src: p.src, ident: name.split('.') };
}

function useVar(p: Parser, pos: number, name: string): VariableNode {
  const v = variable(p, pos, name);
  if (!p.vars.includes(v.ident[0]!)) {
    return p.errorf(`undefined variable ${JSON.stringify(v.ident[0])}`);
  }
  return v;
}
