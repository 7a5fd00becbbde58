import { resolvePlainScalar } from './yaml-scalars.ts';
import {
  closeCurly,
  closeSquare,
  closingQuote,
  colon,
  comma,
  doubleQuote,
  hash,
  openCurly,
  openSquare,
  outside,
  singleQuote,
  skipSpaces,
  space,
  startsSpecially,
  unquote,
} from './yaml-subset.ts';

/**
 * A flow collection written on one line, for the block reader: `["get", "list"]`,
 * `{cpu: 100m, memory: 128Mi}`, `[{containerPort: 8080, name: http}]`, nested as deep as
 * it goes. Entries are plain or quoted scalars and collections; a pair must have its
 * `: `, a key must read as a string and appear once. Anything else — a collection going
 * on past its line, an empty entry or trailing comma, a key without a value, `[a: b]`, a
 * comment inside — declines the text, and js-yaml reads it.
 */
export function readFlowCollection(text: string, at: number, end: number): FlowRead {
  const reader = new FlowReader(text, end, at);
  const value = reader.node();
  return { value, next: reader.at };
}

interface FlowRead {
  value: unknown;
  /** Just after the collection's closing bracket. */
  next: number;
}

class FlowReader {
  constructor(
    private readonly text: string,
    private readonly end: number,
    public at: number,
  ) {}

  node(): unknown {
    const code = this.text.charCodeAt(this.at);
    if (code === openSquare) return this.sequence();
    if (code === openCurly) return this.mapping();
    if (code === doubleQuote || code === singleQuote) return this.quoted(code);
    return resolvePlainScalar(this.plain());
  }

  private sequence(): unknown[] {
    const list: unknown[] = [];
    if (this.open(closeSquare)) return list;
    do list.push(this.node());
    while (this.separator(closeSquare));
    return list;
  }

  private mapping(): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    if (this.open(closeCurly)) return map;
    do {
      const key = this.key();
      if (key === '__proto__' || Object.hasOwn(map, key)) outside();
      map[key] = this.node();
    } while (this.separator(closeCurly));
    return map;
  }

  /** Past an opening bracket; true (and past the closing one) when the collection is empty. */
  private open(close: number): boolean {
    this.at = skipSpaces(this.text, this.at + 1, this.end);
    if (this.text.charCodeAt(this.at) !== close) return false;
    this.at++;
    return true;
  }

  /** After an entry: true past a `,` before another entry, false past the closing bracket. */
  private separator(close: number): boolean {
    this.at = skipSpaces(this.text, this.at, this.end);
    const code = this.text.charCodeAt(this.at);
    this.at++;
    if (code === close) return false;
    if (code !== comma) outside();
    this.at = skipSpaces(this.text, this.at, this.end);
    const next = this.text.charCodeAt(this.at);
    if (this.at === this.end || next === closeSquare || next === closeCurly || next === comma)
      outside();
    return true;
  }

  /** A mapping key and its `: `, leaving the reader at the value. */
  private key(): string {
    const code = this.text.charCodeAt(this.at);
    const quoted = code === doubleQuote || code === singleQuote;
    const key = quoted ? this.quoted(code) : this.plain();
    if (!quoted && typeof resolvePlainScalar(key) !== 'string') outside();
    if (this.text.charCodeAt(this.at) !== colon || this.text.charCodeAt(this.at + 1) !== space)
      outside();
    this.at = skipSpaces(this.text, this.at + 2, this.end);
    return key;
  }

  private quoted(quote: number): string {
    const close = closingQuote(this.text, this.at + 1, this.end, quote);
    if (close === -1) outside();
    const value = unquote(this.text.slice(this.at + 1, close), quote);
    this.at = close + 1;
    return value;
  }

  /**
   * A plain scalar's text, up to a flow indicator or a `:` that separates a pair; the
   * reader stops there, after any spaces.
   */
  private plain(): string {
    const { text } = this;
    const from = this.at;
    if (from === this.end || startsSpecially(text, from, this.end)) outside();
    let i = from;
    for (; i < this.end; i++) {
      const c = text.charCodeAt(i);
      if (c === comma || c === openSquare || c === closeSquare) break;
      if (c === openCurly || c === closeCurly) break;
      if (c === hash && text.charCodeAt(i - 1) === space) outside();
      if (c === colon && this.endsPlain(i + 1)) break;
    }
    let last = i;
    while (text.charCodeAt(last - 1) === space) last--;
    if (last === from) outside();
    this.at = i;
    return text.slice(from, last);
  }

  /** Whether a `:` followed by offset `i` ends a plain scalar (a space, an indicator, the end). */
  private endsPlain(i: number): boolean {
    if (i === this.end) return true;
    const c = this.text.charCodeAt(i);
    return c === space || c === comma || c === closeSquare || c === closeCurly;
  }
}
