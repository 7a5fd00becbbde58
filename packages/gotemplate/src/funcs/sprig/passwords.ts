/**
 * Sprig's password functions: bcrypt and htpasswd (salted, so random) and derivePassword
 * (the Master Password algorithm, a function of its arguments).
 */
import { createHmac, scryptSync } from 'node:crypto';
import bcryptjs from 'bcryptjs';
import type { GoValue } from '../../value.ts';
import { def, type GoFunc } from '../signature.ts';

/** bcrypt.DefaultCost in golang.org/x/crypto/bcrypt. */
const BCRYPT_COST = 10;

function bcrypt(input: string): string {
  // Go's bcrypt rejects passwords over 72 bytes; Sprig prints the error as the result.
  if (Buffer.byteLength(input) > 72) {
    return 'failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes';
  }
  return bcryptjs.hashSync(input, BCRYPT_COST).replace(/^\$2b\$/, '$2a$');
}

function htpasswd(username: string, password: string): string {
  if (username.includes(':')) return `invalid username: ${username}`;
  return `${username}:${bcrypt(password)}`;
}

const MASTER_PASSWORD_SEED = 'com.lyndir.masterpassword';

const TEMPLATES: Record<string, string[]> = {
  maximum: ['anoxxxxxxxxxxxxxxxxx', 'axxxxxxxxxxxxxxxxxno'],
  long: [
    'CvcvnoCvcvCvcv',
    'CvcvCvcvnoCvcv',
    'CvcvCvcvCvcvno',
    'CvccnoCvcvCvcv',
    'CvccCvcvnoCvcv',
    'CvccCvcvCvcvno',
    'CvcvnoCvccCvcv',
    'CvcvCvccnoCvcv',
    'CvcvCvccCvcvno',
    'CvcvnoCvcvCvcc',
    'CvcvCvcvnoCvcc',
    'CvcvCvcvCvccno',
    'CvccnoCvccCvcv',
    'CvccCvccnoCvcv',
    'CvccCvccCvcvno',
    'CvcvnoCvccCvcc',
    'CvcvCvccnoCvcc',
    'CvcvCvccCvccno',
    'CvccnoCvcvCvcc',
    'CvccCvcvnoCvcc',
    'CvccCvcvCvccno',
  ],
  medium: ['CvcnoCvc', 'CvcCvcno'],
  short: ['Cvcn'],
  basic: ['aaanaaan', 'aannaaan', 'aaannaaa'],
  pin: ['nnnn'],
};

const CHARACTERS: Record<string, string> = {
  V: 'AEIOU',
  C: 'BCDFGHJKLMNPQRSTVWXYZ',
  v: 'aeiou',
  c: 'bcdfghjklmnpqrstvwxyz',
  A: 'AEIOUBCDFGHJKLMNPQRSTVWXYZ',
  a: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz',
  n: '0123456789',
  o: "@&%?,=[]_:-+*$#!'^~;()/.",
  x: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()',
};

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

/** Master Password: scrypt(N=32768, r=8, p=2) key, HMAC-SHA256 seed, template characters. */
function derivePassword(
  counter: GoValue,
  passwordType: string,
  password: string,
  user: string,
  site: string,
): string {
  const templates = TEMPLATES[passwordType];
  if (templates === undefined) return `cannot find password template ${passwordType}`;
  const seed = Buffer.from(MASTER_PASSWORD_SEED);
  const userBytes = Buffer.from(user);
  const salt = Buffer.concat([seed, uint32(userBytes.length), userBytes]);
  const key = scryptSync(Buffer.from(password), salt, 64, {
    N: 32768,
    r: 8,
    p: 2,
    maxmem: 64 * 1024 * 1024,
  });
  const siteBytes = Buffer.from(site);
  const message = Buffer.concat([
    seed,
    uint32(siteBytes.length),
    siteBytes,
    uint32((counter as { value: number }).value),
  ]);
  const hmac = createHmac('sha256', key).update(message).digest();
  const template = templates[hmac[0]! % templates.length]!;
  return Array.from(template, (ch, i) => {
    const chars = CHARACTERS[ch]!;
    return chars[hmac[i + 1]! % chars.length];
  }).join('');
}

export const passwordFuncs: ReadonlyArray<[string, GoFunc]> = [
  ['derivePassword', def(['uint32', 'string', 'string', 'string', 'string'], derivePassword)],
];

/** Salted with random bytes. */
export const saltedPasswordFuncs: ReadonlyArray<[string, GoFunc]> = [
  ['bcrypt', def(['string'], bcrypt)],
  ['htpasswd', def(['string', 'string'], htpasswd)],
];
