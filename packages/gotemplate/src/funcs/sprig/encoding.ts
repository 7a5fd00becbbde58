/** Sprig's encodings, hashes, paths and URL helpers. */
import { createHash } from 'node:crypto';
import type { GoMap } from '../../value.ts';
import { def, type GoFunc } from '../signature.ts';

const B64 = /^[A-Za-z0-9+/]*={0,2}$/;
const B32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** base64.StdEncoding.DecodeString; a bad input yields Go's error text, as Sprig returns it. */
function b64dec(s: string): string {
  const bad = s.search(/[^A-Za-z0-9+/=]/);
  if (bad >= 0 || !B64.test(s) || s.length % 4 !== 0) {
    const at = bad >= 0 ? bad : s.length % 4 !== 0 ? s.length - (s.length % 4) : s.indexOf('=');
    return `illegal base64 data at input byte ${at}`;
  }
  return Buffer.from(s, 'base64').toString('utf8');
}

function b32enc(s: string): string {
  const bytes = Buffer.from(s, 'utf8');
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32_ALPHABET[(value << (5 - bits)) & 31];
  while (out.length % 8 !== 0) out += '=';
  return out;
}

function b32dec(s: string): string {
  const body = s.replace(/=+$/, '');
  const bad = body.search(/[^A-Z2-7]/);
  if (bad >= 0 || s.length % 8 !== 0)
    return `illegal base32 data at input byte ${bad >= 0 ? bad : s.length}`;
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const c of body) {
    value = (value << 5) | B32_ALPHABET.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out).toString('utf8');
}

/** path.Clean: Go's lexical path cleaning. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const parts: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else if (!rooted) parts.push('..');
    } else {
      parts.push(part);
    }
  }
  const joined = parts.join('/');
  return rooted ? `/${joined}` : joined || '.';
}

function basePath(p: string): string {
  if (p === '') return '.';
  const trimmed = p.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function dirPath(p: string): string {
  return cleanPath(p.slice(0, p.lastIndexOf('/') + 1));
}

function extPath(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) if (p[i] === '.') return p.slice(i);
  return '';
}

const URL_PATTERN =
  /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):)?(?:\/\/(?:([^@/?#]*)@)?([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/;

function urlParse(v: string): GoMap {
  const m = URL_PATTERN.exec(v)!;
  const scheme = m[1] ?? '';
  const host = m[3] ?? '';
  let path = m[4] ?? '';
  let opaque = '';
  if (scheme !== '' && m[3] === undefined && !path.startsWith('/')) {
    opaque = path;
    path = '';
  }
  const hostname = host.startsWith('[')
    ? host.slice(1, host.indexOf(']'))
    : host.replace(/:\d*$/, '');
  return {
    scheme: scheme.toLowerCase(),
    host,
    hostname,
    path: decodeURIComponentSafe(path),
    query: m[5] ?? '',
    opaque,
    fragment: decodeURIComponentSafe(m[6] ?? ''),
    userinfo: m[2] ?? '',
  };
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function urlJoin(d: GoMap): string {
  const get = (k: string): string => (typeof d[k] === 'string' ? (d[k] as string) : '');
  let out = get('scheme') ? `${get('scheme')}:` : '';
  if (get('opaque')) {
    out += get('opaque');
  } else {
    if (get('scheme') || get('host') || get('userinfo')) {
      out += `//${get('userinfo') ? `${get('userinfo')}@` : ''}${get('host')}`;
    }
    const path = encodeURI(get('path'));
    out += get('host') && path && !path.startsWith('/') ? `/${path}` : path;
  }
  if (get('query')) out += `?${get('query')}`;
  if (get('fragment')) out += `#${encodeURI(get('fragment'))}`;
  return out;
}

const hash = (algorithm: string) => (s: string) =>
  createHash(algorithm).update(s, 'utf8').digest('hex');

export const encodingFuncs: ReadonlyArray<[string, GoFunc]> = [
  ['b64enc', def(['string'], (s: string) => Buffer.from(s, 'utf8').toString('base64'))],
  ['b64dec', def(['string'], b64dec)],
  ['b32enc', def(['string'], b32enc)],
  ['b32dec', def(['string'], b32dec)],
  ['sha1sum', def(['string'], hash('sha1'))],
  ['sha256sum', def(['string'], hash('sha256'))],
  ['base', def(['string'], basePath)],
  ['dir', def(['string'], dirPath)],
  ['clean', def(['string'], cleanPath)],
  ['ext', def(['string'], extPath)],
  ['isAbs', def(['string'], (p: string) => p.startsWith('/'))],
  ['osBase', def(['string'], basePath)],
  ['osDir', def(['string'], dirPath)],
  ['osClean', def(['string'], cleanPath)],
  ['osExt', def(['string'], extPath)],
  ['osIsAbs', def(['string'], (p: string) => p.startsWith('/'))],
  ['urlParse', def(['string'], urlParse)],
  ['urlJoin', def(['map'], urlJoin)],
];
