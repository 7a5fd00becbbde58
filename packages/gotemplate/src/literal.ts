/**
 * Go literals as the parser reads them: strconv.Unquote for strings and character
 * constants, and the integer/float classification of parse.NumberNode.
 */

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

export class UnquoteError extends Error {
  constructor() {
    super('invalid syntax');
  }
}

/** strconv.Unquote for "..." `...` and '...' literals; throws "invalid syntax". */
export function unquote(quoted: string): string {
  const q = quoted[0];
  if (quoted.length < 2 || quoted[quoted.length - 1] !== q) throw new UnquoteError();
  const body = quoted.slice(1, -1);
  if (q === '`') {
    if (body.includes('`')) throw new UnquoteError();
    return body.replaceAll('\r', '');
  }
  if (q !== '"' && q !== "'") throw new UnquoteError();
  if (body.includes('\n')) throw new UnquoteError();
  let out = '';
  for (let i = 0; i < body.length; ) {
    const c = body[i]!;
    if (c === q) throw new UnquoteError();
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const [text, next] = unescapeAt(body, i + 1, q);
    out += text;
    i = next;
  }
  if (q === "'" && Array.from(out).length !== 1) throw new UnquoteError();
  return out;
}

function unescapeAt(body: string, i: number, quote: string): [string, number] {
  const e = body[i];
  if (e === undefined) throw new UnquoteError();
  const simple = SIMPLE_ESCAPES[e];
  if (simple !== undefined) return [simple, i + 1];
  if (e === quote) return [e, i + 1];
  const hexLength = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
  if (hexLength > 0) {
    const hex = body.slice(i + 1, i + 1 + hexLength);
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== hexLength) throw new UnquoteError();
    const code = Number.parseInt(hex, 16);
    if (code > 0x10ffff || (e !== 'x' && code >= 0xd800 && code < 0xe000)) throw new UnquoteError();
    return [String.fromCodePoint(code), i + 1 + hexLength];
  }
  if (e >= '0' && e <= '7') {
    const oct = body.slice(i, i + 3);
    if (!/^[0-7]{3}$/.test(oct)) throw new UnquoteError();
    const code = Number.parseInt(oct, 8);
    if (code > 255) throw new UnquoteError();
    return [String.fromCharCode(code), i + 3];
  }
  throw new UnquoteError();
}

export interface NumberLiteral {
  isInt: boolean;
  isUint: boolean;
  isFloat: boolean;
  int: number;
  float: number;
}

const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** parse.newNumber: which Go kinds the literal fits; throws Go's error text. */
export function parseNumber(text: string, charConstant: boolean): NumberLiteral {
  if (charConstant) {
    let rune: string;
    try {
      rune = unquote(text);
    } catch {
      throw new Error(`malformed character constant: ${text}`);
    }
    const code = rune.codePointAt(0) ?? 0;
    return { isInt: true, isUint: true, isFloat: true, int: code, float: code };
  }
  if (text.endsWith('i') && parseGoFloat(text.slice(0, -1)) !== undefined) {
    // Go accepts complex constants; no template data or function here can use one.
    throw new Error(`complex numbers are not supported: ${JSON.stringify(text)}`);
  }
  const big = parseGoInteger(text);
  const n: NumberLiteral = { isInt: false, isUint: false, isFloat: false, int: 0, float: 0 };
  if (big !== undefined) {
    if (big >= 0n && big <= UINT64_MAX) n.isUint = true;
    if (big >= -INT64_MAX - 1n && big <= INT64_MAX) n.isInt = true;
    if (n.isInt || n.isUint) {
      n.int = Number(big);
      n.isFloat = true;
      n.float = Number(big);
    }
  }
  if (!n.isInt && !n.isUint) {
    const f = parseGoFloat(text);
    if (f !== undefined) {
      if (!/[.eEpP]/.test(text)) throw new Error(`integer overflow: ${JSON.stringify(text)}`);
      n.isFloat = true;
      n.float = f;
      if (Number.isInteger(f) && Math.abs(f) < 2 ** 63) {
        n.isInt = true;
        n.int = f;
        if (f >= 0) n.isUint = true;
      }
    }
  }
  if (!n.isInt && !n.isUint && !n.isFloat) {
    throw new Error(`illegal number syntax: ${JSON.stringify(text)}`);
  }
  return n;
}

/** strconv.ParseInt(text, 0, 64) syntax, unbounded (bounds are the caller's). */
function parseGoInteger(text: string): bigint | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]*|[1-9][0-9_]*)$/.exec(
    text,
  );
  if (!m) return undefined;
  const sign = m[1] === '-' ? -1n : 1n;
  let digits = m[2]!;
  if (!validUnderscores(digits)) return undefined;
  digits = digits.replaceAll('_', '');
  if (/^0[0-7]+$/.test(digits)) digits = `0o${digits.slice(1)}`;
  return sign * BigInt(digits);
}

function validUnderscores(digits: string): boolean {
  if (!digits.includes('_')) return true;
  // Go allows "_" only between digits or after a base prefix.
  return !/__|_$/.test(digits) && (/^0[xXoObB]_?/.test(digits) || !digits.startsWith('_'));
}

function parseGoFloat(text: string): number | undefined {
  const clean = text.replaceAll('_', '');
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(clean)) return Number(clean);
  const hex = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/.exec(clean);
  if (hex) {
    const mantissa = Number.parseInt(`${hex[2] || '0'}${hex[3]}`, 16) / 16 ** hex[3]!.length;
    const value = mantissa * 2 ** Number(hex[4]);
    return hex[1] === '-' ? -value : value;
  }
  return undefined;
}
