import { createHash } from 'node:crypto';
import { posix } from 'node:path';

/**
 * One part of a run split over a workflow matrix: `index` of `count`, both 1-based as a
 * matrix lists them (`shard: 2/4`). Every file belongs to exactly one shard, chosen by a
 * hash of its path, so the same inputs give the same split on every runner and the split
 * does not move when an unrelated file is added.
 */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** The most shards a run may be split into: GitHub runs at most 256 jobs per matrix. */
export const maxShards = 256;

export class ShardError extends Error {
  override name = 'ShardError';
}

/** `i/n` with 1 ≤ i ≤ n ≤ 256; throws a ShardError saying what is expected. */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || count > maxShards || index < 1 || index > count) {
    throw new ShardError(
      `'${text}' is not a shard: expected i/n with 1 <= i <= n <= ${maxShards}, e.g. 1/4 (a matrix of 4 jobs).`,
    );
  }
  return { index, count };
}

export const formatShard = (shard: Shard): string => `${shard.index}/${shard.count}`;

/**
 * The shard (1-based) a file belongs to: the first 32 bits of the SHA-256 of its path,
 * normalised (`./a//b` is `a/b`, backslashes are separators), modulo the count. SHA-256
 * rather than a faster hash because its bits are the same in every runtime, for good.
 */
export function shardOfPath(path: string, count: number): number {
  const normalised = posix.normalize(path.replaceAll('\\', '/')).replace(/^(\.\/)+/, '');
  const digest = createHash('sha256').update(normalised).digest();
  return (digest.readUInt32BE(0) % count) + 1;
}

export function inShard(path: string, shard: Shard): boolean {
  return shard.count === 1 || shardOfPath(path, shard.count) === shard.index;
}
