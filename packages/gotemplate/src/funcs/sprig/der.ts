/**
 * The little ASN.1 DER that Sprig's certificate functions need: writing an X.509 v3
 * certificate as Go's crypto/x509.CreateCertificate lays it out, and reading the
 * structures Go's parsers read (PKCS#1/#8, SEC 1, Sprig's DSA key, a certificate's
 * subject and key identifier). node:crypto signs and parses keys; it cannot build a
 * certificate.
 */

export interface Der {
  tag: number;
  /** Content bytes. */
  body: Buffer;
  /** The whole element, header included. */
  raw: Buffer;
}

function lengthBytes(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), lengthBytes(body.length), body]);
}

export const seq = (...items: Buffer[]) => tlv(0x30, ...items);
export const set = (...items: Buffer[]) => tlv(0x31, ...items);
export const octets = (b: Buffer) => tlv(0x04, b);
export const bool = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0]));
export const nullValue = () => tlv(0x05);
/** [n] EXPLICIT / constructed context tag. */
export const explicit = (n: number, ...items: Buffer[]) => tlv(0xa0 | n, ...items);

/** A non-negative INTEGER from unsigned big-endian bytes. */
export function uint(bytes: Buffer): Buffer {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  const b = bytes.subarray(i);
  return tlv(0x02, b[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
}

export const int = (n: number) =>
  uint(
    Buffer.from(
      n
        .toString(16)
        .padStart(2, '0')
        .replace(/^(.(..)*)$/, '0$1'),
      'hex',
    ),
  );

export function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const bytes = [parts[0]! * 40 + parts[1]!];
  for (const p of parts.slice(2)) {
    const chunk = [p & 0x7f];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128))
      chunk.unshift(0x80 | (v & 0x7f));
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** A BIT STRING with no unused bits. */
export const bits = (b: Buffer) => tlv(0x03, Buffer.from([0]), b);

/** UTCTime before 2050, GeneralizedTime from then on (RFC 5280, as Go writes them). */
export function time(ms: number): Buffer {
  const iso = new Date(ms).toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '');
  const year = new Date(ms).getUTCFullYear();
  return year >= 1950 && year < 2050
    ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`))
    : tlv(0x18, Buffer.from(`${digits}Z`));
}

/** Reads one element at `offset`. */
export function read(buf: Buffer, offset = 0): Der & { end: number } {
  const tag = buf[offset];
  let len = buf[offset + 1];
  if (tag === undefined || len === undefined) throw new Error('asn1: syntax error: data truncated');
  let start = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[start + i]!;
    start += n;
  }
  const end = start + len;
  if (end > buf.length) throw new Error('asn1: syntax error: data truncated');
  return { tag, body: buf.subarray(start, end), raw: buf.subarray(offset, end), end };
}

/** The elements of a SEQUENCE's (or SET's) content. */
export function children(body: Buffer): Der[] {
  const out: Der[] = [];
  for (let offset = 0; offset < body.length; ) {
    const el = read(body, offset);
    out.push(el);
    offset = el.end;
  }
  return out;
}

/** An INTEGER's content as a BigInt. */
export function bigint(el: Der): bigint {
  if (el.tag !== 0x02) throw new Error("asn1: structure error: tags don't match");
  return el.body.length === 0 ? 0n : BigInt(`0x${el.body.toString('hex')}`);
}

export function bigintBytes(n: bigint): Buffer {
  const hex = n.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
}
