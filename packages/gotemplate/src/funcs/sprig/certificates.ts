/**
 * Sprig's certificate functions: genCA, genSelfSignedCert, genSignedCert (and their
 * *WithKey forms) and buildCustomCert, building the certificate Sprig's template describes
 * as Go's crypto/x509.CreateCertificate lays it out.
 */
import {
  createHash,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
  X509Certificate,
} from 'node:crypto';
import { isIP } from 'node:net';
import { GoStruct, type GoValue, typeName } from '../../value.ts';
import { def, type GoFunc } from '../signature.ts';
import {
  bits,
  bool,
  children,
  explicit,
  int,
  nullValue,
  octets,
  oid,
  read,
  seq,
  set,
  time,
  tlv,
  uint,
} from './der.ts';
import { DSA, keyPem, type PrivateKey, parsePrivateKeyPem, pem, pemDecode } from './keys.ts';

const OID = {
  cn: '2.5.4.3',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  basicConstraints: '2.5.29.19',
  subjectKeyId: '2.5.29.14',
  authorityKeyId: '2.5.29.35',
  subjectAltName: '2.5.29.17',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  ecdsaWithSHA384: '1.2.840.10045.4.3.3',
  ecdsaWithSHA512: '1.2.840.10045.4.3.4',
  ed25519: '1.3.101.112',
};

/** x509.KeyUsage bits, numbered as Go numbers them (bit 0 = digitalSignature). */
const KEY_USAGE = { digitalSignature: 0, keyEncipherment: 2, certSign: 5 };

/** Go's default signature algorithm for a key: SHA-256 with RSA, ECDSA by curve, Ed25519. */
function signatureAlgorithm(key: KeyObject): { id: Buffer; hash: string | null } {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return { id: seq(oid(OID.sha256WithRSA), nullValue()), hash: 'sha256' };
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      if (curve === 'secp384r1') return { id: seq(oid(OID.ecdsaWithSHA384)), hash: 'sha384' };
      if (curve === 'secp521r1') return { id: seq(oid(OID.ecdsaWithSHA512)), hash: 'sha512' };
      return { id: seq(oid(OID.ecdsaWithSHA256)), hash: 'sha256' };
    }
    case 'ed25519':
      return { id: seq(oid(OID.ed25519)), hash: null };
    default:
      throw new Error('error creating certificate: x509: unknown SignatureAlgorithm');
  }
}

function keyUsageBits(usages: number[]): Buffer {
  let value = 0;
  for (const u of usages) value |= 0x80 >> u;
  // DER: trailing zero bits are dropped and counted as unused.
  let unused = 0;
  while (unused < 8 && !(value & (1 << unused))) unused++;
  return tlv(0x03, Buffer.from([unused, value]));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? seq(oid(id), bool(true), octets(value)) : seq(oid(id), octets(value));
}

/** The certificate Sprig's getBaseCertTemplate describes. */
interface CertTemplate {
  cn: string;
  ips: Buffer[];
  dnsNames: string[];
  daysValid: number;
  isCA: boolean;
}

function goPrint(v: GoValue): string {
  if (v === null || v === undefined) return '<nil>';
  return typeof v === 'object' ? typeName(v) : String(v);
}

function netIPs(ips: GoValue[] | null): Buffer[] {
  return (ips ?? []).map((ip) => {
    if (typeof ip !== 'string') throw new Error(`error parsing ip: ${goPrint(ip)} is not a string`);
    const bytes = ipBytes(ip);
    if (bytes === undefined) throw new Error(`error parsing ip: ${ip}`);
    return bytes;
  });
}

/** net.ParseIP as x509 encodes it: 4 bytes for IPv4, 16 for IPv6; undefined if invalid. */
function ipBytes(ip: string): Buffer | undefined {
  const kind = isIP(ip);
  if (kind === 4) return Buffer.from(ip.split('.').map(Number));
  if (kind !== 6 || ip.includes('%')) return undefined;
  const expand = (part: string) =>
    part === ''
      ? []
      : part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [group];
          const b = group.split('.').map(Number);
          return [((b[0]! << 8) | b[1]!).toString(16), ((b[2]! << 8) | b[3]!).toString(16)];
        });
  const [head = '', tail] = ip.split('::');
  const h = expand(head);
  const t = tail === undefined ? [] : expand(tail);
  const groups = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return Buffer.from(groups.map((g) => g.padStart(4, '0')).join(''), 'hex');
}

function dnsStrings(names: GoValue[] | null): string[] {
  return (names ?? []).map((name) => {
    if (typeof name !== 'string') {
      throw new Error(`error processing alternate dns name: ${goPrint(name)} is not a string`);
    }
    return name;
  });
}

/** A CA's SubjectKeyId as Go 1.25+ derives it: SHA-256 of the key bits, truncated to 160 bits. */
function keyId(publicKey: KeyObject): Buffer {
  const spki = children(read(publicKey.export({ type: 'spki', format: 'der' }) as Buffer).body);
  return createHash('sha256').update(spki[1]!.body.subarray(1)).digest().subarray(0, 20);
}

/** A Name holding only a CommonName, PrintableString when the text allows it, as Go writes it. */
function commonName(cn: string): Buffer {
  const printable = /^[A-Za-z0-9 '()+,\-./:=?*&]*$/.test(cn);
  return seq(set(seq(oid(OID.cn), tlv(printable ? 0x13 : 0x0c, Buffer.from(cn)))));
}

interface Issuer {
  /** The issuer's subject Name, DER. */
  subject: Buffer;
  subjectKeyId: Buffer | undefined;
  key: KeyObject;
}

/** x509.CreateCertificate for Sprig's template; self-signed without an issuer. */
function createCertificate(
  template: CertTemplate,
  publicKey: KeyObject,
  privateKey: KeyObject,
  parent?: Issuer,
): string {
  const subject = commonName(template.cn);
  const skid = template.isCA ? keyId(publicKey) : undefined;
  const issuer = parent ?? { subject, subjectKeyId: skid, key: privateKey };
  const usages = [KEY_USAGE.digitalSignature, KEY_USAGE.keyEncipherment];
  if (template.isCA) usages.push(KEY_USAGE.certSign);
  const extensions = [
    extension(OID.keyUsage, true, keyUsageBits(usages)),
    extension(OID.extKeyUsage, false, seq(oid(OID.serverAuth), oid(OID.clientAuth))),
    extension(OID.basicConstraints, true, template.isCA ? seq(bool(true)) : seq()),
  ];
  if (skid) extensions.push(extension(OID.subjectKeyId, false, octets(skid)));
  if (issuer.subjectKeyId && !issuer.subject.equals(subject)) {
    extensions.push(extension(OID.authorityKeyId, false, seq(tlv(0x80, issuer.subjectKeyId))));
  }
  if (template.dnsNames.length > 0 || template.ips.length > 0) {
    const names = [
      ...template.dnsNames.map((name) => tlv(0x82, Buffer.from(name))),
      ...template.ips.map((ip) => tlv(0x87, ip)),
    ];
    extensions.push(extension(OID.subjectAltName, false, seq(...names)));
  }
  const algorithm = signatureAlgorithm(issuer.key);
  const now = Date.now();
  const tbs = seq(
    explicit(0, int(2)),
    uint(randomBytes(16)), // Go: a random serial below 2^128
    algorithm.id,
    issuer.subject,
    seq(time(now), time(now + template.daysValid * 86_400_000)),
    subject,
    publicKey.export({ type: 'spki', format: 'der' }) as Buffer,
    explicit(3, seq(...extensions)),
  );
  const signature = sign(algorithm.hash, tbs, issuer.key);
  return pem('CERTIFICATE', seq(tbs, algorithm.id, bits(signature)));
}

function certificate(cert: string, key: string): GoStruct {
  return new GoStruct('sprig.certificate', { Cert: cert, Key: key });
}

/** A certificate's subject Name and SubjectKeyId, read from its DER. */
function certificateNames(der: Buffer): { subject: Buffer; subjectKeyId: Buffer | undefined } {
  const tbs = children(children(read(der).body)[0]!.body);
  const offset = tbs[0]!.tag === 0xa0 ? 1 : 0;
  const subject = tbs[offset + 4]!.raw;
  let subjectKeyId: Buffer | undefined;
  const extensions = tbs.find((el) => el.tag === 0xa3);
  for (const ext of extensions ? children(read(extensions.body).body) : []) {
    const [id, ...rest] = children(ext.body);
    if (id!.raw.equals(oid(OID.subjectKeyId))) subjectKeyId = read(rest.at(-1)!.body).body;
  }
  return { subject, subjectKeyId };
}

/** The CA a genSignedCert* call names, as its issuer. */
function issuerOf(ca: GoStruct): Issuer | typeof DSA {
  const block = pemDecode(String(ca.fields.Cert ?? ''));
  if (block === undefined) throw new Error('unable to decode certificate');
  try {
    new X509Certificate(block.der);
  } catch (error) {
    throw new Error(
      `error parsing certificate: decodedSignerCert.Bytes: ${(error as Error).message}`,
    );
  }
  let key: PrivateKey;
  try {
    key = parsePrivateKeyPem(String(ca.fields.Key ?? ''));
  } catch (error) {
    throw new Error(`error parsing private key: ${(error as Error).message}`);
  }
  return key === DSA ? DSA : { ...certificateNames(block.der), key };
}

const NOT_A_SIGNER =
  'error creating certificate: x509: certificate private key does not implement crypto.Signer';

function generate(template: CertTemplate, key?: PrivateKey, ca?: GoStruct): GoStruct {
  const priv = key ?? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const issuer = ca === undefined ? undefined : issuerOf(ca);
  if (issuer === DSA || (issuer === undefined && priv === DSA)) throw new Error(NOT_A_SIGNER);
  if (priv === DSA) {
    throw new Error(
      'error creating certificate: x509: unsupported public key type: *dsa.PublicKey',
    );
  }
  const cert = createCertificate(template, createPublicKey(priv), priv, issuer);
  return certificate(cert, keyPem(priv));
}

function withKey(keyPemText: string): PrivateKey {
  try {
    return parsePrivateKeyPem(keyPemText);
  } catch (error) {
    throw new Error(`parsing private key: ${(error as Error).message}`);
  }
}

function template(
  cn: string,
  ips: GoValue[] | null,
  dns: GoValue[] | null,
  daysValid: number,
  isCA = false,
): CertTemplate {
  return { cn, ips: netIPs(ips), dnsNames: dnsStrings(dns), daysValid, isCA };
}

function buildCustomCert(b64cert: string, b64key: string): GoStruct {
  const decode = (s: string, what: string) => {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0)
      throw new Error(`unable to decode base64 ${what}`);
    return Buffer.from(s, 'base64').toString('latin1');
  };
  const cert = decode(b64cert, 'certificate');
  const key = decode(b64key, 'private key');
  const block = pemDecode(cert);
  if (block === undefined) throw new Error('unable to decode certificate');
  try {
    new X509Certificate(block.der);
  } catch (error) {
    throw new Error(`error parsing certificate: decodedCert.Bytes: ${(error as Error).message}`);
  }
  try {
    parsePrivateKeyPem(key);
  } catch (error) {
    throw new Error(`error parsing private key: ${(error as Error).message}`);
  }
  return certificate(cert, key);
}

/** buildCustomCert only checks and returns its arguments. */
export const certificateFuncs: ReadonlyArray<[string, GoFunc]> = [
  ['buildCustomCert', def(['string', 'string'], buildCustomCert)],
];

/** Random keys and serial numbers, validity starting now. */
export const generatedCertificateFuncs: ReadonlyArray<[string, GoFunc]> = [
  [
    'genCA',
    def(['string', 'int'], (cn: string, days: number) =>
      generate(template(cn, null, null, days, true)),
    ),
  ],
  [
    'genCAWithKey',
    def(['string', 'int', 'string'], (cn: string, days: number, key: string) =>
      generate(template(cn, null, null, days, true), withKey(key)),
    ),
  ],
  [
    'genSelfSignedCert',
    def(
      ['string', 'slice', 'slice', 'int'],
      (cn: string, ips: GoValue[] | null, dns: GoValue[] | null, days: number) =>
        generate(template(cn, ips, dns, days)),
    ),
  ],
  [
    'genSelfSignedCertWithKey',
    def(
      ['string', 'slice', 'slice', 'int', 'string'],
      (cn: string, ips: GoValue[] | null, dns: GoValue[] | null, days: number, key: string) =>
        generate(template(cn, ips, dns, days), withKey(key)),
    ),
  ],
  [
    'genSignedCert',
    def(
      ['string', 'slice', 'slice', 'int', 'certificate'],
      (cn: string, ips: GoValue[] | null, dns: GoValue[] | null, days: number, ca: GoStruct) =>
        generate(template(cn, ips, dns, days), undefined, ca),
    ),
  ],
  [
    'genSignedCertWithKey',
    def(
      ['string', 'slice', 'slice', 'int', 'certificate', 'string'],
      (
        cn: string,
        ips: GoValue[] | null,
        dns: GoValue[] | null,
        days: number,
        ca: GoStruct,
        key: string,
      ) => generate(template(cn, ips, dns, days), withKey(key), ca),
    ),
  ],
];
