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
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  let prefix: number;
  try {
    // parseCIDR tries IPv6 first and throws on every IPv4 block; pick the family instead.
    [address, prefix] = text.includes(':')
      ? ipaddr.IPv6.parseCIDR(text)
      : ipaddr.IPv4.parseCIDR(text);
  } catch {
    return { error: `"${text}" is not a valid CIDR block` };
  }
  const family = address.kind() === 'ipv4' ? 4 : 6;
  const bits = family === 4 ? 32 : 128;
  const value = toBigInt(address.toByteArray());
  const hostBits = BigInt(bits - prefix);
  const network = (value >> hostBits) << hostBits;
  if (network !== value) {
    return {
      error: `"${text}" has host bits set; the network is ${formatNetwork(network, family)}/${prefix}`,
    };
  }
  return { family, network, prefix };
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
