/**
 * The Sprig functions whose result depends on the clock, randomness or the machine.
 * The `sprig` set leaves them out; the `argocd` set keeps them, because Argo CD does.
 * Dates are computed in UTC (Argo CD's controller image runs in UTC).
 */
import { createCipheriv, createDecipheriv, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { GoNumber, GoStruct, type GoValue, num } from '../../value.ts';
import { def, type GoFunc } from '../signature.ts';
import { toInt } from './convert.ts';

const ALPHA = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const ASCII = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).join('');

function random(chars: string) {
  return (count: number) =>
    Array.from({ length: Math.max(count, 0) }, () => chars[randomInt(chars.length)]).join('');
}

function timeValue(ms: number): GoStruct {
  const d = new Date(ms);
  return new GoStruct(
    'time.Time',
    {},
    { Unix: () => new GoNumber('int64', Math.floor(ms / 1000)) },
    () => `${formatLayout(d, '2006-01-02 15:04:05.999999999 -0700')} UTC`,
  );
}

function toMillis(v: GoValue): number {
  if (v instanceof GoStruct && v.typeName === 'time.Time') return num(v.methods.Unix!()) * 1000;
  if (typeof v === 'number' || v instanceof GoNumber) return num(v) * 1000;
  return Date.now();
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const LAYOUT_TOKENS =
  /2006|January|Jan|Monday|Mon|MST|Z07:00|Z0700|-07:00|-0700|\.0+|\.9+|01|02|_2|03|04|05|06|15|PM|pm|1|2|3|4|5/g;

/** time.Format with Go's reference-time layout, in UTC. */
export function formatLayout(d: Date, layout: string): string {
  const p2 = (n: number) => String(n).padStart(2, '0');
  const h12 = d.getUTCHours() % 12 || 12;
  return layout.replace(LAYOUT_TOKENS, (t) => {
    if (t.startsWith('.0'))
      return `.${String(d.getUTCMilliseconds())
        .padStart(3, '0')
        .padEnd(t.length - 1, '0')
        .slice(0, t.length - 1)}`;
    if (t.startsWith('.9')) {
      const frac = String(d.getUTCMilliseconds()).padStart(3, '0').replace(/0+$/, '');
      return frac ? `.${frac.slice(0, t.length - 1)}` : '';
    }
    switch (t) {
      case '2006':
        return String(d.getUTCFullYear());
      case '06':
        return p2(d.getUTCFullYear() % 100);
      case 'January':
        return MONTHS[d.getUTCMonth()]!;
      case 'Jan':
        return MONTHS[d.getUTCMonth()]!.slice(0, 3);
      case '01':
        return p2(d.getUTCMonth() + 1);
      case '1':
        return String(d.getUTCMonth() + 1);
      case 'Monday':
        return DAYS[d.getUTCDay()]!;
      case 'Mon':
        return DAYS[d.getUTCDay()]!.slice(0, 3);
      case '02':
        return p2(d.getUTCDate());
      case '_2':
        return String(d.getUTCDate()).padStart(2, ' ');
      case '2':
        return String(d.getUTCDate());
      case '15':
        return p2(d.getUTCHours());
      case '03':
        return p2(h12);
      case '3':
        return String(h12);
      case '04':
        return p2(d.getUTCMinutes());
      case '4':
        return String(d.getUTCMinutes());
      case '05':
        return p2(d.getUTCSeconds());
      case '5':
        return String(d.getUTCSeconds());
      case 'PM':
        return d.getUTCHours() >= 12 ? 'PM' : 'AM';
      case 'pm':
        return d.getUTCHours() >= 12 ? 'pm' : 'am';
      case 'MST':
        return 'UTC';
      case 'Z07:00':
      case 'Z0700':
        return 'Z';
      case '-07:00':
        return '+00:00';
      default:
        return '+0000';
    }
  });
}

/** time.Duration.String for whole seconds: 1h2m3s, 45s, 0s. */
function durationString(seconds: number): string {
  if (seconds === 0) return '0s';
  const sign = seconds < 0 ? '-' : '';
  let s = Math.abs(seconds);
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  return `${sign}${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
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
