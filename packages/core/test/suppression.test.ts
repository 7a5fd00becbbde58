import { writeTree } from '@fleetops/test/tree';
import { describe, expect, it } from 'vitest';
import { type Finding, ruleCatalog } from '../src/finding.ts';
import { loadRepository } from '../src/loader.ts';
import { applySuppressions, parseIgnoreAnnotation } from '../src/suppression.ts';

const overlap = 'network/fleet-overlap';
const rules = ruleCatalog(
  [overlap, 'network/cluster-overlap', 'mesh/cilium-cluster-id'].map((id) => ({
    id,
    summary: id,
    defaultSeverity: 'error' as const,
  })),
);

function finding(file: string, line: number | undefined, related?: Finding['related']): Finding {
  const location = line === undefined ? { file } : { file, line, column: 7 };
  return {
    ruleId: overlap,
    severity: 'error',
    message: `overlap in ${file}`,
    location,
    ...(related && { related }),
  };
}

/** `kind/name`, the annotation's value written as a YAML double-quoted string. */
function vpc(name: string, ignore?: string): string {
  const annotations =
    ignore === undefined
      ? ''
      : `  annotations:\n    fleetops.io/ignore: ${JSON.stringify(ignore)}\n`;
  return `apiVersion: infrastructure.cluster.x-k8s.io/v1beta2
kind: AWSCluster
metadata:
  name: ${name}
${annotations}spec:
  network:
    vpc:
      cidrBlock: 10.0.0.0/16
`;
}

function brief(findings: readonly Finding[]): string[] {
  return findings.map((f) => {
    const where = `${f.location.file}:${f.location.line ?? ''}`;
    return f.suppressed
      ? `suppressed ${f.ruleId} ${where} (${f.suppressed.reason} @ ${f.suppressed.location.file}:${f.suppressed.location.line})`
      : `${f.severity} ${f.ruleId} ${where}`;
  });
}

describe('parseIgnoreAnnotation', () => {
  it('reads `rule: reason` entries separated by newlines or by `;` before a rule id', () => {
    expect(
      parseIgnoreAnnotation(
        'network/fleet-overlap: shared lab VPC; peering never enabled;mesh/cilium-cluster-id:  legacy id \n\n externaldns/implicit-policy: sync is wanted\r\n',
      ),
    ).toEqual([
      { ruleId: overlap, reason: 'shared lab VPC; peering never enabled' },
      { ruleId: 'mesh/cilium-cluster-id', reason: 'legacy id' },
      { ruleId: 'externaldns/implicit-policy', reason: 'sync is wanted' },
    ]);
  });

  it('tells an entry without a reason from one that is not an entry at all', () => {
    expect(parseIgnoreAnnotation('network/fleet-overlap; mesh/cilium-cluster-id:   ')).toEqual([
      { problem: 'missing-reason', text: overlap, ruleId: overlap },
      {
        problem: 'missing-reason',
        text: 'mesh/cilium-cluster-id:',
        ruleId: 'mesh/cilium-cluster-id',
      },
    ]);
    expect(parseIgnoreAnnotation('shared lab VPC')).toEqual([
      { problem: 'invalid', text: 'shared lab VPC' },
    ]);
    expect(parseIgnoreAnnotation('suppression/unused: not this one')).toMatchObject([
      { problem: 'invalid', ruleId: 'suppression/unused' },
    ]);
    expect(parseIgnoreAnnotation('  \n ; ')).toEqual([]);
    expect(parseIgnoreAnnotation('mesh/cilium-cluster-id: legacy;')).toEqual([
      { ruleId: 'mesh/cilium-cluster-id', reason: 'legacy' },
    ]);
  });
});

describe('applySuppressions', () => {
  it('marks a finding located in the annotated document, and only in that document', async () => {
    const root = await writeTree({
      'a/cluster.yaml': `${vpc('a', `${overlap}: shared lab VPC`)}---\n${vpc('a2')}`,
    });
    const repository = await loadRepository(root);
    const findings = [finding('a/cluster.yaml', 9), finding('a/cluster.yaml', 17)];
    const result = applySuppressions(findings, repository, rules);
    expect(brief(result)).toEqual([
      `suppressed ${overlap} a/cluster.yaml:9 (shared lab VPC @ a/cluster.yaml:6)`,
      `error ${overlap} a/cluster.yaml:17`,
    ]);
    // Pure: the input findings are not changed.
    expect(findings.every((f) => f.suppressed === undefined)).toBe(true);
  });

  it('matches through a related location, so either side of an overlap can accept it', async () => {
    const root = await writeTree({
      'a.yaml': vpc('a'),
      'b.yaml': vpc('b', `${overlap}: b moves next quarter`),
    });
    const repository = await loadRepository(root);
    const result = applySuppressions(
      [finding('a.yaml', 8, [{ file: 'b.yaml', line: 8, message: 'b declares it here' }])],
      repository,
      rules,
    );
    expect(brief(result)).toEqual([
      `suppressed ${overlap} a.yaml:8 (b moves next quarter @ b.yaml:6)`,
    ]);
  });

  it('prefers the reason written where the finding points when both sides accept it', async () => {
    const root = await writeTree({
      'a.yaml': vpc('a', `${overlap}: said by a`),
      'b.yaml': vpc('b', `${overlap}: said by b`),
    });
    const result = applySuppressions(
      [finding('a.yaml', 8, [{ file: 'b.yaml', line: 8 }])],
      await loadRepository(root),
      rules,
    );
    // Both entries were used: neither is reported as stale.
    expect(brief(result)).toEqual([`suppressed ${overlap} a.yaml:8 (said by a @ a.yaml:6)`]);
  });

  it('leaves other rules of the same resource alone', async () => {
    const root = await writeTree({ 'a.yaml': vpc('a', 'mesh/cilium-cluster-id: legacy') });
    const result = applySuppressions([finding('a.yaml', 8)], await loadRepository(root), rules);
    expect(brief(result)).toEqual([
      `error ${overlap} a.yaml:8`,
      'warning suppression/unused a.yaml:6',
    ]);
    expect(result[1]!.message).toBe(
      'fleetops.io/ignore of AWSCluster/a matches nothing: no mesh/cilium-cluster-id finding is about this resource any more; remove the entry.',
    );
  });

  it('reports entries without a reason, unreadable ones, and unknown rules, and suppresses nothing with them', async () => {
    const root = await writeTree({
      'a.yaml': vpc('a', `${overlap}\nnetwork/no-such-rule: typo\nsee ticket 12`),
    });
    const result = applySuppressions([finding('a.yaml', 10)], await loadRepository(root), rules);
    expect(brief(result)).toEqual([
      `error ${overlap} a.yaml:10`,
      'warning suppression/missing-reason a.yaml:6',
      'warning suppression/invalid a.yaml:6',
      'warning suppression/unused a.yaml:6',
    ]);
    expect(result.map((f) => f.message).slice(1)).toEqual([
      `fleetops.io/ignore of AWSCluster/a suppresses ${overlap} without a reason, so it suppresses nothing; write "${overlap}: <why this finding is accepted>".`,
      'fleetops.io/ignore of AWSCluster/a has an unreadable entry "see ticket 12": expected "<rule-id>: <reason>", e.g. "network/fleet-overlap: shared lab VPC, peering never enabled".',
      'fleetops.io/ignore of AWSCluster/a matches nothing: network/no-such-rule is not a rule of this check; check its spelling.',
    ]);
  });

  it('reads a block of several entries and never lets suppression warnings be suppressed', async () => {
    const root = await writeTree({
      'a.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: a
  annotations:
    fleetops.io/ignore: |
      network/fleet-overlap: lab
      network/cluster-overlap: lab too
data: {}
`,
    });
    const repository = await loadRepository(root);
    const stale: Finding = {
      ruleId: 'suppression/unused',
      severity: 'warning',
      message: 'from an earlier pass',
      location: { file: 'a.yaml', line: 7 },
    };
    const result = applySuppressions([finding('a.yaml', 9), stale], repository, rules);
    expect(brief(result)).toEqual([
      `suppressed ${overlap} a.yaml:9 (lab @ a.yaml:6)`,
      'warning suppression/unused a.yaml:7',
      'warning suppression/unused a.yaml:6',
    ]);
    expect(result[2]!.message).toContain('network/cluster-overlap');
  });

  it('reports an annotation that is not a string', async () => {
    const root = await writeTree({
      'a.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations:\n    fleetops.io/ignore: 42\n',
    });
    const result = applySuppressions([], await loadRepository(root), rules);
    expect(brief(result)).toEqual(['warning suppression/invalid a.yaml:6']);
    expect(result[0]!.message).toBe('fleetops.io/ignore of ConfigMap/a must be a string, found 42');
  });

  it('matches a whole-file finding only when the file holds that one resource', async () => {
    const root = await writeTree({
      'one.yaml': vpc('one', `${overlap}: whole file`),
      'two.yaml': `${vpc('two', `${overlap}: whole file`)}---\n${vpc('other')}`,
    });
    const result = applySuppressions(
      [finding('one.yaml', undefined), finding('two.yaml', undefined)],
      await loadRepository(root),
      rules,
    );
    expect(brief(result)).toEqual([
      `suppressed ${overlap} one.yaml: (whole file @ one.yaml:6)`,
      `error ${overlap} two.yaml:`,
      'warning suppression/unused two.yaml:6',
    ]);
  });

  it('matches the item of a List by its own range', async () => {
    const root = await writeTree({
      'list.yaml': `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: first
      annotations:
        fleetops.io/ignore: "network/fleet-overlap: first only"
    data: {a: b}
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: second
    data: {a: b}
`,
    });
    const result = applySuppressions(
      [finding('list.yaml', 10), finding('list.yaml', 15)],
      await loadRepository(root),
      rules,
    );
    expect(brief(result)).toEqual([
      `suppressed ${overlap} list.yaml:10 (first only @ list.yaml:9)`,
      `error ${overlap} list.yaml:15`,
    ]);
  });

  it('returns the findings as they were when nothing is annotated', async () => {
    const root = await writeTree({ 'a.yaml': vpc('a') });
    const findings = [finding('a.yaml', 8)];
    expect(applySuppressions(findings, await loadRepository(root))).toEqual(findings);
  });
});
