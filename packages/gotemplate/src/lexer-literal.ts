/**
 * Lexing literals inside an action: numbers (Go's syntax, checked later by the parser),
 * interpreted and raw strings, and character constants.
 */
import { countNewlines, type Lexer } from './lexer.ts';
import { Item, isAlphaNumeric } from './token.ts';

export function lexChar(lx: Lexer): void {
  lexQuoted(lx, "'", 'unterminated character constant', Item.CharConstant);
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
  lexQuoted(lx, '"', 'unterminated quoted string', Item.String);
}

/** Scans to the closing quote, skipping escapes; a newline or the end of input is an error. */
function lexQuoted(lx: Lexer, quote: string, unterminated: string, item: Item): void {
  for (;;) {
    let r = lx.next();
    if (r === '\\') {
      r = lx.next();
      if (r !== undefined && r !== '\n') continue;
    }
    if (r === undefined || r === '\n') {
      lx.errorf(unterminated);
      return;
    }
    if (r === quote) break;
  }
  lx.emit(item);
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
