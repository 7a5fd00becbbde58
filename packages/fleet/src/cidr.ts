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
  const parsed = plainIpv4(text) ?? parseWithIpaddr(text);
  if (!parsed) return { error: `"${text}" is not a valid CIDR block` };
  const { family, value, prefix } = parsed;
  const bits = family === 4 ? 32 : 128;
  const hostBits = BigInt(bits - prefix);
  const network = (value >> hostBits) << hostBits;
  if (network !== value) {
    return {
      error: `"${text}" has host bits set; the network is ${formatNetwork(network, family)}/${prefix}`,
    };
  }
  return { family, network, prefix };
}

interface Address {
  family: 4 | 6;
  value: bigint;
  prefix: number;
}

// Four decimal octets without leading zeros and a prefix: how nearly every block is written.
const plainIpv4Pattern =
  /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\/(\d{1,2})$/;

/**
 * A plain dotted-quad block read directly: a fleet has tens of thousands of them, and
 * ipaddr's general reader (octal, hex and short forms) costs ten times as much. Anything
 * else, an octet over 255 or a prefix over 32 included, goes to ipaddr, which decides.
 */
function plainIpv4(text: string): Address | undefined {
  const match = plainIpv4Pattern.exec(text);
  if (!match) return undefined;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(match[i]);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  const prefix = Number(match[5]);
  if (prefix > 32) return undefined;
  return { family: 4, value: BigInt(value), prefix };
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
