import { describe, expect, it } from 'vitest';
import {
  encodePath,
  escapeMarkdown,
  escapeMarkdownUrl,
  markdownLink,
} from '../../src/reporters/index.ts';
import { gfmToHtml, tagsOf, textOf } from './gfm.ts';
import { adversarialFindings } from './sample-reports.ts';

const hostile = [
  ...adversarialFindings.map((f) => f.message),
  '**bold** __b__ *i* _i_ ~~strike~~ `tick` ``two``',
  '[link](https://evil.example) ![img](https://evil.example/x.png) [ref][1] [^note]',
  'bare https://evil.example/x www.evil.example me@example.com :rocket:',
  '<script>alert(1)</script> <a href="x">a</a> </details></summary><!-- c --> &amp; &#60;',
  'a | b || c \\| d',
  '# heading',
  '- item',
  '+ item',
  '1. first',
  '2) second',
  '===',
  '---',
  '> quote',
  '    indented code',
  '$x^2$ and $$y$$',
  'ping @org/team and @alice and me@example.com',
  'back\\slash \\* \\_ trailing\\',
  'tab\there',
];

/** What a reader should see: the same text, lines split, the mention broken by a joiner. */
function expectedText(raw: string): string {
  return (
    raw
      .replace(/\r\n|\r/g, '\n')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the controls escapeMarkdown replaces
      .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '\uFFFD')
      .replace(/@(?=[A-Za-z0-9])/g, '@\u200D')
  );
}

describe('escapeMarkdown', () => {
  it.each(hostile)('renders %j as exactly its own text in a paragraph', (raw) => {
    const html = gfmToHtml(escapeMarkdown(raw));
    expect(tagsOf(html).filter((tag) => tag !== 'br')).toEqual(['p', 'p']);
    const inner = html.replace(/^<p>/, '').replace(/<\/p>$/, '');
    expect(textOf(inner)).toBe(expectedText(raw));
  });

  it.each(hostile)('keeps %j inside one table cell', (raw) => {
    const html = gfmToHtml(`| a | b |\n| --- | --- |\n| ${escapeMarkdown(raw)} | end |\n`);
    const body = html.slice(html.indexOf('<tbody>'));
    expect(tagsOf(body).filter((tag) => tag === 'td')).toHaveLength(4);
    expect(body).toContain('<td>end</td>');
  });

  it('cannot close a surrounding <details> block, where backslash escapes would not hold', () => {
    const raw = 'x </details> <b>y</b>';
    const html = gfmToHtml(
      `<details><summary>${escapeMarkdown(raw)}</summary>\n\nbody\n\n</details>\n`,
    );
    expect(html.match(/<\/details>/g)).toHaveLength(1);
    expect(tagsOf(html)).not.toContain('b');
  });

  it('writes special characters as numeric references and line breaks as <br>', () => {
    expect(escapeMarkdown('a|b *c* <d>')).toBe('a&#124;b &#42;c&#42; &#60;d&#62;');
    expect(escapeMarkdown('one\r\ntwo\rthree\nfour')).toBe('one<br>two<br>three<br>four');
    expect(escapeMarkdown('- x')).toBe('&#45; x');
    expect(escapeMarkdown('12. x')).toBe('12&#46; x');
    expect(escapeMarkdown('cc @org/team')).toBe('cc @\u200Dorg/team');
    expect(escapeMarkdown('plain text, 10.0.0.0/16 ok')).toBe('plain text, 10.0.0.0/16 ok');
    expect(escapeMarkdown('see https://x.io or www.x.io')).toBe(
      'see https&#58;//x.io or www&#46;x.io',
    );
    expect(escapeMarkdown('  two blanks')).toBe('&#32;&#32;two blanks');
  });

  it('neutralises mentions: GitHub would link @name, not @<joiner>name', () => {
    const html = gfmToHtml(escapeMarkdown('@org/team @alice'));
    expect(html).not.toMatch(/@[A-Za-z0-9]/);
  });
});

describe('links', () => {
  it('encode a repository path segment by segment and keep the link whole', () => {
    expect(encodePath('apps/my app/values (prod).yaml')).toBe(
      'apps/my%20app/values%20%28prod%29.yaml',
    );
    expect(encodePath('clusters/ü/a#b?.yaml')).toBe('clusters/%C3%BC/a%23b%3F.yaml');
    expect(escapeMarkdownUrl('https://x.example/a b)(')).toBe('https://x.example/a%20b%29%28');
    const link = markdownLink(
      'values (prod).yaml:3',
      `https://x.example/${encodePath('values (prod).yaml')}#L3`,
    );
    expect(gfmToHtml(link)).toBe(
      '<p><a href="https://x.example/values%20%28prod%29.yaml#L3">values (prod).yaml:3</a></p>',
    );
  });
});
