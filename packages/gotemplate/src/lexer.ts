/**
 * The lexer: splits template text into items the way Go's text/template/parse lexer does,
 * including trim markers, comments and the exact error texts the parser later reports.
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

const KEYWORDS: ReadonlyMap<string, Item> = new Map([
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

const LEFT = '{{';
const RIGHT = '}}';
const LEFT_COMMENT = '/*';
const RIGHT_COMMENT = '*/';

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

function isAlphaNumeric(c: string | undefined): boolean {
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

class Lexer {
  readonly items: Token[] = [];
  private pos = 0;
  private start = 0;
  private line = 1;
  private startLine = 1;
  private parenDepth = 0;
  private insideAction = false;
  private done = false;

  constructor(private readonly input: string) {}

  run(): Token[] {
    while (!this.done) {
      if (this.insideAction) this.lexInsideAction();
      else this.lexText();
    }
    return this.items;
  }

  private emit(type: Item): void {
    this.items.push({
      type,
      val: this.input.slice(this.start, this.pos),
      pos: this.start,
      line: this.startLine,
    });
    this.start = this.pos;
    this.startLine = this.line;
  }

  private ignore(): void {
    this.line += countNewlines(this.input, this.start, this.pos);
    this.start = this.pos;
    this.startLine = this.line;
  }

  private errorf(message: string): void {
    this.items.push({ type: Item.Error, val: message, pos: this.start, line: this.startLine });
    this.done = true;
  }

  private next(): string | undefined {
    if (this.pos >= this.input.length) {
      this.pos = this.input.length + 1;
      return undefined;
    }
    const c = this.input[this.pos]!;
    this.pos++;
    if (c === '\n') this.line++;
    return c;
  }

  private backup(): void {
    if (this.pos > this.input.length) {
      this.pos = this.input.length;
      return;
    }
    this.pos--;
    if (this.input[this.pos] === '\n') this.line--;
  }

  private peek(): string | undefined {
    return this.input[this.pos];
  }

  private lexText(): void {
    const x = this.input.indexOf(LEFT, this.pos);
    if (x < 0) {
      this.pos = this.input.length;
      if (this.pos > this.start) {
        this.line += countNewlines(this.input, this.start, this.pos);
        this.emit(Item.Text);
      }
      this.emit(Item.EOF);
      this.done = true;
      return;
    }
    let end = x;
    this.pos = x;
    const trim = hasLeftTrimMarker(this.input, x + LEFT.length);
    if (trim) {
      while (end > this.start && isSpace(this.input[end - 1])) end--;
    }
    if (end > this.start) {
      const savedPos = this.pos;
      this.pos = end;
      this.line += countNewlines(this.input, this.start, this.pos);
      this.emit(Item.Text);
      this.pos = savedPos;
    }
    this.ignore();
    this.lexLeftDelim(trim);
  }

  private lexLeftDelim(trim: boolean): void {
    this.pos += LEFT.length + (trim ? 2 : 0);
    if (this.input.startsWith(LEFT_COMMENT, this.pos)) {
      this.lexComment();
      return;
    }
    this.items.push({ type: Item.LeftDelim, val: LEFT, pos: this.start, line: this.startLine });
    this.ignore();
    this.insideAction = true;
    this.parenDepth = 0;
  }

  private lexComment(): void {
    this.pos += LEFT_COMMENT.length;
    const x = this.input.indexOf(RIGHT_COMMENT, this.pos);
    if (x < 0) {
      this.errorf('unclosed comment');
      return;
    }
    this.pos = x + RIGHT_COMMENT.length;
    const [delim, trim] = this.atRightDelim();
    if (!delim) {
      this.errorf('comment ends before closing delimiter');
      return;
    }
    this.pos += (trim ? 2 : 0) + RIGHT.length;
    this.ignore();
    if (trim) this.skipSpaceAfterTrim();
  }

  private atRightDelim(): [boolean, boolean] {
    const i = this.pos;
    if (
      isSpace(this.input[i]) &&
      this.input[i + 1] === '-' &&
      this.input.startsWith(RIGHT, i + 2)
    ) {
      return [true, true];
    }
    return [this.input.startsWith(RIGHT, i), false];
  }

  private skipSpaceAfterTrim(): void {
    while (isSpace(this.input[this.pos])) this.pos++;
    this.ignore();
  }

  private lexRightDelim(trim: boolean): void {
    if (trim) {
      this.pos += 2;
      this.ignore();
    }
    this.pos += RIGHT.length;
    this.emit(Item.RightDelim);
    this.insideAction = false;
    if (trim) this.skipSpaceAfterTrim();
  }

  private lexInsideAction(): void {
    const [delim, trim] = this.atRightDelim();
    if (delim) {
      if (this.parenDepth === 0) {
        this.lexRightDelim(trim);
        return;
      }
      this.errorf('unclosed left paren');
      return;
    }
    const r = this.next();
    if (r === undefined) {
      this.errorf('unclosed action');
      return;
    }
    if (isSpace(r)) {
      this.backup();
      this.lexSpace();
      return;
    }
    switch (r) {
      case '=': {
        this.emit(Item.Assign);
        return;
      }
      case ':':
        if (this.next() !== '=') {
          this.errorf('expected :=');
          return;
        }
        {
          this.emit(Item.Declare);
          return;
        }
      case '|': {
        this.emit(Item.Pipe);
        return;
      }
      case '"': {
        this.lexQuote();
        return;
      }
      case '`': {
        this.lexRawQuote();
        return;
      }
      case '$': {
        this.lexFieldOrVariable(Item.Variable);
        return;
      }
      case "'": {
        this.lexChar();
        return;
      }
      case '(':
        this.emit(Item.LeftParen);
        this.parenDepth++;
        return;
      case ')':
        // Go checks the depth before emitting, so the error is the next token.
        if (this.parenDepth === 0) {
          this.errorf('unexpected right paren');
          return;
        }
        this.emit(Item.RightParen);
        this.parenDepth--;
        return;
    }
    if (r === '.') {
      const c = this.peek();
      if (c === undefined || c < '0' || c > '9') {
        this.lexFieldOrVariable(Item.Field);
        return;
      }
    }
    if (r === '.' || r === '+' || r === '-' || (r >= '0' && r <= '9')) {
      this.backup();
      this.lexNumber();
      return;
    }
    if (isAlphaNumeric(r)) {
      this.backup();
      this.lexIdentifier();
      return;
    }
    if (r <= '\x7f' && r >= ' ' && r !== '\x7f') {
      this.emit(Item.Char);
      return;
    }
    const full = String.fromCodePoint(this.input.codePointAt(this.pos - 1) ?? 0);
    this.errorf(`unrecognized character in action: ${formatRune(full)}`);
  }

  private lexSpace(): void {
    let numSpaces = 0;
    while (isSpace(this.peek())) {
      this.next();
      numSpaces++;
    }
    // A space followed by "-}}" belongs to the trim marker, not to this item.
    const p = this.pos - 1;
    if (this.input[p + 1] === '-' && this.input.startsWith(RIGHT, p + 2)) {
      this.backup();
      if (numSpaces === 1) return;
    }
    this.emit(Item.Space);
  }

  private atTerminator(): boolean {
    const r = this.peek();
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
    return this.input.startsWith(RIGHT, this.pos);
  }

  private badCharacter(): void {
    const c = String.fromCodePoint(this.input.codePointAt(this.pos) ?? 0);
    this.pos += c.length;
    this.errorf(`bad character ${formatRune(c)}`);
  }

  private lexIdentifier(): void {
    while (isAlphaNumeric(this.peek())) this.next();
    if (!this.atTerminator()) {
      this.badCharacter();
      return;
    }
    const word = this.input.slice(this.start, this.pos);
    const keyword = KEYWORDS.get(word);
    if (keyword !== undefined && keyword !== Item.Dot) {
      this.emit(keyword);
      return;
    }
    if (word === 'true' || word === 'false') {
      this.emit(Item.Bool);
      return;
    }
    this.emit(Item.Identifier);
  }

  private lexFieldOrVariable(type: Item): void {
    if (this.atTerminator()) {
      this.emit(type === Item.Variable ? Item.Variable : Item.Dot);
      return;
    }
    while (isAlphaNumeric(this.peek())) this.next();
    if (!this.atTerminator()) {
      this.badCharacter();
      return;
    }
    this.emit(type);
  }

  private lexChar(): void {
    for (;;) {
      let r = this.next();
      if (r === '\\') {
        r = this.next();
        if (r !== undefined && r !== '\n') continue;
      }
      if (r === undefined || r === '\n') {
        this.errorf('unterminated character constant');
        return;
      }
      if (r === "'") break;
    }
    this.emit(Item.CharConstant);
  }

  private lexNumber(): void {
    if (!this.scanNumber()) {
      this.errorf(`bad number syntax: ${JSON.stringify(this.input.slice(this.start, this.pos))}`);
      return;
    }
    this.emit(Item.Number);
  }

  private accept(valid: string): boolean {
    const c = this.peek();
    if (c !== undefined && valid.includes(c)) {
      this.pos++;
      return true;
    }
    return false;
  }

  private acceptRun(valid: string): void {
    while (this.accept(valid)) {}
  }

  private scanNumber(): boolean {
    this.accept('+-');
    let digits = '0123456789_';
    if (this.accept('0')) {
      if (this.accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (this.accept('oO')) digits = '01234567_';
      else if (this.accept('bB')) digits = '01_';
    }
    this.acceptRun(digits);
    if (this.accept('.')) this.acceptRun(digits);
    if (digits.length === 11 && this.accept('eE')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    if (digits.length === 23 && this.accept('pP')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    this.accept('i');
    if (isAlphaNumeric(this.peek())) {
      this.pos++;
      return false;
    }
    return true;
  }

  private lexQuote(): void {
    for (;;) {
      let r = this.next();
      if (r === '\\') {
        r = this.next();
        if (r !== undefined && r !== '\n') continue;
      }
      if (r === undefined || r === '\n') {
        this.errorf('unterminated quoted string');
        return;
      }
      if (r === '"') break;
    }
    this.emit(Item.String);
  }

  private lexRawQuote(): void {
    const x = this.input.indexOf('`', this.pos);
    if (x < 0) {
      this.errorf('unterminated raw quoted string');
      return;
    }
    this.line += countNewlines(this.input, this.pos, x);
    this.pos = x + 1;
    this.emit(Item.RawString);
  }
}

function hasLeftTrimMarker(input: string, at: number): boolean {
  return input[at] === '-' && isSpace(input[at + 1]);
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i >= 0 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Lexes the whole text at once; the last token is EOF or an error. */
export function lex(text: string): Token[] {
  return new Lexer(text).run();
}
