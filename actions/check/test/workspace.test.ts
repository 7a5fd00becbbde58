import type { Finding } from '@fleetops/core';
import { describe, expect, it } from 'vitest';
import { relativeToWorkspace } from '../src/workspace.ts';

const finding: Finding = {
  ruleId: 'fleet/cidr-overlap',
  severity: 'error',
  message: 'pod CIDRs overlap',
  location: { file: 'clusters/a/cluster.yaml', line: 12, column: 7 },
  related: [{ file: 'clusters/b/cluster.yaml', line: 9, message: 'overlaps this' }],
};

describe('relativeToWorkspace', () => {
  it('prefixes every location with the root under the workspace', () => {
    const [rebased] = relativeToWorkspace([finding], '/ws/infra/fleet', '/ws');
    expect(rebased?.location).toEqual({
      file: 'infra/fleet/clusters/a/cluster.yaml',
      line: 12,
      column: 7,
    });
    expect(rebased?.related).toEqual([
      { file: 'infra/fleet/clusters/b/cluster.yaml', line: 9, message: 'overlaps this' },
    ]);
  });

  it('leaves findings alone when the root is the workspace', () => {
    expect(relativeToWorkspace([finding], '/ws', '/ws')).toEqual([finding]);
  });

  it('does not change the findings it was given', () => {
    relativeToWorkspace([finding], '/ws/fleet', '/ws');
    expect(finding.location.file).toBe('clusters/a/cluster.yaml');
  });
});
