/**
 * The Sprig functions whose result depends on the clock or randomness. The `sprig` set
 * leaves them out; the `argocd` set keeps them, because Argo CD does.
 */
import { createCipheriv, createDecipheriv, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { def, type GoFunc } from '../signature.ts';
import { randomCryptoFuncs } from './crypto.ts';
import { clockFuncs } from './dates.ts';

const ALPHA = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const ASCII = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).join('');

function random(chars: string) {
  return (count: number) =>
    Array.from({ length: Math.max(count, 0) }, () => chars[randomInt(chars.length)]).join('');
}

function aes(password: string): Buffer {
  const key = Buffer.alloc(32);
  Buffer.from(password, 'utf8').copy(key);
  return key;
}

function encryptAES(password: string, plaintext: string): string {
  if (plaintext === '') return '';
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', aes(password), iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

function decryptAES(password: string, crypt64: string): string {
  if (crypt64 === '') return '';
  const data = Buffer.from(crypt64, 'base64');
  if (data.length < 16) throw new Error('ciphertext too short');
  const decipher = createDecipheriv('aes-256-cbc', aes(password), data.subarray(0, 16));
  return Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]).toString('utf8');
}

/** decryptAES is a function of its arguments; encryptAES draws a random IV. */
export const decryptFuncs: ReadonlyArray<[string, GoFunc]> = [
  ['decryptAES', def(['string', 'string'], decryptAES)],
];

/**
 * What depends on the clock or randomness: Sprig's "non-hermetic" random functions, now
 * and ago, and the salted or keyed crypto functions (bcrypt salts, keys, serial numbers,
 * certificate validity starting now).
 */
export const environmentFuncs: ReadonlyArray<[string, GoFunc]> = [
  ...clockFuncs,
  ['randAlphaNum', def(['int'], random(ALPHA + DIGITS))],
  ['randAlpha', def(['int'], random(ALPHA))],
  ['randAscii', def(['int'], random(ASCII))],
  ['randNumeric', def(['int'], random(DIGITS))],
  [
    'randInt',
    def(['int', 'int'], (min: number, max: number) => {
      if (max - min <= 0) throw new Error('invalid argument to Intn');
      return min + randomInt(max - min);
    }),
  ],
  ['randBytes', def(['int'], (n: number) => randomBytes(n).toString('base64'))],
  [
    'shuffle',
    def(['string'], (s: string) => {
      const a = Array.from(s);
      for (let i = a.length - 1; i > 0; i--) {
        const j = randomInt(i + 1);
        [a[i], a[j]] = [a[j]!, a[i]!];
      }
      return a.join('');
    }),
  ],
  ['uuidv4', def([], () => randomUUID())],
  ['encryptAES', def(['string', 'string'], encryptAES)],
  ...randomCryptoFuncs,
];

/**
 * What the `sprig` set leaves out: Sprig's own non-hermetic list (clock, randomness,
 * environment, network) and the other functions whose output is random.
 */
/**
 * What the `sprig` set leaves out: the functions above, and Sprig's environment and network
 * functions (env, expandenv, getHostByName), which no set here has: Argo CD deletes them.
 */
export const NON_DETERMINISTIC: ReadonlySet<string> = new Set([
  ...environmentFuncs.map(([name]) => name),
  'env',
  'expandenv',
  'getHostByName',
]);
