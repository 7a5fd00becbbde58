/**
 * Lexing literals inside an action: numbers (Go's syntax, checked later by the parser),
 * interpreted and raw strings, and character constants.
 */
import { countNewlines, type Lexer } from './lexer.ts';
import { Item, isAlphaNumeric } from './token.ts';

export function lexChar(lx: Lexer): void {
  for (;;) {
    let r = lx.next();
    if (r === '\\') {
      r = lx.next();
      if (r !== undefined && r !== '\n') continue;
    }
    if (r === undefined || r === '\n') {
      lx.errorf('unterminated character constant');
      return;
    }
    if (r === "'") break;
  }
  lx.emit(Item.CharConstant);
}

export function lexNumber(lx: Lexer): void {
  if (!scanNumber(lx)) {
    lx.errorf(`bad number syntax: ${JSON.stringify(lx.input.slice(lx.start, lx.pos))}`);
    return;
  }
  lx.emit(Item.Number);
}

function scanNumber(lx: Lexer): boolean {
  lx.accept('+-');
  let digits = '0123456789_';
  if (lx.accept('0')) {
    if (lx.accept('xX')) digits = '0123456789abcdefABCDEF_';
    else if (lx.accept('oO')) digits = '01234567_';
    else if (lx.accept('bB')) digits = '01_';
  }
  lx.acceptRun(digits);
  if (lx.accept('.')) lx.acceptRun(digits);
  if (digits.length === 11 && lx.accept('eE')) {
    lx.accept('+-');
    lx.acceptRun('0123456789_');
  }
  if (digits.length === 23 && lx.accept('pP')) {
    lx.accept('+-');
    lx.acceptRun('0123456789_');
  }
  lx.accept('i');
  if (isAlphaNumeric(lx.peek())) {
    lx.pos++;
    return false;
  }
  return true;
}

export function lexQuote(lx: Lexer): void {
  for (;;) {
    let r = lx.next();
    if (r === '\\') {
      r = lx.next();
      if (r !== undefined && r !== '\n') continue;
    }
    if (r === undefined || r === '\n') {
      lx.errorf('unterminated quoted string');
      return;
    }
    if (r === '"') break;
  }
  lx.emit(Item.String);
}

export function lexRawQuote(lx: Lexer): void {
  const x = lx.input.indexOf('`', lx.pos);
  if (x < 0) {
    lx.errorf('unterminated raw quoted string');
    return;
  }
  lx.line += countNewlines(lx.input, lx.pos, x);
  lx.pos = x + 1;
  lx.emit(Item.RawString);
}
