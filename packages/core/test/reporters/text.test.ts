import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/reporters/index.ts';
import { adversarialReport, fleetReport } from './sample-reports.ts';

// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping SGR sequences
const sgr = /\x1b\[\d+m/g;

describe('text reporter', () => {
  it('prints file:line:col: severity rule: message, sorted, related places beneath, then the tally', () => {
    expect(renderText(fleetReport())).toBe(
      [
        'clusters/eu-west-prod/cluster.yaml:12:9: error fleet/pod-cidr-overlap: pod CIDR 10.0.0.0/16 of eu-west-prod overlaps eu-west-staging',
        '    ↳ clusters/eu-west-staging/cluster.yaml:12:9: eu-west-staging declares it here',
        'clusters/us-east-dev/cluster.yaml:7:3: error load/yaml-syntax: Map keys must be unique',
        'management/values.yaml: warning load/not-a-resource: no apiVersion or kind: not a Kubernetes resource',
        '',
        '2 errors, 1 warning in 12 files (40 documents, 38 resources)',
        '',
      ].join('\n'),
    );
  });

  it('prints only the tally when there is nothing to report, with singular nouns for one', () => {
    const report = fleetReport({ findings: [], stats: { files: 1, clusters: 1, resources: 0 } });
    expect(renderText(report)).toBe('0 errors, 0 warnings in 1 file (1 cluster, 0 resources)\n');
    expect(renderText(fleetReport({ findings: [], stats: undefined }))).toBe(
      '0 errors, 0 warnings\n',
    );
  });

  it('colours only when asked, and the colours are the only difference', () => {
    const plain = renderText(fleetReport());
    const coloured = renderText(fleetReport(), { color: true });
    expect(plain).not.toMatch(sgr);
    expect(coloured).toContain('\x1b[31merror\x1b[39m');
    expect(coloured).toContain('\x1b[33mwarning\x1b[39m');
    expect(coloured).toContain('\x1b[1mclusters/us-east-dev/cluster.yaml:7:3\x1b[22m:');
    expect(coloured.replace(sgr, '')).toBe(plain);
  });

  it('shows control characters from the repository instead of sending them to the terminal', () => {
    const output = renderText(adversarialReport(), { color: false });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence
    expect(output).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
    expect(output).toContain(
      'bin/\\x07weird%20name.yaml: error load/invalid-utf8: control chars \\x00\\x01\\x08\\x0b\\x0c\\x1b[31m red \\x7f',
    );
  });

  it('indents the further lines of a multi-line message, whatever their line endings', () => {
    const output = renderText(adversarialReport());
    expect(output).toContain(
      [
        'clusters/ü-東京/cluster.yaml:2: warning fleet/label-conflict: owner @org/team differs from @alice',
        '    second line',
        '    third line',
        '    fourth line',
        '    ↳ secrets/a,b:c.yaml: argo secret, says "@bob"',
      ].join('\n'),
    );
  });
});
