/**
 * Lexing inside an action: spaces, punctuation, keywords, identifiers, fields and
 * variables, up to the right delimiter.
 */
import type { Lexer } from './lexer.ts';
import { lexChar, lexNumber, lexQuote, lexRawQuote } from './lexer-literal.ts';
import { formatRune, Item, isAlphaNumeric, isSpace, KEYWORDS, RIGHT } from './token.ts';

export function lexInsideAction(lx: Lexer): void {
  const [delim, trim] = lx.atRightDelim();
  if (delim) {
    if (lx.parenDepth === 0) {
      lx.lexRightDelim(trim);
      return;
    }
    lx.errorf('unclosed left paren');
    return;
  }
  const r = lx.next();
  if (r === undefined) {
    lx.errorf('unclosed action');
    return;
  }
  if (isSpace(r)) {
    lx.backup();
    lexSpace(lx);
    return;
  }
  if (lexPunctuation(lx, r)) return;
  if (r === '.') {
    const c = lx.peek();
    if (c === undefined || c < '0' || c > '9') {
      lexFieldOrVariable(lx, Item.Field);
      return;
    }
  }
  if (r === '.' || r === '+' || r === '-' || (r >= '0' && r <= '9')) {
    lx.backup();
    lexNumber(lx);
    return;
  }
  if (isAlphaNumeric(r)) {
    lx.backup();
    lexIdentifier(lx);
    return;
  }
  if (r <= '\x7f' && r >= ' ' && r !== '\x7f') {
    lx.emit(Item.Char);
    return;
  }
  const full = String.fromCodePoint(lx.input.codePointAt(lx.pos - 1) ?? 0);
  lx.errorf(`unrecognized character in action: ${formatRune(full)}`);
}

/** Lexes what starts with the punctuation `r` (already read); false if `r` is none of it. */
function lexPunctuation(lx: Lexer, r: string): boolean {
  switch (r) {
    case '=':
      lx.emit(Item.Assign);
      return true;
    case ':':
      if (lx.next() !== '=') lx.errorf('expected :=');
      else lx.emit(Item.Declare);
      return true;
    case '|':
      lx.emit(Item.Pipe);
      return true;
    case '"':
      lexQuote(lx);
      return true;
    case '`':
      lexRawQuote(lx);
      return true;
    case '$':
      lexFieldOrVariable(lx, Item.Variable);
      return true;
    case "'":
      lexChar(lx);
      return true;
    case '(':
      lx.emit(Item.LeftParen);
      lx.parenDepth++;
      return true;
    case ')':
      // Go checks the depth before emitting, so the error is the next token.
      if (lx.parenDepth === 0) {
        lx.errorf('unexpected right paren');
        return true;
      }
      lx.emit(Item.RightParen);
      lx.parenDepth--;
      return true;
  }
  return false;
}

function lexSpace(lx: Lexer): void {
  let numSpaces = 0;
  while (isSpace(lx.peek())) {
    lx.next();
    numSpaces++;
  }
  // A space followed by "-}}" belongs to the trim marker, not to this item.
  const p = lx.pos - 1;
  if (lx.input[p + 1] === '-' && lx.input.startsWith(RIGHT, p + 2)) {
    lx.backup();
    if (numSpaces === 1) return;
  }
  lx.emit(Item.Space);
}

function atTerminator(lx: Lexer): boolean {
  const r = lx.peek();
  if (r === undefined || isSpace(r)) return true;
  switch (r) {
    case '.':
    case ',':
    case '|':
    case ':':
    case ')':
    case '(':
      return true;
  }
  return lx.input.startsWith(RIGHT, lx.pos);
}

function badCharacter(lx: Lexer): void {
  const c = String.fromCodePoint(lx.input.codePointAt(lx.pos) ?? 0);
  lx.pos += c.length;
  lx.errorf(`bad character ${formatRune(c)}`);
}

function lexIdentifier(lx: Lexer): void {
  while (isAlphaNumeric(lx.peek())) lx.next();
  if (!atTerminator(lx)) {
    badCharacter(lx);
    return;
  }
  const word = lx.input.slice(lx.start, lx.pos);
  const keyword = KEYWORDS.get(word);
  if (keyword !== undefined && keyword !== Item.Dot) {
    lx.emit(keyword);
    return;
  }
  if (word === 'true' || word === 'false') {
    lx.emit(Item.Bool);
    return;
  }
  lx.emit(Item.Identifier);
}

function lexFieldOrVariable(lx: Lexer, type: Item): void {
  if (atTerminator(lx)) {
    lx.emit(type === Item.Variable ? Item.Variable : Item.Dot);
    return;
  }
  while (isAlphaNumeric(lx.peek())) lx.next();
  if (!atTerminator(lx)) {
    badCharacter(lx);
    return;
  }
  lx.emit(type);
}
