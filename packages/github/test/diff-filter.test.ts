import type { Finding } from '@fleetops/core';
import { describe, expect, it } from 'vitest';
import { placeFindings } from '../src/diff-filter.ts';
import { readPatch, readPullDiff } from '../src/pull-diff.ts';

const patch = [
  '@@ -10,4 +10,5 @@ kind: Cluster',
  ' a',
  '-b',
  '+B',
  '+C',
  ' d',
  '\\ No newline at end of file',
].join('\n');

function at(file: string, line?: number, endLine?: number): Finding {
  return { ruleId: 'r/x', severity: 'error', message: 'm', location: { file, line, endLine } };
}

describe('readPatch', () => {
  it('numbers new-side lines from the hunk header, skipping removed lines', () => {
    const lines = readPatch(patch);
    expect([...lines.added]).toEqual([11, 12]);
    expect([...lines.shown]).toEqual([10, 11, 12, 13]);
  });
});

describe('placeFindings', () => {
  const diff = readPullDiff([
    { filename: 'a.yaml', status: 'modified', patch },
    { filename: 'gone.yaml', status: 'removed', patch: '@@ -1 +0,0 @@\n-x' },
    { filename: 'big.yaml', status: 'modified' },
  ]);
  const findings = [
    at('a.yaml', 11),
    at('a.yaml', 10),
    at('a.yaml', 40),
    at('b.yaml', 1),
    at('big.yaml', 2),
  ];

  it('added: only lines the PR adds get comments, the rest go outside', () => {
    const placed = placeFindings(findings, diff, 'added');
    expect(placed.onLines.map((p) => p.line)).toEqual([11]);
    expect(placed.offLines).toEqual([]);
    expect(placed.outside).toHaveLength(4);
  });

  it('diff_context: context lines count too', () => {
    const placed = placeFindings(findings, diff, 'diff_context');
    expect(placed.onLines.map((p) => p.line)).toEqual([11, 10]);
    expect(placed.outside).toHaveLength(3);
  });

  it('file: findings off the diff in changed files go to the review body', () => {
    const placed = placeFindings(findings, diff, 'file');
    expect(placed.onLines).toHaveLength(2);
    expect(placed.offLines.map((f) => f.location.file)).toEqual(['a.yaml', 'big.yaml']);
    expect(placed.outside.map((f) => f.location.file)).toEqual(['b.yaml']);
  });

  it('nofilter: nothing is outside, and nothing lands off the diff', () => {
    const placed = placeFindings(findings, diff, 'nofilter');
    expect(placed.outside).toEqual([]);
    expect(placed.onLines).toHaveLength(2);
    expect(placed.offLines).toHaveLength(3);
  });

  it('makes a multi-line comment only when the whole range is shown', () => {
    const placed = placeFindings([at('a.yaml', 11, 13), at('a.yaml', 12, 20)], diff, 'added');
    expect(placed.onLines.map((p) => [p.startLine, p.line])).toEqual([
      [11, 13],
      [undefined, 12],
    ]);
  });
});
