import ipaddr from 'ipaddr.js';
import { type ParsedCidr, parseCidr } from './cidr.ts';

/** A block as an inclusive address interval. */
export interface Interval {
  family: 4 | 6;
  start: bigint;
  end: bigint;
}

export function intervalOf(cidr: ParsedCidr): Interval {
  const bits = cidr.family === 4 ? 32 : 128;
  const size = 1n << BigInt(bits - cidr.prefix);
  return { family: cidr.family, start: cidr.network, end: cidr.network + size - 1n };
}

/**
 * The private ranges a fleet carves its networks from: RFC 1918, the RFC 6598 shared
 * range (100.64.0.0/10, common for pods) and IPv6 unique local addresses (RFC 4193).
 * A suggestion stays inside the range the conflicting block already lives in while that
 * has room, else falls back to the other ranges of the same family, in this order.
 */
const privateRanges = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7']
  .map((text) => parseCidr(text) as ParsedCidr)
  .map(intervalOf);

/**
 * Suggests free blocks: each suggestion is aligned to its size, overlaps no block of the
 * fleet and no earlier suggestion. Used ranges are merged once and walked forward from a
 * cursor per private range, so a run of n suggestions costs O(n + used) in all.
 */
export class FreeBlocks {
  readonly #used: Map<4 | 6, Interval[]>;
  readonly #cursors = new Map<Interval, Cursor>();

  constructor(used: readonly Interval[]) {
    this.#used = new Map([
      [4, merge(used.filter((interval) => interval.family === 4))],
      [6, merge(used.filter((interval) => interval.family === 6))],
    ]);
  }

  /** A free block the size of `like`, in the private range that holds it, or undefined. */
  suggest(like: ParsedCidr): string | undefined {
    return this.#suggest(like, false);
  }

  /**
   * Like `suggest`, but when the private range holding `like` is full, a free block in
   * another private range of the same family (RFC 1918, then the RFC 6598 shared range);
   * undefined when `like` is in no private range or none has room.
   */
  suggestAnywhere(like: ParsedCidr): string | undefined {
    return this.#suggest(like, true);
  }

  #suggest(like: ParsedCidr, fallback: boolean): string | undefined {
    const interval = intervalOf(like);
    const home = privateRanges.find(
      (candidate) =>
        candidate.family === like.family &&
        candidate.start <= interval.start &&
        interval.end <= candidate.end,
    );
    if (!home) return undefined;
    const size = interval.end - interval.start + 1n;
    const others = privateRanges.filter(
      (candidate) =>
        fallback &&
        candidate !== home &&
        candidate.family === like.family &&
        candidate.end - candidate.start + 1n >= size,
    );
    for (const range of [home, ...others]) {
      const found = this.#suggestIn(range, like, size);
      if (found) return found;
    }
    return undefined;
  }

  #suggestIn(range: Interval, like: ParsedCidr, size: bigint): string | undefined {
    const used = this.#used.get(like.family)!;
    let cursor = this.#cursors.get(range);
    if (!cursor) {
      cursor = { next: range.start, index: firstEndingAtOrAfter(used, range.start) };
      this.#cursors.set(range, cursor);
    }
    // A range with no room for a block has none for a larger one either: skip it at once.
    if (cursor.full !== undefined && size >= cursor.full) return undefined;
    let candidate = alignUp(cursor.next, size);
    let index = cursor.index;
    while (candidate + size - 1n <= range.end) {
      while (index < used.length && used[index]!.end < candidate) index++;
      const blocking = used[index];
      if (!blocking || blocking.start > candidate + size - 1n) {
        cursor.next = candidate + size;
        cursor.index = index;
        return formatCidr({ family: like.family, network: candidate, prefix: like.prefix });
      }
      candidate = alignUp(blocking.end + 1n, size);
    }
    // The cursor stays where it was, so a smaller block can still use the gaps skipped here.
    cursor.full = size;
    return undefined;
  }
}

interface Cursor {
  /** Suggestions of this range start at or after this address. */
  next: bigint;
  /** The first used interval that may end at or after `next`. */
  index: number;
  /** The smallest block size found not to fit any more. */
  full?: bigint;
}

/** Sorts and joins overlapping or adjacent intervals. */
export function merge(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) =>
    a.start < b.start ? -1 : a.start > b.start ? 1 : 0,
  );
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && interval.start <= last.end + 1n) {
      if (interval.end > last.end) last.end = interval.end;
    } else {
      merged.push({ ...interval });
    }
  }
  return merged;
}

/** `10.1.0.0/16` for a parsed block. */
export function formatCidr(cidr: ParsedCidr): string {
  const length = cidr.family === 4 ? 4 : 16;
  const bytes: number[] = [];
  for (let i = length - 1; i >= 0; i--) bytes.push(Number((cidr.network >> BigInt(i * 8)) & 0xffn));
  return `${ipaddr.fromByteArray(bytes).toString()}/${cidr.prefix}`;
}

function alignUp(value: bigint, size: bigint): bigint {
  const remainder = value % size;
  return remainder === 0n ? value : value + size - remainder;
}

function firstEndingAtOrAfter(sorted: readonly Interval[], address: bigint): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]!.end < address) low = middle + 1;
    else high = middle;
  }
  return low;
}
