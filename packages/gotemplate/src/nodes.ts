/**
 * The parse tree, shaped like Go's text/template/parse nodes. `nodeString` reproduces
 * Node.String(), because Go quotes it in execution errors ("at <.x.y>").
 */

/** The text a node was parsed from, for error positions. */
export interface Source {
  /** Go's ParseName: the name of the template whose text holds the node. */
  readonly name: string;
  readonly text: string;
}

interface Base {
  readonly pos: number;
  readonly src: Source;
}

export interface TextNode extends Base {
  readonly kind: 'text';
  readonly text: string;
}
export interface ActionNode extends Base {
  readonly kind: 'action';
  readonly pipe: PipeNode;
}
export interface BranchNode extends Base {
  readonly kind: 'if' | 'range' | 'with';
  readonly pipe: PipeNode;
  readonly list: ListNode;
  readonly elseList: ListNode | undefined;
}
export interface TemplateNode extends Base {
  readonly kind: 'template';
  readonly name: string;
  readonly pipe: PipeNode | undefined;
}
export interface LoopControlNode extends Base {
  readonly kind: 'break' | 'continue';
}
export interface ListNode extends Base {
  readonly kind: 'list';
  readonly nodes: StatementNode[];
}
export type StatementNode = TextNode | ActionNode | BranchNode | TemplateNode | LoopControlNode;

export interface PipeNode extends Base {
  readonly kind: 'pipe';
  isAssign: boolean;
  readonly decl: VariableNode[];
  readonly cmds: CommandNode[];
}
export interface CommandNode extends Base {
  readonly kind: 'command';
  readonly args: ArgNode[];
}
export interface FieldNode extends Base {
  readonly kind: 'field';
  readonly ident: string[];
}
export interface VariableNode extends Base {
  readonly kind: 'variable';
  readonly ident: string[];
}
export interface ChainNode extends Base {
  readonly kind: 'chain';
  readonly node: ArgNode;
  readonly field: string[];
}
export interface IdentifierNode extends Base {
  readonly kind: 'identifier';
  readonly ident: string;
}
export interface DotNode extends Base {
  readonly kind: 'dot';
}
export interface NilNode extends Base {
  readonly kind: 'nil';
}
export interface BoolNode extends Base {
  readonly kind: 'bool';
  readonly value: boolean;
}
export interface StringNode extends Base {
  readonly kind: 'string';
  readonly quoted: string;
  readonly text: string;
}
export interface NumberNode extends Base {
  readonly kind: 'number';
  readonly text: string;
  readonly isInt: boolean;
  readonly isUint: boolean;
  readonly isFloat: boolean;
  readonly int: number;
  readonly float: number;
}
export type ArgNode =
  | FieldNode
  | VariableNode
  | ChainNode
  | IdentifierNode
  | PipeNode
  | DotNode
  | NilNode
  | BoolNode
  | StringNode
  | NumberNode;

export type AnyNode = StatementNode | ListNode | ArgNode | CommandNode;

/** Node.String() as Go prints it. */
export function nodeString(n: AnyNode): string {
  switch (n.kind) {
    case 'text':
      return n.text;
    case 'action':
      return `{{${nodeString(n.pipe)}}}`;
    case 'if':
    case 'range':
    case 'with': {
      const body = nodeString(n.list);
      const alt = n.elseList ? `{{else}}${nodeString(n.elseList)}` : '';
      return `{{${n.kind} ${nodeString(n.pipe)}}}${body}${alt}{{end}}`;
    }
    case 'template':
      return n.pipe
        ? `{{template ${JSON.stringify(n.name)} ${nodeString(n.pipe)}}}`
        : `{{template ${JSON.stringify(n.name)}}}`;
    case 'break':
    case 'continue':
      return `{{${n.kind}}}`;
    case 'list':
      return n.nodes.map(nodeString).join('');
    case 'pipe': {
      const decl =
        n.decl.length > 0 ? `${n.decl.map(nodeString).join(', ')} ${n.isAssign ? '=' : ':='} ` : '';
      return decl + n.cmds.map(nodeString).join(' | ');
    }
    case 'command':
      return n.args
        .map((a) => (a.kind === 'pipe' ? `(${nodeString(a)})` : nodeString(a)))
        .join(' ');
    case 'field':
      return n.ident.map((id) => `.${id}`).join('');
    case 'variable':
      return n.ident.join('.');
    case 'chain': {
      const inner = n.node.kind === 'pipe' ? `(${nodeString(n.node)})` : nodeString(n.node);
      return inner + n.field.map((f) => `.${f}`).join('');
    }
    case 'identifier':
      return n.ident;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return n.value ? 'true' : 'false';
    case 'string':
      return n.quoted;
    case 'number':
      return n.text;
  }
}

/** A parsed template body: Go's parse.Tree. */
export interface Tree {
  readonly name: string;
  readonly src: Source;
  readonly root: ListNode;
}

/** parse.IsEmptyTree: only whitespace text, so a later definition may replace it. */
export function isEmptyTree(n: ListNode): boolean {
  return n.nodes.every((node) => node.kind === 'text' && node.text.trim() === '');
}
