import { readFlowCollection } from './flow-yaml.ts';
import { resolvePlainScalar } from './yaml-scalars.ts';
import {
  closingQuote,
  colon,
  dash,
  decline,
  doubleQuote,
  foldQuoted,
  hash,
  newline,
  openCurly,
  openSquare,
  outside,
  pipe,
  singleQuote,
  skipSpaces,
  space,
  startsSpecially,
  unquote,
} from './yaml-subset.ts';

/**
 * The fastest path of loading: a reader for the block-style YAML that Kubernetes
 * manifests are written in — block mappings and sequences, plain and quoted scalars (over
 * several lines too, folded as YAML folds them), literal block scalars, and flow
 * collections written on one line (flow-yaml.ts) — straight to values, about three times
 * faster than js-yaml, which spends most of its time on the generality this subset does
 * without. No YAML library on the registry reads faster than js-yaml, so this part is
 * ours; it is small because it declines: at the first thing outside the subset (flow
 * collections over several lines, folded or indented block scalars, anchors, tags,
 * complex keys, tabs, CR line ends, a key that is not a string or appears twice) it
 * returns undefined and js-yaml reads the file. Its answers are checked against the
 * careful reader (document.ts) in tests, on upstream CRDs and on generated YAML.
 *
 * A document is what lies between `---` lines; a prefix of only comments is none.
 */
export function readBlockYaml(text: string, facts: TextFacts = {}): BlockDocument[] | undefined {
  if (text.length > 0 && text.charCodeAt(text.length - 1) !== newline) return undefined;
  if (!facts.printableAscii && unusualCharacter.test(text)) return undefined;
  try {
    return new BlockReader(text).documents();
  } catch (error) {
    if (error === decline) return undefined;
    throw error;
  }
}

/** What is known of a text before it is read. */
export interface TextFacts {
  /**
   * It holds only printable ASCII and line feeds (its bytes were checked as they were
   * read, reader-thread.ts): nothing to look for that the subset leaves to js-yaml.
   */
  printableAscii?: boolean;
}

/** One document: its value (null when empty) and the offset where it starts. */
export interface BlockDocument {
  value: unknown;
  /** Its first content, or after the `---` (and spaces) of an empty document. */
  offset: number;
}

/**
 * Characters the subset leaves to js-yaml: tabs and CR (indentation and line-end rules),
 * the C0 and C1 controls and non-characters YAML forbids, YAML 1.1's other line breaks
 * (NEL, LS, PS), a BOM and lone surrogates.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const unusualCharacter = /[\0-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]/;

/** Where the reader stands: a line with content, a `---` line, or the end of the text. */
type Place = 'content' | 'marker' | 'end';

/** Implicit keys are at most 1024 characters long (YAML 1.2, 7.4.2). */
const maxKeyLength = 1024;

class BlockReader {
  /** Offset of the current line's first character. */
  private line = 0;
  /** Offset of the current line's `\n`. */
  private end = 0;
  /** Where the value of the key last read starts (key). */
  private valueStart = 0;
  /** Whether the plain line last read ended at a comment (plainLine). */
  private commented = false;
  /** Offset where the current node's text starts on this line, and its column. */
  private start = 0;
  private indent = 0;
  private place: Place = 'end';

  constructor(private readonly text: string) {}

  documents(): BlockDocument[] {
    const documents: BlockDocument[] = [];
    let marker = -1;
    for (;;) {
      this.skipToContent();
      if (this.place === 'content') {
        const offset = this.start;
        documents.push({ value: this.node(this.indent), offset });
        // Content left at a lower indent than the document's own is not one document.
        if (this.place === 'content') outside();
      } else if (marker !== -1) documents.push({ value: null, offset: marker });
      if (this.place === 'end') return documents;
      marker = this.markerLine();
    }
  }

  /**
   * A `---` line: anything but a comment after the marker is left to js-yaml. Returns
   * where an empty document would sit: after the marker and its spaces.
   */
  private markerLine(): number {
    const rest = this.firstNonSpace(this.line + 3);
    if (rest !== this.end && this.text.charCodeAt(rest) !== hash) outside();
    this.nextLine();
    return rest;
  }

  /** The block node whose first line is the current one, at column `indent`. */
  private node(indent: number): unknown {
    return this.isDashItem() ? this.sequence(indent) : this.mapping(indent);
  }

  /**
   * A block mapping at `indent`. `firstKey` is its first key when the caller has read it
   * already (with `valueStart` set by that read).
   */
  private mapping(indent: number, firstKey?: string): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    for (let key = firstKey ?? this.key(this.start); ; key = this.key(this.start)) {
      if (key === undefined) outside();
      if (key === '__proto__' || Object.hasOwn(map, key)) outside();
      map[key] = this.value(indent, this.valueStart);
      if (this.place !== 'content' || this.indent < indent) return map;
      if (this.indent > indent || this.isDashItem()) outside();
    }
  }

  /**
   * Entries collect on a stack shared by every sequence, nested ones above outer ones, and
   * leave it as an array of exactly their number: an array grown by push from empty keeps
   * room for 17, and every sequence here is kept.
   */
  private readonly entries: unknown[] = [];

  private sequence(indent: number): unknown[] {
    const { entries } = this;
    const mark = entries.length;
    for (;;) {
      entries.push(this.item(indent));
      const more =
        this.place === 'content' &&
        this.indent >= indent &&
        (this.indent > indent || this.isDashItem());
      if (!more) break;
      if (this.indent > indent) outside();
    }
    // A key at the sequence's own column (not a dash) means the sequence was a mapping
    // value written without indentation (`key:\n- a`), and that mapping goes on.
    const list = entries.slice(mark);
    entries.length = mark;
    return list;
  }

  /** One `- …` entry of a sequence at `indent`. */
  private item(indent: number): unknown {
    const at = this.firstNonSpace(this.start + 1);
    if (at === this.end || this.text.charCodeAt(at) === hash) return this.nested(indent, false);
    this.start = at;
    this.indent = at - this.line;
    if (this.isDashItem()) outside();
    // `- name: x` opens a mapping whose keys line up with `name`.
    const key = this.key(at);
    if (key !== undefined) return this.mapping(this.indent, key);
    return this.inlineValue(at, indent);
  }

  /**
   * What follows `key:` in a mapping at `indent`, from `from` on this line: a node on the
   * lines below, or a scalar on this one.
   */
  private value(indent: number, from: number): unknown {
    const at = this.firstNonSpace(from);
    if (at === this.end || this.text.charCodeAt(at) === hash) return this.nested(indent, true);
    return this.inlineValue(at, indent);
  }

  /** The node on the lines after an empty value, or null when none is indented under it. */
  private nested(indent: number, inMapping: boolean): unknown {
    this.nextLine();
    this.skipToContent();
    if (this.place !== 'content') return null;
    if (this.indent > indent) return this.node(this.indent);
    if (inMapping && this.indent === indent && this.isDashItem()) return this.sequence(indent);
    return null;
  }

  /** A scalar or a one-line flow collection at `at`, in a node at `indent`. */
  private inlineValue(at: number, indent: number): unknown {
    const code = this.text.charCodeAt(at);
    if (code === pipe) return this.literal(at, indent);
    const flow = code === openSquare || code === openCurly;
    if (!flow && code !== doubleQuote && code !== singleQuote) return this.plain(at, indent);
    const value = flow ? this.flow(at) : this.quoted(at, code, indent);
    this.nextLine();
    this.skipToContent();
    // A deeper line would continue a multi-line flow scalar, or be an error: js-yaml judges.
    if (this.place === 'content' && this.indent > indent) outside();
    return value;
  }

  /**
   * The key of a `key: value` line starting at `at`, or undefined when the line holds
   * something else; where its value starts is left in `valueStart`. A key must read as a
   * string under the plain-scalar rules.
   */
  private key(at: number): string | undefined {
    const { text } = this;
    const code = text.charCodeAt(at);
    if (code === doubleQuote || code === singleQuote) {
      const close = closingQuote(text, at + 1, this.end, code);
      if (close === -1 || text.charCodeAt(close + 1) !== colon) return undefined;
      if (!this.endsToken(close + 2)) return undefined;
      this.valueStart = close + 2;
      return unquote(text.slice(at + 1, close), code);
    }
    if (startsSpecially(text, at, this.end)) return undefined;
    // A `:` not followed by a space (`http://`) is key text.
    for (let i = this.nextColon(at); i !== -1 && i < this.end; i = this.nextColon(i + 1)) {
      if (!this.endsToken(i + 1)) continue;
      let last = i;
      while (text.charCodeAt(last - 1) === space) last--;
      // ` #` starts a comment: the line holds a scalar, not a key.
      if (this.commentBetween(at, i)) return undefined;
      this.valueStart = i + 1;
      const known = knownKeys.find(text, at, last);
      if (known !== undefined) return known;
      const key = text.slice(at, last);
      if (key.length > maxKeyLength || key === '<<') outside();
      if (typeof resolvePlainScalar(key) !== 'string') outside();
      knownKeys.store(text, at, last, key);
      return key;
    }
    return undefined;
  }

  /**
   * A plain scalar from `at`, in a node at `indent`: its first line and the lines below
   * indented deeper, folded as YAML folds them (a line break is a space, each blank line
   * a newline), up to a comment or a line that is not deeper.
   */
  private plain(at: number, indent: number): unknown {
    const { text } = this;
    if (startsSpecially(text, at, this.end)) outside();
    let value = this.plainLine(at);
    let ended = this.commented;
    let breaks = 0;
    this.nextLine();
    while (!ended && this.line < text.length) {
      this.end = text.indexOf('\n', this.line);
      const start = this.firstNonSpace(this.line);
      if (start === this.end) {
        breaks++;
        this.nextLine();
        continue;
      }
      if (start - this.line <= indent) break;
      // Indicators only matter at a scalar's start: `- x` or `[y]` here is more text. A
      // deeper comment ends the scalar and leaves what follows for js-yaml to judge.
      if (text.charCodeAt(start) === hash) outside();
      const line = this.plainLine(start);
      value += breaks === 0 ? ` ${line}` : `${'\n'.repeat(breaks)}${line}`;
      breaks = 0;
      ended = this.commented;
      this.nextLine();
    }
    this.skipToContent();
    if (this.place === 'content' && this.indent > indent) outside();
    return resolvePlainScalar(value);
  }

  /** One line of a plain scalar, up to a comment (`commented` says whether one follows). */
  private plainLine(at: number): string {
    const { text } = this;
    let last = this.end;
    let commented = false;
    for (let i = this.nextHash(at); i !== -1 && i < this.end; i = this.nextHash(i + 1))
      if (text.charCodeAt(i - 1) === space) {
        last = i;
        commented = true;
        break;
      }
    // `a: b: c` is not a scalar (and not valid YAML).
    for (let i = this.nextColon(at); i !== -1 && i < last; i = this.nextColon(i + 1))
      if (this.endsToken(i + 1)) outside();
    while (text.charCodeAt(last - 1) === space) last--;
    this.commented = commented;
    return knownValues.slice(text, at, last);
  }

  /**
   * A quoted scalar at `at`, in a node at `indent`. One that goes on past its line is
   * folded as YAML folds flow scalars: each line trimmed, a line break read as a space and
   * each blank line as a newline, a double-quoted line ending in `\` joined as it is.
   */
  private quoted(at: number, quote: number, indent: number): string {
    const { text } = this;
    let close = closingQuote(text, at + 1, this.end, quote);
    let raw = text.slice(at + 1, close === -1 ? this.end : close);
    let breaks = 0;
    while (close === -1) {
      this.nextLine();
      if (this.line >= text.length) outside();
      this.end = text.indexOf('\n', this.line);
      const first = this.firstNonSpace(this.line);
      if (first === this.end) {
        breaks++;
        continue;
      }
      if (first - this.line <= indent) outside();
      close = closingQuote(text, first, this.end, quote);
      raw = foldQuoted(raw, text.slice(first, close === -1 ? this.end : close), breaks, quote);
      breaks = 0;
    }
    this.restIsComment(close + 1);
    return unquote(raw, quote);
  }

  private flow(at: number): unknown {
    const { value, next } = readFlowCollection(this.text, at, this.end);
    this.restIsComment(next);
    return value;
  }

  /**
   * A literal block scalar `|`, `|-` or `|+` whose header is at `at`, in a node at
   * `indent`; its lines run while they are indented deeper than the first one's start.
   */
  private literal(at: number, indent: number): string {
    const { text } = this;
    const chomp = text.charCodeAt(at + 1);
    const keep = chomp === 43; /* + */
    const strip = chomp === dash;
    this.restIsComment(keep || strip ? at + 2 : at + 1);
    this.nextLine();
    const lines: string[] = [];
    let blockIndent = -1;
    let leadingBlanks = 0;
    let longestLeadingBlank = 0;
    let trailingBlanks = 0;
    while (this.line < text.length) {
      this.end = text.indexOf('\n', this.line);
      const first = this.firstNonSpace(this.line);
      if (first === this.end) {
        // A blank line: part of the scalar, unless it is only more spaces than its indent.
        const width = this.end - this.line;
        if (blockIndent === -1) {
          leadingBlanks++;
          longestLeadingBlank = Math.max(longestLeadingBlank, width);
        } else if (width > blockIndent) outside();
        else {
          trailingBlanks++;
          lines.push('');
        }
        this.line = this.end + 1;
        continue;
      }
      const column = first - this.line;
      if (blockIndent === -1) {
        if (column <= indent || longestLeadingBlank > column) outside();
        blockIndent = column;
        for (let i = 0; i < leadingBlanks; i++) lines.push('');
      } else if (column < blockIndent) break;
      lines.push(text.slice(this.line + blockIndent, this.end));
      trailingBlanks = 0;
      this.line = this.end + 1;
    }
    if (blockIndent === -1) outside();
    lines.length -= trailingBlanks;
    const body = lines.join('\n');
    this.skipToContent();
    if (strip) return body;
    return keep ? `${body}\n${'\n'.repeat(trailingBlanks)}` : `${body}\n`;
  }

  /** Only spaces and a comment may follow a scalar that ended before the line did. */
  private restIsComment(from: number): void {
    const at = this.firstNonSpace(from);
    if (at === this.end) return;
    if (at === from || this.text.charCodeAt(at) !== hash) outside();
  }

  /** Whether the current node starts with `-` as a sequence entry (`- x` or a bare `-`). */
  private isDashItem(): boolean {
    return this.text.charCodeAt(this.start) === dash && this.endsToken(this.start + 1);
  }

  /** Whether offset `i` is a space or the line's end: where `:` and `-` are indicators. */
  private endsToken(i: number): boolean {
    return i === this.end || this.text.charCodeAt(i) === space;
  }

  /**
   * The next `:` and `#` at or after an offset, by indexOf — a native scan — remembered:
   * the reader only moves forward, so each character is scanned once, however far the
   * next one is.
   */
  private colonAt = -2;
  private hashAt = -2;

  private nextColon(from: number): number {
    if (this.colonAt < from && this.colonAt !== -1) this.colonAt = this.text.indexOf(':', from);
    return this.colonAt;
  }

  /** Whether a ` #` (a comment's start) lies in [from, to). */
  private commentBetween(from: number, to: number): boolean {
    for (let i = this.nextHash(from); i !== -1 && i < to; i = this.nextHash(i + 1))
      if (this.text.charCodeAt(i - 1) === space) return true;
    return false;
  }

  private nextHash(from: number): number {
    if (this.hashAt < from && this.hashAt !== -1) this.hashAt = this.text.indexOf('#', from);
    return this.hashAt;
  }

  private firstNonSpace(from: number): number {
    return skipSpaces(this.text, from, this.end);
  }

  private nextLine(): void {
    this.line = this.end + 1;
  }

  /** Moves past blank and comment lines to the next line with content, a marker or the end. */
  private skipToContent(): void {
    const { text } = this;
    while (this.line < text.length) {
      this.end = text.indexOf('\n', this.line);
      const first = this.firstNonSpace(this.line);
      if (first === this.end || text.charCodeAt(first) === hash) {
        this.line = this.end + 1;
        continue;
      }
      if (first === this.line && isMarker(text, first, this.end)) {
        this.place = 'marker';
        return;
      }
      this.place = 'content';
      this.start = first;
      this.indent = first - this.line;
      return;
    }
    this.place = 'end';
  }
}

/**
 * Short texts read before, found by their length and first and last characters: manifests
 * repeat a small vocabulary of keys and values. A text found here is not sliced again;
 * as a key, it is not checked again, and it is already the string V8 keeps for the
 * property's name rather than a copy to look up. A slot holds the text last stored in it.
 */
class KnownTexts {
  private readonly slots: (string | undefined)[] = new Array(1024).fill(undefined);

  constructor(private readonly maxLength: number) {}

  /** text[from, to) when it was stored and is still in its slot. */
  find(text: string, from: number, to: number): string | undefined {
    const known = this.slots[slot(text, from, to)];
    if (known === undefined || known.length !== to - from || !text.startsWith(known, from))
      return undefined;
    return known;
  }

  store(text: string, from: number, to: number, value: string): void {
    if (to - from <= this.maxLength) this.slots[slot(text, from, to)] = value;
  }

  /** text[from, to), the known string when there is one. */
  slice(text: string, from: number, to: number): string {
    const known = this.find(text, from, to);
    if (known !== undefined) return known;
    const value = text.slice(from, to);
    this.store(text, from, to, value);
    return value;
  }
}

function slot(text: string, from: number, to: number): number {
  return ((to - from) * 961 + text.charCodeAt(from) * 31 + text.charCodeAt(to - 1)) & 1023;
}

/** Keys that read as strings (checked before they are stored), and plain values' texts. */
const knownKeys = new KnownTexts(40);
const knownValues = new KnownTexts(24);

/** `---` at a line's start, followed by a space or the line's end. */
function isMarker(text: string, at: number, end: number): boolean {
  return text.startsWith('---', at) && (at + 3 === end || text.charCodeAt(at + 3) === space);
}
