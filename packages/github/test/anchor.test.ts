import type { Finding } from '@fleetops/core';
import { describe, expect, it } from 'vitest';
import { anchorToDiff } from '../src/anchor.ts';
import { readPullDiff } from '../src/pull-diff.ts';

// eu.yaml: line 15 added, lines 12-14 and 16-17 context.
const diff = readPullDiff([
  {
    filename: 'clusters/eu.yaml',
    status: 'modified',
    patch: ['@@ -12,6 +12,6 @@', ' a', ' b', ' c', '-d', '+D', ' e', ' f'].join('\n'),
  },
]);

const overlap = (relatedLine: number): Finding => ({
  ruleId: 'network/fleet-overlap',
  severity: 'error',
  message: 'pod range of us overlaps pod range of eu',
  location: { file: 'clusters/us.yaml', line: 15, column: 11 },
  related: [
    { file: 'clusters/other.yaml', line: 3, message: 'elsewhere' },
    { file: 'clusters/eu.yaml', line: relatedLine, column: 11, message: 'pod range of eu' },
  ],
});

describe('anchorToDiff', () => {
  it('moves a finding onto the related place the pull request adds, keeping the old one as related', () => {
    const [moved] = anchorToDiff([overlap(15)], diff, 'added');
    expect(moved?.location).toEqual({ file: 'clusters/eu.yaml', line: 15, column: 11 });
    expect(moved?.related).toEqual([
      { file: 'clusters/us.yaml', line: 15, column: 11 },
      { file: 'clusters/other.yaml', line: 3, message: 'elsewhere' },
    ]);
    expect(moved?.message).toBe(overlap(15).message);
  });

  it('moves onto a context line only in the modes that comment on context', () => {
    expect(anchorToDiff([overlap(13)], diff, 'added')[0]?.location.file).toBe('clusters/us.yaml');
    expect(anchorToDiff([overlap(13)], diff, 'diff_context')[0]?.location).toMatchObject({
      file: 'clusters/eu.yaml',
      line: 13,
    });
  });

  it('leaves alone a finding already on the diff, and one with no related place on it', () => {
    const onDiff: Finding = { ...overlap(15), location: { file: 'clusters/eu.yaml', line: 15 } };
    const nowhere = overlap(40);
    const result = anchorToDiff([onDiff, nowhere], diff, 'added');
    expect(result[0]).toBe(onDiff);
    expect(result[1]).toBe(nowhere);
  });
});
