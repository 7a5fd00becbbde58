/**
 * Tokens: the item types Go's text/template/parse lexer emits, how the parser names them
 * in errors, and the character classes and delimiters the lexer works with.
 */
import { quote } from './strconv.ts';

export enum Item {
  Error = 0,
  Bool,
  Char,
  CharConstant,
  Comment,
  Assign,
  Declare,
  EOF,
  Field,
  Identifier,
  LeftDelim,
  LeftParen,
  Number,
  Pipe,
  RawString,
  RightDelim,
  RightParen,
  Space,
  String,
  Text,
  Variable,
  // Keywords follow; `Item.Keyword` separates them as in Go (printed as <name>).
  Keyword,
  Block,
  Break,
  Continue,
  Dot,
  Define,
  Else,
  End,
  If,
  Nil,
  Range,
  Template,
  With,
}

export interface Token {
  type: Item;
  val: string;
  /** Offset of the token in the template text (UTF-16 index). */
  pos: number;
  line: number;
}

export const KEYWORDS: ReadonlyMap<string, Item> = new Map([
  ['.', Item.Dot],
  ['block', Item.Block],
  ['break', Item.Break],
  ['continue', Item.Continue],
  ['define', Item.Define],
  ['else', Item.Else],
  ['end', Item.End],
  ['if', Item.If],
  ['range', Item.Range],
  ['nil', Item.Nil],
  ['template', Item.Template],
  ['with', Item.With],
]);

export const LEFT = '{{';
export const RIGHT = '}}';
export const LEFT_COMMENT = '/*';
export const RIGHT_COMMENT = '*/';

/** Go's parse.item.String(): how the parser names a token in "unexpected ..." errors. */
export function describeToken(token: Token): string {
  if (token.type === Item.EOF) return 'EOF';
  if (token.type === Item.Error) return token.val;
  if (token.type > Item.Keyword) return `<${token.val}>`;
  const quoted = goQuoteShort(token.val);
  return quoted;
}

function goQuoteShort(val: string): string {
  // Go prints %.10q... for values longer than 10 bytes: the first 10 runes, quoted.
  if (Buffer.byteLength(val) > 10) return `${quote(Array.from(val).slice(0, 10).join(''))}...`;
  return quote(val);
}

export function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

export function isAlphaNumeric(c: string | undefined): boolean {
  if (c === undefined) return false;
  if (c === '_') return true;
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return c > '\x7f' && /^[\p{L}\p{Nd}]$/u.test(c);
}

/** `U+0023 '#'` as Go's %#U prints a rune. */
export function formatRune(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(c) ? `U+${hex} '${c}'` : `U+${hex}`;
}
