import { createPrivateKey, X509Certificate } from 'node:crypto';
import bcryptjs from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { functionSet, NON_DETERMINISTIC } from '../src/index.ts';
import { run } from './helpers.ts';

const sprig = (text: string, data: unknown = {}) => run(text, data, { funcs: 'sprig' });
const argocd = (text: string, data: unknown = {}) => run(text, data, { funcs: 'argocd' });

// The Master Password algorithm: the values Sprig's documentation and tests give.
const derived: Array<[string, string]> = [
  ['{{derivePassword 1 "long" "password" "user" "example.com"}}', 'ZedaFaxcZaso9*'],
  ['{{derivePassword 2 "long" "password" "user" "example.com"}}', 'Fovi2@JifpTupx'],
  ['{{derivePassword 1 "maximum" "password" "user" "example.com"}}', 'pf4zS1LjCg&LjhsZ7T2~'],
  ['{{derivePassword 1 "medium" "password" "user" "example.com"}}', 'ZedJuz8$'],
  ['{{derivePassword 1 "basic" "password" "user" "example.com"}}', 'pIS54PLs'],
  ['{{derivePassword 1 "short" "password" "user" "example.com"}}', 'Zed5'],
  ['{{derivePassword 1 "pin" "password" "user" "example.com"}}', '6685'],
  [
    '{{derivePassword 1 "nope" "password" "user" "example.com"}}',
    'cannot find password template nope',
  ],
];

describe('derivePassword', () => {
  it.each(derived)('%j', (text, out) => {
    expect(sprig(text)).toBe(out);
  });

  it('takes a uint32 counter, as Go checks the constant', () => {
    expect(sprig('{{derivePassword -1 "pin" "p" "u" "s"}}')).toContain(
      'expected unsigned integer; found -1',
    );
  });
});

describe('bcrypt and htpasswd', () => {
  it('hashes with a $2a$ cost-10 bcrypt hash that verifies', () => {
    const hash = argocd('{{"abc" | bcrypt}}');
    expect(hash).toMatch(/^\$2a\$10\$[./A-Za-z0-9]{53}$/);
    expect(bcryptjs.compareSync('abc', hash)).toBe(true);
    expect(bcryptjs.compareSync('abd', hash)).toBe(false);
  });

  it('writes user:hash lines and refuses a colon in the user name', () => {
    const user = "special'o79Cv_*qFe,)<user";
    const password = 'special<j7+3p#6-.Jx2U:m8G;kGypassword';
    const line = argocd('{{htpasswd .user .password}}', { user, password });
    const [name, hash] = [line.slice(0, user.length), line.slice(user.length + 1)];
    expect(name).toBe(user);
    expect(bcryptjs.compareSync(password, hash)).toBe(true);
    expect(argocd('{{htpasswd "wrongus:er" "x"}}')).toBe('invalid username: wrongus:er');
  });

  it('prints Go bcrypt error for passwords over 72 bytes', () => {
    expect(argocd(`{{bcrypt "${'x'.repeat(73)}"}}`)).toBe(
      'failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes',
    );
  });
});

function cert(pem: string): X509Certificate {
  return new X509Certificate(pem);
}

describe('genPrivateKey', () => {
  it.each([
    ['rsa', 'RSA PRIVATE KEY', 'rsa'],
    ['ecdsa', 'EC PRIVATE KEY', 'ec'],
    ['ed25519', 'PRIVATE KEY', 'ed25519'],
  ])('%s keys are PEM blocks of the type Sprig writes', (type, block, kind) => {
    const pem = argocd(`{{genPrivateKey "${type}"}}`);
    expect(pem.startsWith(`-----BEGIN ${block}-----\n`)).toBe(true);
    expect(pem.endsWith(`-----END ${block}-----\n`)).toBe(true);
    expect(createPrivateKey(pem).asymmetricKeyType).toBe(kind);
  });

  it('writes DSA keys in Sprig own ASN.1 layout, and rejects unknown types', () => {
    const pem = argocd('{{genPrivateKey "dsa"}}');
    expect(pem.startsWith('-----BEGIN DSA PRIVATE KEY-----\n')).toBe(true);
    expect(argocd('{{genPrivateKey "x"}}')).toBe('Unknown type x');
  });
});

describe('certificates', () => {
  it('generates a CA that signs itself, valid for the days asked', () => {
    const out = argocd('{{$ca := genCA "fleet-ca" 365}}{{$ca.Cert}}|{{$ca.Key}}|{{typeOf $ca}}');
    const [certPem, keyPem, type] = out.split('|');
    expect(type).toBe('sprig.certificate');
    const ca = cert(certPem!);
    expect(ca.subject).toBe('CN=fleet-ca');
    expect(ca.issuer).toBe('CN=fleet-ca');
    expect(ca.ca).toBe(true);
    expect(ca.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']); // extended usages
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(ca.checkPrivateKey(createPrivateKey(keyPem!))).toBe(true);
    const days = (Date.parse(ca.validTo) - Date.parse(ca.validFrom)) / 86_400_000;
    expect(days).toBe(365);
    expect(keyPem!.startsWith('-----BEGIN RSA PRIVATE KEY-----')).toBe(true);
  });

  it('signs a certificate with the CA, with the SANs and server/client usage', () => {
    const out = argocd(
      '{{$ca := genCA "fleet-ca" 30}}{{$c := genSignedCert "api.fleet" (list "10.0.0.1" "::1") (list "api.fleet" "api") 7 $ca}}{{$ca.Cert}}|{{$c.Cert}}|{{$c.Key}}',
    );
    const [caPem, certPem, keyPem] = out.split('|');
    const ca = cert(caPem!);
    const leaf = cert(certPem!);
    expect(leaf.subject).toBe('CN=api.fleet');
    expect(leaf.issuer).toBe('CN=fleet-ca');
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.verify(leaf.publicKey)).toBe(false);
    expect(leaf.subjectAltName).toBe(
      'DNS:api.fleet, DNS:api, IP Address:10.0.0.1, IP Address:0:0:0:0:0:0:0:1',
    );
    expect(leaf.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    expect(leaf.checkPrivateKey(createPrivateKey(keyPem!))).toBe(true);
    expect((Date.parse(leaf.validTo) - Date.parse(leaf.validFrom)) / 86_400_000).toBe(7);
  });

  it('uses the given key for the *WithKey variants (RSA, EC and Ed25519)', () => {
    for (const type of ['rsa', 'ecdsa', 'ed25519']) {
      const out = argocd(
        `{{$k := genPrivateKey "${type}"}}{{$ca := genCAWithKey "ca" 1 $k}}{{$s := genSelfSignedCertWithKey "self" nil nil 1 $k}}{{$l := genSignedCertWithKey "leaf" nil nil 1 $ca $k}}{{$k}}|{{$ca.Cert}}|{{$s.Cert}}|{{$l.Cert}}|{{$l.Key}}`,
      );
      const [key, caPem, selfPem, leafPem, leafKey] = out.split('|');
      const ca = cert(caPem!);
      expect(ca.checkPrivateKey(createPrivateKey(key!))).toBe(true);
      expect(cert(selfPem!).verify(cert(selfPem!).publicKey)).toBe(true);
      expect(cert(selfPem!).subject).toBe('CN=self');
      expect(cert(leafPem!).verify(ca.publicKey)).toBe(true);
      expect(leafKey).toBe(key);
    }
  });

  it('self-signs a certificate with no SANs when given nil lists', () => {
    const c = cert(argocd('{{(genSelfSignedCert "solo" nil nil 2).Cert}}'));
    expect(c.subject).toBe('CN=solo');
    expect(c.subjectAltName).toBeUndefined();
    expect(c.verify(c.publicKey)).toBe(true);
  });

  it('rebuilds a certificate from base64 with buildCustomCert, deterministically', () => {
    const ca = argocd('{{$ca := genCA "x" 1}}{{$ca.Cert | b64enc}} {{$ca.Key | b64enc}}');
    const [c, k] = ca.split(' ');
    const out = sprig('{{$c := buildCustomCert .c .k}}{{$c.Cert | b64enc}} {{$c.Key | b64enc}}', {
      c,
      k,
    });
    expect(out).toBe(ca);
  });
});

const certErrors: Array<[string, string]> = [
  ['{{genSelfSignedCert "x" (list "nope") nil 1}}', 'error parsing ip: nope'],
  ['{{genSelfSignedCert "x" (list 1) nil 1}}', 'error parsing ip: 1 is not a string'],
  [
    '{{genSelfSignedCert "x" nil (list 1) 1}}',
    'error processing alternate dns name: 1 is not a string',
  ],
  ['{{genCAWithKey "x" 1 "junk"}}', 'parsing private key: no PEM data in input'],
  [
    '{{genCAWithKey "x" 1 "-----BEGIN CERTIFICATE-----\\nAA==\\n-----END CERTIFICATE-----"}}',
    'parsing private key: no private key data in PEM block of type CERTIFICATE',
  ],
  ['{{buildCustomCert "%%" "AA=="}}', 'unable to decode base64 certificate'],
  ['{{buildCustomCert "AA==" "AA=="}}', 'unable to decode certificate'],
  ['{{genSignedCert "x" nil nil 1 (dict)}}', 'wrong type for value; expected sprig.certificate'],
  [
    '{{genSignedCert "x" nil nil 1 (buildCustomCert "" "")}}',
    'error calling buildCustomCert: unable to decode certificate',
  ],
  ['{{genSelfSignedCert "x" (splitList "," "a") nil 1}}', 'expected []interface {}; got []string'],
];

describe('certificate errors', () => {
  it.each(certErrors)('%j', (text, message) => {
    expect(argocd(text)).toContain(message);
  });

  it('refuses to sign with a DSA key, as crypto/dsa is no crypto.Signer', () => {
    expect(argocd('{{genCAWithKey "x" 1 (genPrivateKey "dsa")}}')).toContain(
      'error calling genCAWithKey: error creating certificate: x509: certificate private key does not implement crypto.Signer',
    );
  });
});

describe('crypto function sets', () => {
  it('keeps derivePassword, buildCustomCert and decryptAES in sprig; salted and random ones out', () => {
    const set = functionSet('sprig');
    for (const name of ['derivePassword', 'buildCustomCert', 'decryptAES']) {
      expect(set.has(name)).toBe(true);
    }
    for (const name of ['bcrypt', 'htpasswd', 'genPrivateKey', 'genCA', 'genSignedCertWithKey']) {
      expect(NON_DETERMINISTIC.has(name)).toBe(true);
      expect(set.has(name)).toBe(false);
      expect(functionSet('argocd').has(name)).toBe(true);
    }
  });
});
