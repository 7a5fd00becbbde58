import ipaddr from 'ipaddr.js';

export interface ParsedCidr {
  family: 4 | 6;
  /** Network address as a bigint, host bits cleared, and the prefix length. */
  network: bigint;
  prefix: number;
}

/** Parses `10.0.0.0/16` or `fd00::/48`; returns an explanation instead of throwing. */
export function parseCidr(text: string): ParsedCidr | { error: string } {
  if (typeof text !== 'string' || !text.includes('/'))
    return { error: `"${text}" is not a CIDR block (expected address/prefix, e.g. 10.0.0.0/16)` };
  const plain = plainIpv4(text);
  if (plain) return ipv4Block(text, plain.value, plain.prefix);
  const parsed = parseWithIpaddr(text);
  if (!parsed) return { error: `"${text}" is not a valid CIDR block` };
  const { family, value, prefix } = parsed;
  const bits = family === 4 ? 32 : 128;
  const hostBits = BigInt(bits - prefix);
  const network = (value >> hostBits) << hostBits;
  if (network !== value) return hostBitsSet(text, network, family, prefix);
  return { family, network, prefix };
}

interface Address {
  family: 4 | 6;
  value: bigint;
  prefix: number;
}

/**
 * A plain IPv4 block checked for host bits in plain numbers (an address is below 2^32,
 * well within a double's exact integers), the answer as parseCidr's bigint path gives
 * it: one bigint per block instead of four.
 */
function ipv4Block(text: string, value: number, prefix: number): ParsedCidr | { error: string } {
  const network = value - (value % 2 ** (32 - prefix));
  if (network !== value) return hostBitsSet(text, BigInt(network), 4, prefix);
  return { family: 4, network: BigInt(value), prefix };
}

function hostBitsSet(text: string, network: bigint, family: 4 | 6, prefix: number) {
  return {
    error: `"${text}" has host bits set; the network is ${formatNetwork(network, family)}/${prefix}`,
  };
}

/**
 * A plain dotted-quad block (four decimal octets without leading zeros, a one- or
 * two-digit prefix) read directly, by hand rather than by a regex and its captures: a
 * fleet has tens of thousands of them, and ipaddr's general reader (octal, hex and short
 * forms) costs ten times as much. Anything else, an octet over 255 or a prefix over 32
 * included, goes to ipaddr, which decides.
 */
function plainIpv4(text: string): { value: number; prefix: number } | undefined {
  let value = 0;
  let i = 0;
  for (let part = 0; part < 4; part++) {
    const start = i;
    let octet = 0;
    while (i - start < 3 && isDigit(text.charCodeAt(i))) octet = octet * 10 + digitAt(text, i++);
    if (i === start || (i - start > 1 && text.charCodeAt(start) === zero)) return undefined;
    if (text.charCodeAt(i++) !== (part < 3 ? dot : slash) || octet > 255) return undefined;
    value = value * 256 + octet;
  }
  const digits = text.length - i;
  if (digits < 1 || digits > 2 || !isDigit(text.charCodeAt(i))) return undefined;
  if (digits === 2 && !isDigit(text.charCodeAt(i + 1))) return undefined;
  const prefix = digits === 1 ? digitAt(text, i) : digitAt(text, i) * 10 + digitAt(text, i + 1);
  if (prefix > 32) return undefined;
  return { value, prefix };
}

const zero = 0x30;
const dot = 0x2e;
const slash = 0x2f;

/** An ASCII digit; NaN (past the end) is none. */
function isDigit(code: number): boolean {
  return code >= zero && code <= 0x39;
}

function digitAt(text: string, i: number): number {
  return text.charCodeAt(i) - zero;
}

function parseWithIpaddr(text: string): Address | undefined {
  try {
    // parseCIDR tries IPv6 first and throws on every IPv4 block; pick the family instead.
    const [address, prefix] = text.includes(':')
      ? ipaddr.IPv6.parseCIDR(text)
      : ipaddr.IPv4.parseCIDR(text);
    const family = address.kind() === 'ipv4' ? 4 : 6;
    return { family, value: toBigInt(address.toByteArray()), prefix };
  } catch {
    return undefined;
  }
}

/** True when two blocks share at least one address. */
export function overlaps(a: ParsedCidr, b: ParsedCidr): boolean {
  if (a.family !== b.family) return false;
  const bits = a.family === 4 ? 32 : 128;
  const prefix = Math.min(a.prefix, b.prefix);
  const shift = BigInt(bits - prefix);
  return a.network >> shift === b.network >> shift;
}

function toBigInt(bytes: number[]): bigint {
  return bytes.reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
}

function formatNetwork(network: bigint, family: 4 | 6): string {
  const length = family === 4 ? 4 : 16;
  const bytes: number[] = [];
  for (let i = length - 1; i >= 0; i--) bytes.push(Number((network >> BigInt(i * 8)) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}
