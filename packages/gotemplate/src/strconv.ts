/**
 * Go's strconv as fmt uses it: quoting strings and runes, and formatting floats with
 * the %e/%f/%g rules (shortest digits, two-digit exponents, the exponent threshold).
 */

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const PLAIN_ASCII = /^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/;

function isPrint(ch: string): boolean {
  return ch === ' ' || PRINTABLE.test(ch);
}

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}

function escapeRune(ch: string, quote: string, asciiOnly: boolean): string {
  const code = ch.codePointAt(0)!;
  if (ch === quote || ch === '\\') return `\\${ch}`;
  if (code < 0x80 ? code >= 0x20 && code !== 0x7f : !asciiOnly && isPrint(ch)) return ch;
  switch (ch) {
    case '\x07':
      return '\\a';
    case '\b':
      return '\\b';
    case '\f':
      return '\\f';
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    case '\v':
      return '\\v';
  }
  if (code < 0x20 || code === 0x7f) return `\\x${hex(code, 2)}`;
  if (code >= 0xd800 && code < 0xe000) return '\\ufffd';
  if (code < 0x10000) return `\\u${hex(code, 4)}`;
  return `\\U${hex(code, 8)}`;
}

/** strconv.Quote (or QuoteToASCII). */
export function quote(s: string, asciiOnly = false): string {
  if (PLAIN_ASCII.test(s)) return `"${s}"`;
  let out = '"';
  for (const ch of s) out += escapeRune(ch, '"', asciiOnly);
  return `${out}"`;
}

/** strconv.QuoteRune. */
export function quoteRune(code: number, asciiOnly = false): string {
  const ch =
    code > 0x10ffff || (code >= 0xd800 && code < 0xe000) ? '\ufffd' : String.fromCodePoint(code);
  return `'${escapeRune(ch, "'", asciiOnly)}'`;
}

/** strconv.CanBackquote. */
export function canBackquote(s: string): boolean {
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '`' || code === 0xfeff) return false;
    if (code < 0x20 ? ch !== '\t' : code === 0x7f) return false;
  }
  return true;
}

interface Decimal {
  digits: string;
  /** Position of the decimal point relative to the digits (Go's dp). */
  dp: number;
}

/** The shortest decimal digits that round-trip, or `sig` significant digits. */
function decimal(x: number, sig?: number): Decimal {
  if (x === 0) return { digits: '0', dp: 1 };
  const e = sig === undefined ? x.toExponential() : x.toExponential(Math.max(sig - 1, 0));
  const [mantissa, exponent] = e.split('e') as [string, string];
  return { digits: mantissa.replace('.', '').replace('-', ''), dp: Number(exponent) + 1 };
}

function formatE(neg: boolean, d: Decimal, prec: number, e: string): string {
  const digits = d.digits.padEnd(prec + 1, '0');
  const mantissa = prec > 0 ? `${digits[0]}.${digits.slice(1, prec + 1)}` : digits[0]!;
  const exp = d.digits === '0' ? 0 : d.dp - 1;
  const expText = String(Math.abs(exp)).padStart(2, '0');
  return `${neg ? '-' : ''}${mantissa}${e}${exp < 0 ? '-' : '+'}${expText}`;
}

function formatF(neg: boolean, d: Decimal, prec: number): string {
  let intPart: string;
  let frac: string;
  if (d.dp <= 0) {
    intPart = '0';
    frac = '0'.repeat(-d.dp) + d.digits;
  } else {
    intPart = d.digits.slice(0, d.dp).padEnd(d.dp, '0');
    frac = d.digits.slice(d.dp);
  }
  frac = frac.padEnd(prec, '0').slice(0, prec);
  return `${neg ? '-' : ''}${intPart}${prec > 0 ? `.${frac}` : ''}`;
}

/**
 * x.toFixed(prec), except that an exact tie rounds to even as Go's strconv does
 * (toFixed rounds ties up: 2.5 → "3" where Go prints "2").
 */
function roundHalfEven(x: number, prec: number): string {
  const exact = x.toFixed(100);
  const dot = exact.indexOf('.');
  const rest = exact.slice(dot + 1 + prec);
  if (!/^50*$/.test(rest)) return x.toFixed(prec);
  const kept = exact.slice(0, dot + 1 + prec).replace(/\.$/, '');
  const last = kept.replace('.', '').at(-1) ?? '0';
  return Number(last) % 2 === 0 ? kept : x.toFixed(prec);
}

/** Digits rounded to `n` places after the decimal point, as %f needs them. */
function fixed(x: number, prec: number): Decimal {
  if (Math.abs(x) < 1e21) {
    const s = roundHalfEven(Math.abs(x), Math.min(prec, 99));
    const [i, f = ''] = s.split('.') as [string, string?];
    const digits = (i === '0' ? '' : i) + f;
    const dp = i === '0' ? 0 : i.length;
    const trimmed = digits.replace(/^0+/, '');
    return { digits: trimmed || '0', dp: trimmed ? dp - (digits.length - trimmed.length) : 1 };
  }
  const d = decimal(x);
  return d;
}

/**
 * strconv.FormatFloat(x, fmt, prec, 64) for fmt in e, E, f, g, G; prec -1 means the
 * shortest representation that round-trips.
 */
export function formatFloat(x: number, fmt: 'e' | 'E' | 'f' | 'g' | 'G', prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  const abs = Math.abs(x);
  const shortest = prec < 0;
  switch (fmt) {
    case 'e':
    case 'E': {
      const d = decimal(abs, shortest ? undefined : prec + 1);
      return formatE(neg, d, shortest ? d.digits.length - 1 : prec, fmt);
    }
    case 'f': {
      if (shortest) {
        const d = decimal(abs);
        return formatF(neg, d, Math.max(d.digits.length - d.dp, 0));
      }
      const d = fixed(abs, prec);
      return formatF(neg, d, prec);
    }
    default: {
      let p = prec === 0 ? 1 : prec;
      const d = decimal(abs, shortest ? undefined : p);
      if (!shortest) d.digits = d.digits.replace(/0+$/, '') || '0';
      let eprec = shortest ? 6 : p;
      if (!shortest && eprec > d.digits.length && d.digits.length >= d.dp) eprec = d.digits.length;
      if (shortest) p = d.digits.length;
      const exp = d.dp - 1;
      if (abs !== 0 && (exp < -4 || exp >= eprec)) {
        return formatE(neg, d, Math.min(p, d.digits.length) - 1, fmt === 'g' ? 'e' : 'E');
      }
      return formatF(neg, d, Math.max(d.digits.length - d.dp, 0));
    }
  }
}
