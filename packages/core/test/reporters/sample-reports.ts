import { type Finding, ruleCatalog } from '../../src/finding.ts';
import type { Report } from '../../src/reporters/index.ts';

/** What a real `fleetops check` of a small fleet reports: catalogued rules, related places, stats. */
export function fleetReport(overrides: Partial<Report> = {}): Report {
  return {
    tool: {
      name: 'fleetops',
      version: '0.1.0',
      informationUri: 'https://github.com/fleetops/fleetops',
    },
    rules: ruleCatalog([
      {
        id: 'fleet/pod-cidr-overlap',
        summary: 'Pod CIDRs of meshed clusters must not overlap',
        defaultSeverity: 'error',
        rationale:
          'Cilium ClusterMesh routes pod IPs between clusters; overlapping ranges blackhole traffic.',
        helpUri: 'https://docs.cilium.io/en/stable/network/clustermesh/clustermesh/',
      },
      {
        id: 'load/yaml-syntax',
        summary: 'Files must be valid YAML',
        defaultSeverity: 'error',
      },
    ]),
    findings: [
      {
        ruleId: 'load/yaml-syntax',
        severity: 'error',
        message: 'Map keys must be unique',
        location: { file: 'clusters/us-east-dev/cluster.yaml', line: 7, column: 3 },
      },
      {
        ruleId: 'fleet/pod-cidr-overlap',
        severity: 'error',
        message: 'pod CIDR 10.0.0.0/16 of eu-west-prod overlaps eu-west-staging',
        location: {
          file: 'clusters/eu-west-prod/cluster.yaml',
          line: 12,
          column: 9,
          endLine: 12,
          endColumn: 20,
        },
        related: [
          {
            file: 'clusters/eu-west-staging/cluster.yaml',
            line: 12,
            column: 9,
            message: 'eu-west-staging declares it here',
          },
        ],
        data: { cidr: '10.0.0.0/16', clusters: ['eu-west-prod', 'eu-west-staging'] },
      },
      {
        ruleId: 'load/not-a-resource',
        severity: 'warning',
        message: 'no apiVersion or kind: not a Kubernetes resource',
        location: { file: 'management/values.yaml' },
      },
    ],
    stats: { files: 12, documents: 40, resources: 38 },
    root: '/home/ci/fleet',
    ...overrides,
  };
}

/** Everything a hostile or unlucky manifest can put into a finding. */
export const adversarialFindings: Finding[] = [
  {
    ruleId: 'load/yaml-syntax',
    severity: 'error',
    message:
      'bad value "a|b" *bold* _it_ `code` [x](javascript:alert(1)) <img src=x> # ! ~~s~~ \\ </details>',
    location: { file: 'apps/my app/values (prod).yaml', line: 3, column: 1 },
  },
  {
    ruleId: 'fleet/label-conflict',
    severity: 'warning',
    message: 'owner @org/team differs from @alice\r\nsecond line\rthird line\nfourth line',
    location: { file: 'clusters/ü-東京/cluster.yaml', line: 2 },
    related: [{ file: 'secrets/a,b:c.yaml', message: 'argo secret, says "@bob"' }],
  },
  {
    ruleId: 'load/invalid-utf8',
    severity: 'error',
    message:
      'control chars \u0000\u0001\u0008\u000b\u000c\u001b[31m red \u007f \ufffe \ud800 lone surrogate, emoji 🚀 ok',
    location: { file: 'bin/\u0007weird%20name.yaml' },
  },
  {
    ruleId: 'load/yaml-syntax',
    severity: 'note',
    message: '100% sure: key=value, a::b',
    location: { file: 'apps/my app/values (prod).yaml', line: 3, column: 1 },
  },
];

export function adversarialReport(overrides: Partial<Report> = {}): Report {
  return fleetReport({ findings: adversarialFindings, ...overrides });
}

/**
 * The fleet report with its pod CIDR overlap accepted by an annotation; the reason is
 * repository text, so it carries what Markdown, XML and terminals must not take literally.
 */
export function suppressedReport(overrides: Partial<Report> = {}): Report {
  const report = fleetReport();
  const findings = report.findings.map((finding) =>
    finding.ruleId === 'fleet/pod-cidr-overlap'
      ? {
          ...finding,
          suppressed: {
            reason: 'lab | <b>peering</b> never enabled & "never" will be',
            location: { file: 'clusters/eu-west-prod/cluster.yaml', line: 6, column: 25 },
          },
        }
      : finding,
  );
  return { ...report, findings, ...overrides };
}
