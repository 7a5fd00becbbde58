// Go's formatting of values, as kubeconform's messages and outputs show them. kubeconform is
// written in Go; matching its bytes means matching fmt's %q and %v and encoding/json and
// encoding/xml escaping, which JavaScript's built-ins do differently.

const shortEscapes: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};

/** Go's strconv.Quote: control characters as \n, \x00 or \u0080 escapes, printable text as is. */
export function goQuote(text: string): string {
  let out = '"';
  for (const char of text) {
    const short = shortEscapes[char];
    const code = char.codePointAt(0)!;
    if (short !== undefined) out += short;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if ((code >= 0x80 && code < 0xa0) || code === 0xfffd)
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return `${out}"`;
}

/**
 * The quoting of santhosh-tekuri/jsonschema's messages (kind.quote): %q, then `\"` back to `"`
 * and `'` escaped, inside single quotes.
 */
export function schemaQuote(text: string): string {
  const quoted = goQuote(text).slice(1, -1).replaceAll('\\"', '"').replaceAll("'", "\\'");
  return `'${quoted}'`;
}

/** fmt's %v of a float64 (%g, shortest): an exponent below 1e-4 and from 1e6 up (`1e+06`). */
export function goFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const exponent = Math.floor(Math.log10(Math.abs(value)));
  if (exponent < -4 || exponent >= 6) return goExponent(value.toExponential());
  return String(value);
}

/**
 * strconv.FormatFloat(f, 'g', -1, 64), as encoding/xml writes a float attribute: the same
 * rule as %v (shortest %g uses precision 6 to choose between %e and %f).
 */
export const goFloatG = goFloat;

/** `1.5e-5` → `1.5e-05`: Go writes at least two exponent digits and always a sign. */
function goExponent(text: string): string {
  return text.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** A JSON string as Go's encoding/json writes it: HTML-safe (<, >, & escaped) and U+2028/9. */
export function goJsonString(text: string): string {
  return JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (char) => {
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/**
 * json.MarshalIndent(value, "", "  ") for plain JSON data whose key order is the struct's.
 * Empty arrays and objects print as [] and {}, as Go does.
 */
export function goJsonIndent(value: unknown, indent = ''): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goJsonString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => inner + goJsonIndent(item, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(
    ([, item]) => item !== undefined,
  );
  if (entries.length === 0) return '{}';
  const body = entries
    .map(([key, item]) => `${inner}${goJsonString(key)}: ${goJsonIndent(item, inner)}`)
    .join(',\n');
  return `{\n${body}\n${indent}}`;
}

/** encoding/xml's EscapeText, as used for attribute values and character data. */
export function goXmlEscape(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    switch (char) {
      case '"':
        out += '&#34;';
        break;
      case "'":
        out += '&#39;';
        break;
      case '&':
        out += '&amp;';
        break;
      case '<':
        out += '&lt;';
        break;
      case '>':
        out += '&gt;';
        break;
      case '\t':
        out += '&#x9;';
        break;
      case '\n':
        out += '&#xA;';
        break;
      case '\r':
        out += '&#xD;';
        break;
      default:
        // Characters XML 1.0 cannot hold become U+FFFD, as in Go.
        out += isXmlChar(code) ? char : '\uFFFD';
    }
  }
  return out;
}

function isXmlChar(code: number): boolean {
  return (
    code === 0x09 ||
    code === 0x0a ||
    code === 0x0d ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}
