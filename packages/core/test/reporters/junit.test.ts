import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { renderJunit } from '../../src/reporters/index.ts';
import { adversarialReport, fleetReport } from './sample-reports.ts';

const xsd = readFileSync(
  new URL('../../../../../shared/schemas/junit/junit.xsd', import.meta.url),
  'utf8',
);

// biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence
const illegalInXml = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])/;

async function xsdErrors(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: 'report.xml', contents: xml }],
    schema: [{ fileName: 'junit.xsd', contents: xsd }],
  });
  return result.errors.map((error) => error.rawMessage);
}

describe('JUnit reporter', () => {
  it('writes one suite per file, a failure per error, warnings as passing output', () => {
    const report = fleetReport({
      subjects: ['clusters/eu-west-prod/cluster.yaml', 'clusters/us-east-prod/cluster.yaml'],
    });
    expect(renderJunit(report)).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="fleetops" tests="4" failures="2" errors="0" time="0">
  <testsuite name="clusters/eu-west-prod/cluster.yaml" tests="1" failures="1" errors="0" skipped="0" time="0">
    <testcase name="fleet/pod-cidr-overlap at 12:9" classname="clusters/eu-west-prod/cluster.yaml" time="0">
      <failure type="fleet/pod-cidr-overlap" message="pod CIDR 10.0.0.0/16 of eu-west-prod overlaps eu-west-staging">clusters/eu-west-prod/cluster.yaml:12:9: error fleet/pod-cidr-overlap: pod CIDR 10.0.0.0/16 of eu-west-prod overlaps eu-west-staging
    clusters/eu-west-staging/cluster.yaml:12:9: eu-west-staging declares it here</failure>
    </testcase>
  </testsuite>
  <testsuite name="clusters/us-east-dev/cluster.yaml" tests="1" failures="1" errors="0" skipped="0" time="0">
    <testcase name="load/yaml-syntax at 7:3" classname="clusters/us-east-dev/cluster.yaml" time="0">
      <failure type="load/yaml-syntax" message="Map keys must be unique">clusters/us-east-dev/cluster.yaml:7:3: error load/yaml-syntax: Map keys must be unique</failure>
    </testcase>
  </testsuite>
  <testsuite name="clusters/us-east-prod/cluster.yaml" tests="1" failures="0" errors="0" skipped="0" time="0">
    <testcase name="no findings" classname="clusters/us-east-prod/cluster.yaml" time="0"/>
  </testsuite>
  <testsuite name="management/values.yaml" tests="1" failures="0" errors="0" skipped="0" time="0">
    <testcase name="load/not-a-resource" classname="management/values.yaml" time="0">
      <system-out>management/values.yaml: warning load/not-a-resource: no apiVersion or kind: not a Kubernetes resource</system-out>
    </testcase>
  </testsuite>
</testsuites>
`);
  });

  it('is valid against the Jenkins JUnit schema, realistic and adversarial', async () => {
    expect(await xsdErrors(renderJunit(fleetReport({ subjects: ['a.yaml'] })))).toEqual([]);
    expect(await xsdErrors(renderJunit(adversarialReport()))).toEqual([]);
  });

  it('the schema check bites: a testcase without a name is rejected', async () => {
    const broken = renderJunit(fleetReport()).replace('name="load/yaml-syntax at 7:3" ', '');
    expect(await xsdErrors(broken)).not.toEqual([]);
  });

  it('escapes markup, keeps line breaks in attributes and replaces characters XML 1.0 forbids', () => {
    const xml = renderJunit(adversarialReport());
    expect(xml).toContain(
      'message="bad value &quot;a|b&quot; *bold* _it_ `code` [x](javascript:alert(1)) &lt;img src=x&gt; # ! ~~s~~ \\ &lt;/details&gt;"',
    );
    expect(xml).toContain('name="bin/\uFFFDweird%20name.yaml"');
    expect(xml).toContain(
      'message="control chars \uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD[31m red \u007f \uFFFD \uFFFD lone surrogate, emoji 🚀 ok"',
    );
    expect(xml).toContain(
      '<system-out>clusters/ü-東京/cluster.yaml:2: warning fleet/label-conflict: owner @org/team differs from @alice\r\nsecond line\rthird line\nfourth line\n    secrets/a,b:c.yaml: argo secret, says "@bob"</system-out>',
    );
    expect(xml).not.toMatch(illegalInXml);
  });

  it('names repeated findings apart and counts notes as passing tests', () => {
    const xml = renderJunit(adversarialReport());
    expect(xml).toContain(
      '<testsuite name="apps/my app/values (prod).yaml" tests="2" failures="1" errors="0" skipped="0" time="0">',
    );
    expect(xml).toContain(
      '<testcase name="load/yaml-syntax at 3:1" classname="apps/my app/values (prod).yaml"',
    );
    expect(xml).toContain(
      '<testcase name="load/yaml-syntax at 3:1 (2)" classname="apps/my app/values (prod).yaml"',
    );
    expect(xml).toMatch(/<testsuites name="fleetops" tests="4" failures="2" errors="0"/);
  });

  it('reports a clean run with no subjects as one passing test, so dashboards do not see an empty report', async () => {
    const xml = renderJunit(fleetReport({ findings: [] }));
    expect(xml).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="fleetops" tests="1" failures="0" errors="0" time="0">
  <testsuite name="fleetops" tests="1" failures="0" errors="0" skipped="0" time="0">
    <testcase name="no findings" classname="fleetops" time="0"/>
  </testsuite>
</testsuites>
`);
    expect(await xsdErrors(xml)).toEqual([]);
  });
});
