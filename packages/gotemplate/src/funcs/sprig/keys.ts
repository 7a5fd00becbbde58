/**
 * Private keys as Sprig reads and writes them: PEM blocks named by key type (RSA PRIVATE
 * KEY, EC PRIVATE KEY, PRIVATE KEY, and Sprig's own DSA layout), genPrivateKey.
 */
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { bigint, bigintBytes, children, int, read, seq, uint } from './der.ts';

export function pem(type: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${type}-----\n${lines.join('\n')}\n-----END ${type}-----\n`;
}

export function pemDecode(text: string): { type: string; der: Buffer } | undefined {
  const m = /-----BEGIN ([^-\n]+)-----\r?\n([\s\S]*?)-----END \1-----/.exec(text);
  if (!m) return undefined;
  const body = m[2]!
    .split(/\r?\n/)
    .filter((line) => !line.includes(':'))
    .join('');
  return { type: m[1]!, der: Buffer.from(body, 'base64') };
}

/** A private key as Sprig's pemBlockForKey writes it. */
export function keyPem(key: KeyObject): string {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return key.export({ type: 'pkcs1', format: 'pem' }) as string;
    case 'ec':
      return key.export({ type: 'sec1', format: 'pem' }) as string;
    case 'dsa':
      return pem('DSA PRIVATE KEY', dsaKeyDer(key));
    default:
      return key.export({ type: 'pkcs8', format: 'pem' }) as string;
  }
}

/** Sprig's DSAKeyFormat: SEQUENCE { version, P, Q, G, Y, X } from a PKCS#8 DSA key. */
function dsaKeyDer(key: KeyObject): Buffer {
  const pkcs8 = children(read(key.export({ type: 'pkcs8', format: 'der' }) as Buffer).body);
  const [p, q, g] = children(children(pkcs8[1]!.body)[1]!.body).map(bigint) as [
    bigint,
    bigint,
    bigint,
  ];
  const x = bigint(read(pkcs8[2]!.body));
  const y = modPow(g, x, p);
  return seq(int(0), ...[p, q, g, y, x].map((n) => uint(bigintBytes(n))));
}

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
  }
  return result;
}

export function generatePrivateKey(type: string): string {
  switch (type) {
    case '':
    case 'rsa':
      return keyPem(generateKeyPairSync('rsa', { modulusLength: 4096 }).privateKey);
    case 'dsa':
      return keyPem(
        generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 }).privateKey,
      );
    case 'ecdsa':
      return keyPem(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
    case 'ed25519':
      return keyPem(generateKeyPairSync('ed25519').privateKey);
    default:
      return `Unknown type ${type}`;
  }
}

/** A key Go can parse but not sign with: Sprig's DSA format (crypto/dsa is no crypto.Signer). */
export const DSA = 'dsa';
export type PrivateKey = KeyObject | typeof DSA;

/** Sprig's parsePrivateKeyPEM, with its error texts. */
export function parsePrivateKeyPem(text: string): PrivateKey {
  const block = pemDecode(text);
  if (block === undefined) throw new Error('no PEM data in input');
  const load = (format: 'pkcs1' | 'pkcs8' | 'sec1', what: string) => {
    try {
      return createPrivateKey({ key: block.der, format: 'der', type: format });
    } catch (error) {
      throw new Error(`${what}: ${(error as Error).message}`);
    }
  };
  if (block.type === 'PRIVATE KEY') return load('pkcs8', 'decoding PEM as PKCS#8');
  if (!block.type.endsWith(' PRIVATE KEY'))
    throw new Error(`no private key data in PEM block of type ${block.type}`);
  switch (block.type.slice(0, -12)) {
    case 'RSA':
      return load('pkcs1', 'parsing RSA private key from PEM');
    case 'EC':
      return load('sec1', 'parsing EC private key from PEM');
    case 'DSA':
      try {
        children(read(block.der).body).map(bigint);
      } catch (error) {
        throw new Error(`parsing DSA private key from PEM: ${(error as Error).message}`);
      }
      return DSA;
    default:
      throw new Error(`invalid private key type ${block.type}`);
  }
}
