import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/reporters/index.ts';
import { adversarialReport, fleetReport } from './sample-reports.ts';

describe('JSON reporter', () => {
  it('writes the documented shape, sorted, pretty-printed with a trailing newline', () => {
    expect(renderJson(fleetReport())).toBe(`{
  "findings": [
    {
      "ruleId": "fleet/pod-cidr-overlap",
      "severity": "error",
      "message": "pod CIDR 10.0.0.0/16 of eu-west-prod overlaps eu-west-staging",
      "location": {
        "file": "clusters/eu-west-prod/cluster.yaml",
        "line": 12,
        "column": 9,
        "endLine": 12,
        "endColumn": 20
      },
      "related": [
        {
          "file": "clusters/eu-west-staging/cluster.yaml",
          "line": 12,
          "column": 9,
          "message": "eu-west-staging declares it here"
        }
      ],
      "data": {
        "cidr": "10.0.0.0/16",
        "clusters": [
          "eu-west-prod",
          "eu-west-staging"
        ]
      }
    },
    {
      "ruleId": "load/yaml-syntax",
      "severity": "error",
      "message": "Map keys must be unique",
      "location": {
        "file": "clusters/us-east-dev/cluster.yaml",
        "line": 7,
        "column": 3
      },
      "related": []
    },
    {
      "ruleId": "load/not-a-resource",
      "severity": "warning",
      "message": "no apiVersion or kind: not a Kubernetes resource",
      "location": {
        "file": "management/values.yaml"
      },
      "related": []
    }
  ],
  "summary": {
    "errors": 2,
    "warnings": 1,
    "notes": 0,
    "suppressed": 0,
    "files": 12,
    "documents": 40,
    "resources": 38
  }
}
`);
  });

  it('keeps the counts when a stat has the same name', () => {
    const summary = JSON.parse(
      renderJson(fleetReport({ stats: { errors: 99, files: 3 } })),
    ).summary;
    expect(summary).toEqual({ errors: 2, warnings: 1, notes: 0, suppressed: 0, files: 3 });
    expect(Object.keys(summary)).toEqual(['errors', 'warnings', 'notes', 'suppressed', 'files']);
  });

  it('round-trips adversarial text exactly and orders findings the same whatever the input order', () => {
    const report = adversarialReport();
    const output = renderJson(report);
    const parsed = JSON.parse(output);
    expect(parsed.findings.map((f: { message: string }) => f.message).sort()).toEqual(
      report.findings.map((f) => f.message).sort(),
    );
    expect(parsed.findings.map((f: { location: { file: string } }) => f.location.file)).toEqual([
      'apps/my app/values (prod).yaml',
      'apps/my app/values (prod).yaml',
      'bin/\u0007weird%20name.yaml',
      'clusters/ü-東京/cluster.yaml',
    ]);
    expect(renderJson(adversarialReport({ findings: [...report.findings].reverse() }))).toBe(
      output,
    );
  });
});
