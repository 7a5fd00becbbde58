/**
 * The Sprig functions whose result depends on the clock, randomness or the machine.
 * The `sprig` set leaves them out; the `argocd` set keeps them, because Argo CD does.
 * Dates are computed in UTC (Argo CD's controller image runs in UTC).
 */
import { createCipheriv, createDecipheriv, randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { GoValue } from '../../value.ts';
import { def, type GoFunc } from '../signature.ts';
import { toInt } from './convert.ts';
import { durationString, formatLayout, timeValue, toMillis } from './dates.ts';

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

function unsupported(name: string): GoFunc {
  return def(
    [],
    () => {
      throw new Error(`${name} is not supported by fleetops' Go template engine`);
    },
    'any',
  );
}

/** Names Sprig's own "non-hermetic" list gives, plus the other random functions. */
export const environmentFuncs: ReadonlyArray<[string, GoFunc]> = [
  ['now', def([], () => timeValue(Date.now()))],
  [
    'date',
    def(['string', 'any'], (f: string, d: GoValue) => formatLayout(new Date(toMillis(d)), f)),
  ],
  [
    'dateInZone',
    def(['string', 'any', 'string'], (f: string, d: GoValue) =>
      formatLayout(new Date(toMillis(d)), f),
    ),
  ],
  [
    'date_in_zone',
    def(['string', 'any', 'string'], (f: string, d: GoValue) =>
      formatLayout(new Date(toMillis(d)), f),
    ),
  ],
  ['htmlDate', def(['any'], (d: GoValue) => formatLayout(new Date(toMillis(d)), '2006-01-02'))],
  [
    'htmlDateInZone',
    def(['any', 'string'], (d: GoValue) => formatLayout(new Date(toMillis(d)), '2006-01-02')),
  ],
  ['unixEpoch', def(['any'], (d: GoValue) => String(Math.floor(toMillis(d) / 1000)))],
  [
    'ago',
    def(['any'], (d: GoValue) => durationString(Math.round((Date.now() - toMillis(d)) / 1000))),
  ],
  ['duration', def(['any'], (v: GoValue) => durationString(toInt(v)))],
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
  ['decryptAES', def(['string', 'string'], decryptAES)],
  ...[
    'toDate',
    'mustToDate',
    'dateModify',
    'date_modify',
    'mustDateModify',
    'must_date_modify',
    'durationRound',
    'bcrypt',
    'htpasswd',
    'genPrivateKey',
    'derivePassword',
    'buildCustomCert',
    'genCA',
    'genCAWithKey',
    'genSelfSignedCert',
    'genSelfSignedCertWithKey',
    'genSignedCert',
    'genSignedCertWithKey',
    'env',
    'expandenv',
    'getHostByName',
  ].map((name): [string, GoFunc] => [name, unsupported(name)]),
];

/**
 * What the `sprig` set leaves out: Sprig's own non-hermetic list (clock, randomness,
 * environment, network) and the other functions whose output is random.
 */
export const NON_DETERMINISTIC: ReadonlySet<string> = new Set([
  'date',
  'date_in_zone',
  'date_modify',
  'now',
  'htmlDate',
  'htmlDateInZone',
  'dateInZone',
  'dateModify',
  'randAlphaNum',
  'randAlpha',
  'randAscii',
  'randNumeric',
  'randBytes',
  'uuidv4',
  'env',
  'expandenv',
  'getHostByName',
  'randInt',
  'shuffle',
  'ago',
  'encryptAES',
  'bcrypt',
  'htpasswd',
  'genPrivateKey',
  'genCA',
  'genCAWithKey',
  'genSelfSignedCert',
  'genSelfSignedCertWithKey',
  'genSignedCert',
  'genSignedCertWithKey',
  'must_date_modify',
  'mustDateModify',
]);
