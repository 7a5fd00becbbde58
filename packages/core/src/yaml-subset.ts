/**
 * What the block and flow readers (block-yaml.ts, flow-yaml.ts) share: how they decline
 * a text, the characters they look for, and quoted and plain scalars' edges.
 */

/** Thrown, never shown: the text is outside the subset and js-yaml reads it instead. */
export const decline = new Error('outside the block YAML subset');

export function outside(): never {
  throw decline;
}

export const newline = 10;
export const space = 32;
export const hash = 35;
export const dash = 45;
export const colon = 58;
export const doubleQuote = 34;
export const singleQuote = 39;
export const comma = 44;
export const openSquare = 91;
export const closeSquare = 93;
export const openCurly = 123;
export const closeCurly = 125;
export const pipe = 124;

/** The first offset from `from` on that is not a space, or `end`. */
export function skipSpaces(text: string, from: number, end: number): number {
  let i = from;
  while (i < end && text.charCodeAt(i) === space) i++;
  return i;
}

/** Offset of the quote that closes a scalar, searched from `from` to `end`, or -1. */
export function closingQuote(text: string, from: number, end: number, quote: number): number {
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (quote === doubleQuote && c === 92 /* \ */) i++;
    else if (c === quote) {
      if (quote === singleQuote && text.charCodeAt(i + 1) === singleQuote) i++;
      else return i;
    }
  }
  return -1;
}

/** The text of a quoted scalar from what lies between its quotes. */
export function unquote(raw: string, quote: number): string {
  if (quote === singleQuote) return raw.includes("'") ? raw.replaceAll("''", "'") : raw;
  if (!raw.includes('\\')) return raw;
  // JSON's escapes mean the same in YAML; YAML's others (\x, \0, \N, \U…) go to js-yaml.
  if (/\\[^"\\bfnrtu]/.test(raw)) outside();
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return outside();
  }
}

/**
 * `raw` with the next line's `piece` of a quoted scalar folded on, after `breaks` blank
 * lines. Double-quoted text stays escaped (a newline is `\\n`) until unquote reads it.
 */
export function foldQuoted(raw: string, piece: string, breaks: number, quote: number): string {
  if (quote === doubleQuote) {
    let backslashes = 0;
    while (raw.charCodeAt(raw.length - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 1) {
      // An escaped line break: nothing is added, the next line's indent is dropped.
      if (breaks > 0) outside();
      return raw.slice(0, -1) + piece;
    }
  }
  let last = raw.length;
  while (raw.charCodeAt(last - 1) === space) last--;
  const joint = breaks === 0 ? ' ' : (quote === doubleQuote ? '\\n' : '\n').repeat(breaks);
  return raw.slice(0, last) + joint + piece;
}

/**
 * Whether a plain scalar cannot start at `at`: YAML's indicators, and `-` when it stands
 * alone. `-` before other text (`-7`, `--flag`) starts a plain scalar.
 */
export function startsSpecially(text: string, at: number, end: number): boolean {
  const code = text.charCodeAt(at);
  if (code === dash) return at + 1 === end || text.charCodeAt(at + 1) === space;
  return code < 128 && indicators[code] === 1;
}

/** `?:,[]{}#&*!|>'"%@` and the backquote, marked by character code. */
const indicators = new Uint8Array(128);
for (const c of '?:,[]{}#&*!|>\'"%@`') indicators[c.charCodeAt(0)] = 1;
