import { describe, expect, it } from 'vitest';
import { escapeXmlAttribute, escapeXmlText } from '../../src/reporters/index.ts';

describe('XML escaping', () => {
  it('escapes markup in text and quotes and line breaks in attributes', () => {
    expect(escapeXmlText('a < b && c > "d"')).toBe('a &lt; b &amp;&amp; c &gt; "d"');
    expect(escapeXmlAttribute(`"it's"\r\n\t<x>&`)).toBe(
      '&quot;it&apos;s&quot;&#13;&#10;&#9;&lt;x&gt;&amp;',
    );
  });

  it('replaces what XML 1.0 cannot carry at all, keeping astral characters and DEL', () => {
    expect(
      escapeXmlText('\u0000\u0008\u000b\u000c\u001f|\t\n\r|\ufffe\uffff|\ud800|\udc00|🚀\u007f'),
    ).toBe('\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD|\t\n\r|\uFFFD\uFFFD|\uFFFD|\uFFFD|🚀\u007f');
  });
});
