/**
 * The lexer: splits template text into items the way Go's text/template/parse lexer does,
 * including trim markers, comments and the exact error texts the parser later reports.
 *
 * This module holds the lexer's state and the text between actions (text, delimiters,
 * comments); inside an action, lexer-action scans and lexer-literal reads numbers and quotes.
 */
import { lexInsideAction } from './lexer-action.ts';
import { Item, isSpace, LEFT, LEFT_COMMENT, RIGHT, RIGHT_COMMENT, type Token } from './token.ts';

export class Lexer {
  readonly items: Token[] = [];
  /** Offset of the next character. */
  pos = 0;
  /** Offset where the current item starts. */
  start = 0;
  line = 1;
  startLine = 1;
  parenDepth = 0;
  insideAction = false;
  private done = false;

  constructor(readonly input: string) {}

  run(): Token[] {
    while (!this.done) {
      if (this.insideAction) lexInsideAction(this);
      else this.lexText();
    }
    return this.items;
  }

  // Reading and emitting.

  emit(type: Item): void {
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

  /** Emits the error item; lexing stops there. */
  errorf(message: string): void {
    this.items.push({ type: Item.Error, val: message, pos: this.start, line: this.startLine });
    this.done = true;
  }

  next(): string | undefined {
    if (this.pos >= this.input.length) {
      this.pos = this.input.length + 1;
      return undefined;
    }
    const c = this.input[this.pos]!;
    this.pos++;
    if (c === '\n') this.line++;
    return c;
  }

  backup(): void {
    if (this.pos > this.input.length) {
      this.pos = this.input.length;
      return;
    }
    this.pos--;
    if (this.input[this.pos] === '\n') this.line--;
  }

  peek(): string | undefined {
    return this.input[this.pos];
  }

  accept(valid: string): boolean {
    const c = this.peek();
    if (c !== undefined && valid.includes(c)) {
      this.pos++;
      return true;
    }
    return false;
  }

  acceptRun(valid: string): void {
    while (this.accept(valid)) {}
  }

  // Text, delimiters and comments.

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

  /** Whether a right delimiter starts here, and whether it has a trim marker. */
  atRightDelim(): [boolean, boolean] {
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

  lexRightDelim(trim: boolean): void {
    if (trim) {
      this.pos += 2;
      this.ignore();
    }
    this.pos += RIGHT.length;
    this.emit(Item.RightDelim);
    this.insideAction = false;
    if (trim) this.skipSpaceAfterTrim();
  }
}

function hasLeftTrimMarker(input: string, at: number): boolean {
  return input[at] === '-' && isSpace(input[at + 1]);
}

export function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i >= 0 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Lexes the whole text at once; the last token is EOF or an error. */
export function lex(text: string): Token[] {
  return new Lexer(text).run();
}
