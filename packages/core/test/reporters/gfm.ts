import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

/**
 * Renders GitHub Flavored Markdown to HTML as GitHub's pipeline would before sanitising,
 * with raw HTML let through, so an injection shows up as a real tag in tests.
 */
export function gfmToHtml(markdown: string): string {
  return micromark(markdown, {
    allowDangerousHtml: true,
    extensions: [gfm()],
    htmlExtensions: [gfmHtml()],
  });
}

/** The text of an HTML fragment that may only contain `<br>` tags: entities decoded. */
export function textOf(fragment: string): string {
  return fragment
    .replace(/<br( \/)?>/g, '\n')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Every tag name in an HTML string, opening or closing. */
export function tagsOf(html: string): string[] {
  return [...html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => m[1]!.toLowerCase());
}
