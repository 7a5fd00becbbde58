/**
 * Actions and their control clauses: if, with and range with their else chains, block,
 * template, break, continue, else and end.
 */

import type { BranchNode, ListNode, PipeNode, StatementNode } from './nodes.ts';
import type { Parser } from './parser.ts';
import { pipeline } from './parser-pipeline.ts';
import { Item, type Token } from './token.ts';

/** An {{end}} or {{else}}: it closes the list being parsed rather than joining it. */
export type Terminal = { kind: 'end'; pos: number } | { kind: 'else'; pos: number };

/** The inside of an action, after its {{. */
export function action(p: Parser): StatementNode | Terminal {
  const token = p.nextNonSpace();
  switch (token.type) {
    case Item.Block:
      return blockControl(p);
    case Item.Break:
    case Item.Continue:
      return loopControl(p, token);
    case Item.Else:
      return elseControl(p);
    case Item.End:
      return { kind: 'end', pos: p.expect(Item.RightDelim, 'end').pos };
    case Item.If:
      return branch(p, 'if');
    case Item.Range:
      return branch(p, 'range');
    case Item.Template:
      return templateControl(p);
    case Item.With:
      return branch(p, 'with');
  }
  p.backup();
  const pos = p.peek().pos;
  return { kind: 'action', pos, src: p.src, pipe: pipeline(p, 'command', Item.RightDelim) };
}

function loopControl(p: Parser, token: Token): StatementNode {
  const name = token.val as 'break' | 'continue';
  const next = p.nextNonSpace();
  if (next.type !== Item.RightDelim) p.unexpected(next, `{{${name}}}`);
  if (p.rangeDepth === 0) p.errorf(`{{${name}}} outside {{range}}`);
  return { kind: name, pos: token.pos, src: p.src };
}

function elseControl(p: Parser): Terminal {
  const peek = p.peekNonSpace();
  // "{{else if" and "{{else with" read as {{else}}{{if ...: the if/with stays pending.
  if (peek.type === Item.If || peek.type === Item.With) return { kind: 'else', pos: peek.pos };
  return { kind: 'else', pos: p.expect(Item.RightDelim, 'else').pos };
}

function branch(p: Parser, kind: BranchNode['kind']): BranchNode {
  const mark = p.vars.length;
  const depth = p.rangeDepth;
  if (kind === 'range') p.rangeDepth++;
  try {
    const pipe = pipeline(p, kind, Item.RightDelim);
    const [list, next] = p.itemList();
    // {{break}} and {{continue}} belong to the range body, not to its {{else}}.
    if (kind === 'range') p.rangeDepth--;
    let elseList: ListNode | undefined;
    if (next.kind === 'else') {
      const chained = kind === 'range' ? undefined : kind === 'if' ? Item.If : Item.With;
      if (chained !== undefined && p.peek().type === chained) {
        p.next();
        elseList = p.list(next.pos);
        elseList.nodes.push(branch(p, kind));
      } else {
        const [alt, end] = p.itemList();
        if (end.kind !== 'end') p.errorf(`expected end; found {{${end.kind}}}`);
        elseList = alt;
      }
    }
    return { kind, pos: pipe.pos, src: p.src, pipe, list, elseList };
  } finally {
    p.vars.length = mark;
    p.rangeDepth = depth;
  }
}

function blockControl(p: Parser): StatementNode {
  const context = 'block clause';
  const token = p.nextNonSpace();
  const name = templateName(p, token, context);
  const pipe = pipeline(p, context, Item.RightDelim);
  p.withFreshScope(() => {
    const [root, end] = p.itemList();
    if (end.kind !== 'end') p.errorf(`unexpected {{${end.kind}}} in ${context}`);
    p.add({ name, src: p.src, root });
  });
  return { kind: 'template', pos: token.pos, src: p.src, name, pipe };
}

function templateControl(p: Parser): StatementNode {
  const context = 'template clause';
  const token = p.nextNonSpace();
  const name = templateName(p, token, context);
  let pipe: PipeNode | undefined;
  if (p.nextNonSpace().type !== Item.RightDelim) {
    p.backup();
    pipe = pipeline(p, context, Item.RightDelim);
  }
  return { kind: 'template', pos: token.pos, src: p.src, name, pipe };
}

function templateName(p: Parser, token: Token, context: string): string {
  if (token.type !== Item.String && token.type !== Item.RawString) {
    p.unexpected(token, context);
  }
  return p.unquote(token.val);
}
