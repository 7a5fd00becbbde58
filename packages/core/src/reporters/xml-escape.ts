import { wellFormed } from './unicode.ts';

/**
 * XML 1.0 allows only tab, LF, CR and U+0020 upwards (less surrogates, U+FFFE, U+FFFF); not
 * even a character reference can carry the others, so they become U+FFFD, the replacement
 * character, and the document stays well-formed whatever a manifest contains.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const illegalInXml = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g;

function legalXml(text: string): string {
  return wellFormed(text).replace(illegalInXml, '\uFFFD');
}

export function escapeXmlText(text: string): string {
  return legalXml(text).replace(/[&<>]/g, (c) => textEntities[c] ?? c);
}

/**
 * Also quotes, and tab/LF/CR as references: a parser normalises literal whitespace in an
 * attribute value to spaces, which would flatten a multi-line message.
 */
export function escapeXmlAttribute(text: string): string {
  return legalXml(text).replace(/[&<>"'\t\n\r]/g, (c) => attributeEntities[c] ?? c);
}

const textEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const attributeEntities: Record<string, string> = {
  ...textEntities,
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};
