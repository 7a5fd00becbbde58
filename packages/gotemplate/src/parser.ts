/**
 * The parser: Go's text/template/parse grammar, error texts and line numbers.
 * One Parser reads the whole text; {{define}} and {{block}} bodies become extra trees.
 */
import { TemplateError } from './errors.ts';
import { describeToken, Item, lex, type Token } from './lexer.ts';
import { parseNumber, unquote } from './literal.ts';
import {
  type ArgNode,
  type BranchNode,
  type CommandNode,
  isEmptyTree,
  type ListNode,
  nodeString,
  type PipeNode,
  type Source,
  type StatementNode,
  type Tree,
  type VariableNode,
} from './nodes.ts';

type Terminal = { kind: 'end'; pos: number } | { kind: 'else'; pos: number };

/** Parses `text` as template `name`; returns every tree it defines, the main one included. */
export function parse(
  name: string,
  text: string,
  hasFunction: (name: string) => boolean,
): Map<string, Tree> {
  const parser = new Parser(name, text, hasFunction);
  parser.parseMain(name);
  return parser.trees;
}

class Parser {
  readonly trees = new Map<string, Tree>();
  private readonly tokens: Token[];
  private readonly src: Source;
  private i = 0;
  private furthest = 0;
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  /** Line of the {{ that opened the action being parsed; 0 outside actions. */
  private actionLine = 0;

  constructor(
    name: string,
    text: string,
    private readonly hasFunction: (name: string) => boolean,
  ) {
    this.tokens = lex(text);
    this.src = { name, text };
  }

  // Token stream.

  private next(): Token {
    const index = Math.min(this.i, this.tokens.length - 1);
    this.i = index + 1;
    if (index > this.furthest) this.furthest = index;
    return this.tokens[index]!;
  }

  private backup(n = 1): void {
    this.i -= n;
  }

  private peek(): Token {
    const t = this.next();
    this.backup();
    return t;
  }

  private nextNonSpace(): Token {
    let t = this.next();
    while (t.type === Item.Space) t = this.next();
    return t;
  }

  private peekNonSpace(): Token {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  private errorf(message: string): never {
    const line = this.tokens[this.furthest]?.line ?? 1;
    throw new TemplateError(`template: ${this.src.name}:${line}: ${message}`, 'parse');
  }

  private unexpected(token: Token, context: string): never {
    if (token.type === Item.Error) {
      // A lexical error inside a multi-line action names the line the action started on.
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== token.line) {
        extra = ` in action started at ${this.src.name}:${this.actionLine}`;
        if (token.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      return this.errorf(`${token.val}${extra}`);
    }
    return this.errorf(`unexpected ${describeToken(token)} in ${context}`);
  }

  private expect(type: Item, context: string): Token {
    const token = this.nextNonSpace();
    if (token.type !== type) this.unexpected(token, context);
    return token;
  }

  // Trees.

  parseMain(name: string): void {
    const root = this.list(this.peek().pos);
    while (this.peek().type !== Item.EOF) {
      if (this.peek().type === Item.LeftDelim) {
        const at = this.i;
        this.next();
        if (this.nextNonSpace().type === Item.Define) {
          this.withFreshScope(() => this.parseDefinition());
          continue;
        }
        this.i = at;
      }
      const n = this.textOrAction();
      if ('kind' in n && (n.kind === 'end' || n.kind === 'else')) {
        this.errorf(`unexpected {{${n.kind}}}`);
      }
      root.nodes.push(n as StatementNode);
    }
    this.add({ name, src: this.src, root });
  }

  private withFreshScope<T>(body: () => T): T {
    const vars = this.vars;
    const depth = this.rangeDepth;
    this.vars = ['$'];
    this.rangeDepth = 0;
    try {
      return body();
    } finally {
      this.vars = vars;
      this.rangeDepth = depth;
    }
  }

  private add(tree: Tree): void {
    const existing = this.trees.get(tree.name);
    if (existing === undefined || isEmptyTree(existing.root)) {
      this.trees.set(tree.name, tree);
      return;
    }
    if (!isEmptyTree(tree.root)) {
      this.errorf(`template: multiple definition of template ${JSON.stringify(tree.name)}`);
    }
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const token = this.nextNonSpace();
    if (token.type !== Item.String && token.type !== Item.RawString) {
      this.unexpected(token, context);
    }
    const name = this.unquote(token.val);
    this.expect(Item.RightDelim, context);
    const [root, end] = this.itemList();
    if (end.kind !== 'end') this.errorf(`unexpected {{${end.kind}}} in ${context}`);
    this.add({ name, src: this.src, root });
  }

  private list(pos: number): ListNode {
    return { kind: 'list', pos, src: this.src, nodes: [] };
  }

  private itemList(): [ListNode, Terminal] {
    const list = this.list(this.peekNonSpace().pos);
    while (this.peekNonSpace().type !== Item.EOF) {
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') return [list, n as Terminal];
      list.nodes.push(n as StatementNode);
    }
    return this.errorf('unexpected EOF');
  }

  private textOrAction(): StatementNode | Terminal {
    const token = this.nextNonSpace();
    if (token.type === Item.Text) {
      return { kind: 'text', pos: token.pos, src: this.src, text: token.val };
    }
    if (token.type === Item.LeftDelim) {
      this.actionLine = token.line;
      try {
        return this.action();
      } finally {
        this.actionLine = 0;
      }
    }
    this.unexpected(token, 'input');
  }

  // Actions.

  private action(): StatementNode | Terminal {
    const token = this.nextNonSpace();
    switch (token.type) {
      case Item.Block:
        return this.blockControl();
      case Item.Break:
      case Item.Continue:
        return this.loopControl(token);
      case Item.Else:
        return this.elseControl();
      case Item.End:
        return { kind: 'end', pos: this.expect(Item.RightDelim, 'end').pos };
      case Item.If:
        return this.branch('if');
      case Item.Range:
        return this.branch('range');
      case Item.Template:
        return this.templateControl();
      case Item.With:
        return this.branch('with');
    }
    this.backup();
    const pos = this.peek().pos;
    return { kind: 'action', pos, src: this.src, pipe: this.pipeline('command', Item.RightDelim) };
  }

  private loopControl(token: Token): StatementNode {
    const name = token.val as 'break' | 'continue';
    const next = this.nextNonSpace();
    if (next.type !== Item.RightDelim) this.unexpected(next, `{{${name}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${name}}} outside {{range}}`);
    return { kind: name, pos: token.pos, src: this.src };
  }

  private elseControl(): Terminal {
    const peek = this.peekNonSpace();
    // "{{else if" and "{{else with" read as {{else}}{{if ...: the if/with stays pending.
    if (peek.type === Item.If || peek.type === Item.With) return { kind: 'else', pos: peek.pos };
    return { kind: 'else', pos: this.expect(Item.RightDelim, 'else').pos };
  }

  private branch(kind: BranchNode['kind']): BranchNode {
    const mark = this.vars.length;
    const depth = this.rangeDepth;
    if (kind === 'range') this.rangeDepth++;
    try {
      const pipe = this.pipeline(kind, Item.RightDelim);
      const [list, next] = this.itemList();
      // {{break}} and {{continue}} belong to the range body, not to its {{else}}.
      if (kind === 'range') this.rangeDepth--;
      let elseList: ListNode | undefined;
      if (next.kind === 'else') {
        const chained = kind === 'range' ? undefined : kind === 'if' ? Item.If : Item.With;
        if (chained !== undefined && this.peek().type === chained) {
          this.next();
          elseList = this.list(next.pos);
          elseList.nodes.push(this.branch(kind));
        } else {
          const [alt, end] = this.itemList();
          if (end.kind !== 'end') this.errorf(`expected end; found {{${end.kind}}}`);
          elseList = alt;
        }
      }
      return { kind, pos: pipe.pos, src: this.src, pipe, list, elseList };
    } finally {
      this.vars.length = mark;
      this.rangeDepth = depth;
    }
  }

  private blockControl(): StatementNode {
    const context = 'block clause';
    const token = this.nextNonSpace();
    const name = this.templateName(token, context);
    const pipe = this.pipeline(context, Item.RightDelim);
    this.withFreshScope(() => {
      const [root, end] = this.itemList();
      if (end.kind !== 'end') this.errorf(`unexpected {{${end.kind}}} in ${context}`);
      this.add({ name, src: this.src, root });
    });
    return { kind: 'template', pos: token.pos, src: this.src, name, pipe };
  }

  private templateControl(): StatementNode {
    const context = 'template clause';
    const token = this.nextNonSpace();
    const name = this.templateName(token, context);
    let pipe: PipeNode | undefined;
    if (this.nextNonSpace().type !== Item.RightDelim) {
      this.backup();
      pipe = this.pipeline(context, Item.RightDelim);
    }
    return { kind: 'template', pos: token.pos, src: this.src, name, pipe };
  }

  private templateName(token: Token, context: string): string {
    if (token.type !== Item.String && token.type !== Item.RawString) {
      this.unexpected(token, context);
    }
    return this.unquote(token.val);
  }

  private unquote(quoted: string): string {
    try {
      return unquote(quoted);
    } catch (error) {
      return this.errorf((error as Error).message);
    }
  }

  // Pipelines.

  private pipeline(context: string, end: Item): PipeNode {
    const start = this.peekNonSpace();
    const pipe: PipeNode = {
      kind: 'pipe',
      pos: start.pos,
      src: this.src,
      isAssign: false,
      decl: [],
      cmds: [],
    };
    this.declarations(pipe, context);
    for (;;) {
      const token = this.nextNonSpace();
      if (token.type === end) {
        this.checkPipeline(pipe, context);
        if (end === Item.RightParen) this.backup();
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
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(token, context);
      }
    }
  }

  private declarations(pipe: PipeNode, context: string): void {
    for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== Item.Variable) return;
      const before = this.i;
      this.nextNonSpace();
      const next = this.peekNonSpace();
      if (next.type === Item.Assign || next.type === Item.Declare) {
        pipe.isAssign = next.type === Item.Assign;
        this.nextNonSpace();
        pipe.decl.push(this.variable(v.pos, v.val));
        this.vars.push(v.val);
        return;
      }
      if (next.type === Item.Char && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push(this.variable(v.pos, v.val));
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const after = this.peekNonSpace().type;
          if (after === Item.Variable || after === Item.RightDelim || after === Item.RightParen) {
            continue;
          }
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      }
      this.i = before;
      return;
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    for (let i = 1; i < pipe.cmds.length; i++) {
      const first = pipe.cmds[i]!.args[0]!.kind;
      if (
        first === 'bool' ||
        first === 'dot' ||
        first === 'nil' ||
        first === 'number' ||
        first === 'string'
      ) {
        this.errorf(`non executable command in pipeline stage ${i + 1}`);
      }
    }
  }

  private command(): CommandNode {
    const cmd: CommandNode = {
      kind: 'command',
      pos: this.peekNonSpace().pos,
      src: this.src,
      args: [],
    };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const token = this.next();
      if (token.type === Item.Space) continue;
      if (token.type === Item.RightDelim || token.type === Item.RightParen) {
        this.backup();
      } else if (token.type !== Item.Pipe) {
        this.unexpected(token, 'operand');
      }
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): ArgNode | undefined {
    const node = this.term();
    if (node === undefined || this.peek().type !== Item.Field) return node;
    const pos = this.peek().pos;
    const fields: string[] = [];
    while (this.peek().type === Item.Field) fields.push(this.next().val.slice(1));
    switch (node.kind) {
      case 'field':
        return { kind: 'field', pos, src: this.src, ident: [...node.ident, ...fields] };
      case 'variable':
        return { kind: 'variable', pos, src: this.src, ident: [...node.ident, ...fields] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        return this.errorf(`unexpected . after term ${JSON.stringify(nodeString(node))}`);
    }
    return { kind: 'chain', pos, src: this.src, node, field: fields };
  }

  private term(): ArgNode | undefined {
    const token = this.nextNonSpace();
    const base = { pos: token.pos, src: this.src };
    switch (token.type) {
      case Item.Identifier:
        if (!this.hasFunction(token.val)) {
          return this.errorf(`function ${JSON.stringify(token.val)} not defined`);
        }
        return { kind: 'identifier', ...base, ident: token.val };
      case Item.Dot:
        return { kind: 'dot', ...base };
      case Item.Nil:
        return { kind: 'nil', ...base };
      case Item.Variable:
        return this.useVar(token.pos, token.val);
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
          return this.errorf((error as Error).message);
        }
      case Item.LeftParen: {
        const pipe = this.pipeline('parenthesized pipeline', Item.RightParen);
        const close = this.next();
        if (close.type !== Item.RightParen) {
          return this.errorf(`unclosed right paren: unexpected ${describeToken(close)}`);
        }
        return pipe;
      }
      case Item.String:
      case Item.RawString:
        return { kind: 'string', ...base, quoted: token.val, text: this.unquote(token.val) };
    }
    this.backup();
    return undefined;
  }

  private variable(pos: number, name: string): VariableNode {
    return { kind: 'variable', pos, src: this.src, ident: name.split('.') };
  }

  private useVar(pos: number, name: string): VariableNode {
    const v = this.variable(pos, name);
    if (!this.vars.includes(v.ident[0]!)) {
      return this.errorf(`undefined variable ${JSON.stringify(v.ident[0])}`);
    }
    return v;
  }
}
