/**
 * The parser: Go's text/template/parse grammar, error texts and line numbers.
 * One Parser reads the whole text; {{define}} and {{block}} bodies become extra trees.
 *
 * This module holds the token stream, errors, scopes and trees; actions and their control
 * clauses are in parser-clause, pipelines and operands in parser-pipeline.
 */
import { TemplateError } from './errors.ts';
import { lex } from './lexer.ts';
import { unquote } from './literal.ts';
import { isEmptyTree, type ListNode, type Source, type StatementNode, type Tree } from './nodes.ts';
import { action, type Terminal } from './parser-clause.ts';
import { describeToken, Item, type Token } from './token.ts';

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

export class Parser {
  readonly trees = new Map<string, Tree>();
  readonly tokens: Token[];
  readonly src: Source;
  /** Index of the next token. */
  i = 0;
  /** The furthest token read, whose line parse errors report. */
  private furthest = 0;
  /** Variables in scope, innermost last. */
  vars: string[] = ['$'];
  /** How many {{range}}s enclose the current position: {{break}} needs one. */
  rangeDepth = 0;
  /** Line of the {{ that opened the action being parsed; 0 outside actions. */
  private actionLine = 0;

  constructor(
    name: string,
    text: string,
    readonly hasFunction: (name: string) => boolean,
  ) {
    this.tokens = lex(text);
    this.src = { name, text };
  }

  // Token stream.

  next(): Token {
    const index = Math.min(this.i, this.tokens.length - 1);
    this.i = index + 1;
    if (index > this.furthest) this.furthest = index;
    return this.tokens[index]!;
  }

  backup(n = 1): void {
    this.i -= n;
  }

  peek(): Token {
    const t = this.next();
    this.backup();
    return t;
  }

  nextNonSpace(): Token {
    let t = this.next();
    while (t.type === Item.Space) t = this.next();
    return t;
  }

  peekNonSpace(): Token {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  // Errors.

  errorf(message: string): never {
    const line = this.tokens[this.furthest]?.line ?? 1;
    throw new TemplateError(`template: ${this.src.name}:${line}: ${message}`, 'parse');
  }

  unexpected(token: Token, context: string): never {
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

  expect(type: Item, context: string): Token {
    const token = this.nextNonSpace();
    if (token.type !== type) this.unexpected(token, context);
    return token;
  }

  unquote(quoted: string): string {
    try {
      return unquote(quoted);
    } catch (error) {
      return this.errorf((error as Error).message);
    }
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

  /** A template body ({{define}}, {{block}}) sees only `$` and no enclosing range. */
  withFreshScope<T>(body: () => T): T {
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

  add(tree: Tree): void {
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

  list(pos: number): ListNode {
    return { kind: 'list', pos, src: this.src, nodes: [] };
  }

  /** Statements up to the {{end}} or {{else}} that closes them. */
  itemList(): [ListNode, Terminal] {
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
        return action(this);
      } finally {
        this.actionLine = 0;
      }
    }
    this.unexpected(token, 'input');
  }
}
