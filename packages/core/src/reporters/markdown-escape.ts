import { wellFormed } from './unicode.ts';

/**
 * Repository text (messages, file names, rule data) rendered into GitHub Markdown: job
 * summaries, PR comments, issue bodies. It must read as the same characters and never as
 * markup: no emphasis, links, images, tables cells split by `|`, raw HTML such as
 * `</details>`, headings, lists, math, and no @-mention that pings a person or team.
 *
 * Special characters become numeric character references rather than backslash escapes,
 * because references also hold inside raw HTML blocks (`<details>`, `<summary>`), where
 * backslashes would show literally; CommonMark never reads a reference as markup.
 */

/**
 * Inline markup, HTML, table cells, math, quoting of attribute values, and `:` so that
 * neither a URL (`https://…`, which GFM links by itself) nor an emoji code becomes markup.
 */
const inlineSpecial = /[\\`*_[\]<>#!|~&"'$^{}:]/g;

/** GFM also links a bare `www.example.com`; the dot after `www` keeps it text. */
const bareWww = /(?<=\bwww)\./gi;

/** C0 controls other than tab would reach the page as garbage; line breaks are handled apart. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const controls = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;

/**
 * A mention is `@` followed by a letter or digit; a zero-width joiner between the two keeps
 * the text visible and breaks the mention (GitHub matches mentions after rendering, so an
 * entity for `@` would not).
 */
const mention = /@(?=[A-Za-z0-9])/g;
const zeroWidthJoiner = '\u200D';

/** Escapes text for inline use (a table cell, a paragraph); line breaks become `<br>`. */
export function escapeMarkdown(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map(escapeLine)
    .join('<br>');
}

function escapeLine(line: string): string {
  const escaped = line
    .replace(controls, '\uFFFD')
    .replace(inlineSpecial, reference)
    .replace(bareWww, reference)
    .replace(mention, `@${zeroWidthJoiner}`);
  return escapeLineStart(escaped);
}

/**
 * Block markers only count at the start of a line: a list (`- `, `+ `, `1. `, `1) `), a
 * setext underline or thematic break (`=`, `-`), an indented code block (leading blanks),
 * a block quote (`>`, already a reference).
 */
function escapeLineStart(line: string): string {
  const blanks = /^[ \t]+/.exec(line)?.[0];
  if (blanks !== undefined) return [...blanks].map(reference).join('') + line.slice(blanks.length);
  const ordered = /^(\d+)([.)])/.exec(line);
  if (ordered) return `${ordered[1]}${reference(ordered[2] ?? '')}${line.slice(ordered[0].length)}`;
  const first = line[0];
  return first === '-' || first === '+' || first === '=' ? reference(first) + line.slice(1) : line;
}

function reference(char: string): string {
  return `&#${char.codePointAt(0)};`;
}

/**
 * A URL for `[text](url)`: characters that would end the destination or the link are
 * percent-encoded. The URL itself comes from our configuration, not from the repository.
 */
export function escapeMarkdownUrl(url: string): string {
  return url.replace(/[ \t\n\r()<>"'\\`]/g, percent);
}

function percent(char: string): string {
  return `%${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(2, '0')}`;
}

export function markdownLink(text: string, url: string): string {
  return `[${escapeMarkdown(text)}](${escapeMarkdownUrl(url)})`;
}

/** A repository path as a URL path: every segment percent-encoded, slashes kept. */
export function encodePath(file: string): string {
  return wellFormed(file)
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[()'!*]/g, percent))
    .join('/');
}
