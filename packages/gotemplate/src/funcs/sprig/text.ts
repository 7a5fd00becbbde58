/** Word and line helpers behind Sprig's string functions (goutils, xstrings, strings.Title). */
import { byteLen, byteSlice } from './bytes.ts';

export function abbreviate(str: string, offset0: number, maxWidth: number): string {
  if (str === '' || maxWidth < 4) return str;
  const n = byteLen(str);
  if (n <= maxWidth) return str;
  let offset = Math.min(offset0, n);
  if (n - offset < maxWidth - 3) offset = n - (maxWidth - 3);
  if (offset <= 4) return `${byteSlice(str, 0, maxWidth - 3)}...`;
  if (maxWidth < 7) return str;
  if (offset + maxWidth - 3 < n) return `...${abbreviate(byteSlice(str, offset), 0, maxWidth - 3)}`;
  return `...${byteSlice(str, n - (maxWidth - 3))}`;
}

const WORD_SEPARATOR = /[^\p{L}\p{N}_]/u;

/** strings.Title: upper-case the first letter of every word. */
export function title(s: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    out += WORD_SEPARATOR.test(prev) ? ch.toUpperCase() : ch;
    prev = ch;
  }
  return out;
}

export function mapWords(s: string, f: (first: string) => string): string {
  let out = '';
  let atStart = true;
  for (const ch of s) {
    if (/\s/.test(ch)) {
      atStart = true;
      out += ch;
    } else {
      out += atStart ? f(ch) : ch;
      atStart = false;
    }
  }
  return out;
}

export function swapCase(s: string): string {
  let out = '';
  for (const ch of s) {
    const upper = ch.toUpperCase();
    out += ch === upper ? ch.toLowerCase() : upper;
  }
  return out;
}

/** Words for snake/kebab case: acronyms stay together, a digit run joins what follows. */
export function words(s: string): string[] {
  return s.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+[a-z]*/g) ?? [];
}

export function camelCase(s: string): string {
  return s
    .split('_')
    .map((w, i, all) =>
      w === '' ? (i === 0 || i === all.length - 1 ? '_' : '') : w[0]!.toUpperCase() + w.slice(1),
    )
    .join('');
}

/** goutils.WrapCustom (Apache commons WordUtils.wrap). */
export function wrap(
  str: string,
  width0: number,
  newLine0: string,
  wrapLongWords: boolean,
): string {
  if (str === '') return '';
  const newLine = newLine0 === '' ? '\n' : newLine0;
  const width = Math.max(width0, 1);
  let out = '';
  let offset = 0;
  while (str.length - offset > width) {
    if (str[offset] === ' ') {
      offset++;
      continue;
    }
    const space = str.slice(offset, width + offset + 1).lastIndexOf(' ');
    if (space >= 0) {
      out += str.slice(offset, offset + space) + newLine;
      offset += space + 1;
    } else if (wrapLongWords) {
      out += str.slice(offset, offset + width) + newLine;
      offset += width;
    } else {
      const next = str.indexOf(' ', width + offset);
      if (next < 0) {
        out += str.slice(offset);
        offset = str.length;
      } else {
        out += str.slice(offset, next) + newLine;
        offset = next + 1;
      }
    }
  }
  return out + str.slice(offset);
}

export function trimCutset(s: string, cutset: string): string {
  const chars = new Set(Array.from(cutset));
  const a = Array.from(s);
  let i = 0;
  let j = a.length;
  while (i < j && chars.has(a[i]!)) i++;
  while (j > i && chars.has(a[j - 1]!)) j--;
  return a.slice(i, j).join('');
}
