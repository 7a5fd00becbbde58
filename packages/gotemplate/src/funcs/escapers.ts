/** Go's html, js and urlquery builtins: text/template's own escapers, byte for byte. */
import { sprint } from '../formatter.ts';
import type { GoValue } from '../value.ts';

const HTML_SPECIAL = /["'&<>\0]/;
const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '"': '&#34;',
  "'": '&#39;',
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '\0': '\uFFFD',
};

/** evalArgs: the arguments as fmt.Sprint prints them; a missing value reads "<no value>". */
export function evalArgs(args: readonly GoValue[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args.map((a) => (a === undefined || a === null ? '<no value>' : a)));
}

export function htmlEscape(s: string): string {
  if (!HTML_SPECIAL.test(s)) return s;
  return s.replace(/["'&<>\0]/g, (c) => HTML_ESCAPES[c]!);
}

const JS_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '<': '\\u003C',
  '>': '\\u003E',
  '&': '\\u0026',
  '=': '\\u003D',
};
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

export function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    const simple = JS_ESCAPES[ch];
    if (simple !== undefined) out += simple;
    else if (code < 0x20) out += `\\u00${code.toString(16).toUpperCase().padStart(2, '0')}`;
    else if (code < 0x80 || PRINTABLE.test(ch)) out += ch;
    else out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return out;
}

/** url.QueryEscape: space becomes "+", every byte outside A-Z a-z 0-9 - _ . ~ is %XX. */
export function queryEscape(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replaceAll('%20', '+');
}
