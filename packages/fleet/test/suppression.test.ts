import { hasErrors, render } from '@fleetops/core';
import { describe, expect, it } from 'vitest';
import { checkLoaded, checkReport, checkRules } from '../src/index.ts';
import { loadFixture } from './rules/helpers.ts';

describe('check with fleetops.io/ignore annotations', () => {
  it('keeps an accepted overlap as a suppressed finding and reports the stale and reasonless entries', async () => {
    const result = checkLoaded(await loadFixture('suppressions'));
    const brief = result.findings.map((f) => {
      const where = `${f.location.file}:${f.location.line}`;
      return f.suppressed
        ? `suppressed ${f.ruleId} ${where} by ${f.suppressed.location.file}:${f.suppressed.location.line}: ${f.suppressed.reason}`
        : `${f.severity} ${f.ruleId} ${where}`;
    });
    expect(brief).toEqual([
      // Reported at lab-b, accepted by the annotation on lab-a, the related side.
      'suppressed network/fleet-overlap clusters/lab-b/cluster.yaml:23 by clusters/lab-a/cluster.yaml:22: shared lab VPC, peering never enabled',
      'warning suppression/missing-reason clusters/prod/cluster.yaml:21',
      'warning suppression/unused clusters/prod/cluster.yaml:21',
    ]);
    expect(result.findings[0]!.message).toContain('cluster lab-b');
    expect(result.findings[0]!.message).toContain('cluster lab-a');
    expect(hasErrors(result.findings)).toBe(false);
  });

  it('knows the suppression rules, so SARIF describes them', () => {
    expect([...checkRules.keys()].filter((id) => id.startsWith('suppression/'))).toEqual([
      'suppression/invalid',
      'suppression/missing-reason',
      'suppression/unused',
    ]);
  });

  it('renders the suppressed finding apart in every format', async () => {
    const report = checkReport(checkLoaded(await loadFixture('suppressions')));
    expect(render('text', report)).toMatch(/\n0 errors, 2 warnings, 1 suppressed in 3 files /);
    expect(render('text', report)).not.toContain('clusters/lab-b');
    expect(JSON.parse(render('json', report)).summary).toMatchObject({
      errors: 0,
      warnings: 2,
      suppressed: 1,
    });
    const sarif = JSON.parse(render('sarif', report));
    const results = sarif.runs[0].results as { ruleId: string; suppressions?: unknown[] }[];
    expect(results.find((r) => r.ruleId === 'network/fleet-overlap')?.suppressions).toMatchObject([
      { kind: 'inSource', justification: 'shared lab VPC, peering never enabled' },
    ]);
    expect(render('github', report)).not.toContain('clusters/lab-b');
  });
});
