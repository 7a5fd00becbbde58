/**
 * Lone UTF-16 surrogates cannot be written as UTF-8: encodeURIComponent throws on them and
 * XML forbids them. Repository text can carry them (a YAML `"\ud800"` escape), so reporters
 * that must emit well-formed text replace them with U+FFFD first.
 */
export function wellFormed(text: string): string {
  return text.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  );
}
