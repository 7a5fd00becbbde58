import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, renderGithubAnnotations } from '../../src/reporters/index.ts';
import { adversarialReport, fleetReport } from './sample-reports.ts';

describe('GitHub annotations reporter', () => {
  it('writes one workflow command per finding, with only the positions that are known', () => {
    expect(renderGithubAnnotations(fleetReport())).toBe(
      [
        '::error file=clusters/eu-west-prod/cluster.yaml,line=12,col=9,endLine=12,endColumn=20,title=fleet/pod-cidr-overlap::pod CIDR 10.0.0.0/16 of eu-west-prod overlaps eu-west-staging%0A  clusters/eu-west-staging/cluster.yaml:12:9: eu-west-staging declares it here',
        '::error file=clusters/us-east-dev/cluster.yaml,line=7,col=3,title=load/yaml-syntax::Map keys must be unique',
        '::warning file=management/values.yaml,title=load/not-a-resource::no apiVersion or kind: not a Kubernetes resource',
        '',
      ].join('\n'),
    );
  });

  it('escapes data and properties so a manifest cannot end the command or start another', () => {
    const lines = renderGithubAnnotations(adversarialReport()).split('\n');
    expect(lines).toHaveLength(5);
    expect(lines.at(-1)).toBe('');
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/^::(error|warning|notice) file=/);
    expect(lines[1]).toBe(
      '::notice file=apps/my app/values (prod).yaml,line=3,col=1,title=load/yaml-syntax::100%25 sure: key=value, a::b',
    );
    expect(lines[3]).toBe(
      '::warning file=clusters/ü-東京/cluster.yaml,line=2,title=fleet/label-conflict::owner @org/team differs from @alice%0D%0Asecond line%0Dthird line%0Afourth line%0A  secrets/a,b:c.yaml: argo secret, says "@bob"',
    );
    expect(lines[2]).toBe(
      '::error file=bin/\uFFFDweird%2520name.yaml,title=load/invalid-utf8::control chars \uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD[31m red \uFFFD \ufffe \ud800 lone surrogate, emoji 🚀 ok',
    );
  });

  it('maps note to ::notice, since workflow commands have no note', () => {
    const report = fleetReport({
      findings: [
        { ruleId: 'x/y', severity: 'note', message: 'm', location: { file: 'f.yaml', line: 1 } },
      ],
    });
    expect(renderGithubAnnotations(report)).toBe('::notice file=f.yaml,line=1,title=x/y::m\n');
  });

  it('writes every finding even past what GitHub shows per step', () => {
    const findings = Array.from({ length: 25 }, (_, i) => ({
      ruleId: 'x/y',
      severity: 'error' as const,
      message: `m${i}`,
      location: { file: 'f.yaml', line: i + 1 },
    }));
    expect(renderGithubAnnotations(fleetReport({ findings })).match(/^::error /gm)).toHaveLength(
      25,
    );
  });

  it('escapes per the runner: % first, then CR and LF; properties also : and ,', () => {
    expect(escapeData('50%0A\r\n: ,')).toBe('50%250A%0D%0A: ,');
    expect(escapeProperty('a: b, c%\n')).toBe('a%3A b%2C c%25%0A');
  });
});
