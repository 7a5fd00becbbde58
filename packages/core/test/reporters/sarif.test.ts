import { readFileSync } from 'node:fs';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { fingerprintKey, renderSarif, sarifSchemaUri } from '../../src/reporters/index.ts';
import { adversarialReport, fleetReport } from './sample-reports.ts';

// The OASIS schema is JSON Schema draft-04 (`id`, draft-04 `$schema`): plain Ajv 8 refuses it.
const schemaFile = new URL(
  '../../../../../shared/schemas/sarif/sarif-schema-2.1.0.json',
  import.meta.url,
);
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateSarif = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));

function schemaErrors(sarif: string): unknown[] {
  return validateSarif(JSON.parse(sarif)) ? [] : (validateSarif.errors ?? []);
}

// biome-ignore lint/suspicious/noExplicitAny: SARIF is read back as untyped JSON
type Json = any;

describe('SARIF reporter', () => {
  it('is valid SARIF 2.1.0 for a realistic report and for an adversarial one', () => {
    expect(schemaErrors(renderSarif(fleetReport()))).toEqual([]);
    expect(schemaErrors(renderSarif(adversarialReport()))).toEqual([]);
    expect(schemaErrors(renderSarif(fleetReport({ findings: [], root: undefined })))).toEqual([]);
  });

  it('the schema check bites: a result without a message is rejected', () => {
    const log: Json = JSON.parse(renderSarif(fleetReport()));
    delete log.runs[0].results[0].message;
    expect(schemaErrors(JSON.stringify(log))).not.toEqual([]);
  });

  it('the format check bites: a raw path with a space is not a URI reference', () => {
    const log: Json = JSON.parse(renderSarif(fleetReport()));
    log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = 'apps/my app.yaml';
    expect(schemaErrors(JSON.stringify(log))).toMatchObject([
      { keyword: 'format', params: { format: 'uri-reference' } },
    ]);
  });

  it('describes the tool and every catalogued rule, with a bare entry for uncatalogued ones', () => {
    const log: Json = JSON.parse(renderSarif(fleetReport()));
    expect(log.$schema).toBe(sarifSchemaUri);
    expect(log.version).toBe('2.1.0');
    const driver = log.runs[0].tool.driver;
    expect(driver).toMatchObject({
      name: 'fleetops',
      version: '0.1.0',
      informationUri: 'https://github.com/fleetops/fleetops',
    });
    expect(driver.rules).toEqual([
      {
        id: 'fleet/pod-cidr-overlap',
        shortDescription: { text: 'Pod CIDRs of meshed clusters must not overlap' },
        fullDescription: {
          text: 'Cilium ClusterMesh routes pod IPs between clusters; overlapping ranges blackhole traffic.',
        },
        help: {
          text: 'Cilium ClusterMesh routes pod IPs between clusters; overlapping ranges blackhole traffic.\n\nSee https://docs.cilium.io/en/stable/network/clustermesh/clustermesh/',
        },
        helpUri: 'https://docs.cilium.io/en/stable/network/clustermesh/clustermesh/',
        defaultConfiguration: { level: 'error' },
      },
      {
        id: 'load/not-a-resource',
        shortDescription: { text: 'load/not-a-resource' },
        fullDescription: { text: 'load/not-a-resource' },
        defaultConfiguration: { level: 'warning' },
      },
      {
        id: 'load/yaml-syntax',
        shortDescription: { text: 'Files must be valid YAML' },
        fullDescription: { text: 'Files must be valid YAML' },
        help: { text: 'Files must be valid YAML' },
        defaultConfiguration: { level: 'error' },
      },
    ]);
  });

  it('writes results with rule index, level, relative locations and only the known region fields', () => {
    const run: Json = JSON.parse(renderSarif(fleetReport())).runs[0];
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///home/ci/fleet/' } });
    expect(run.results.map((r: Json) => [r.ruleId, r.ruleIndex, r.level])).toEqual([
      ['fleet/pod-cidr-overlap', 0, 'error'],
      ['load/yaml-syntax', 2, 'error'],
      ['load/not-a-resource', 1, 'warning'],
    ]);
    for (const result of run.results) {
      expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    }
    const [overlap, syntax, notResource] = run.results;
    expect(overlap.locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: 'clusters/eu-west-prod/cluster.yaml', uriBaseId: '%SRCROOT%' },
          region: { startLine: 12, startColumn: 9, endLine: 12, endColumn: 20 },
        },
      },
    ]);
    expect(overlap.relatedLocations).toEqual([
      {
        id: 1,
        physicalLocation: {
          artifactLocation: {
            uri: 'clusters/eu-west-staging/cluster.yaml',
            uriBaseId: '%SRCROOT%',
          },
          region: { startLine: 12, startColumn: 9 },
        },
        message: { text: 'eu-west-staging declares it here' },
      },
    ]);
    expect(overlap.properties).toEqual({
      cidr: '10.0.0.0/16',
      clusters: ['eu-west-prod', 'eu-west-staging'],
    });
    expect(syntax.locations[0].physicalLocation.region).toEqual({ startLine: 7, startColumn: 3 });
    expect(syntax.relatedLocations).toBeUndefined();
    expect(notResource.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'management/values.yaml', uriBaseId: '%SRCROOT%' },
    });
  });

  it('percent-encodes paths with spaces, parentheses, percent signs and non-ASCII characters', () => {
    const run: Json = JSON.parse(renderSarif(adversarialReport())).runs[0];
    const uris = run.results.map((r: Json) => r.locations[0].physicalLocation.artifactLocation.uri);
    expect(uris).toEqual([
      'apps/my%20app/values%20(prod).yaml',
      'apps/my%20app/values%20(prod).yaml',
      'bin/%07weird%2520name.yaml',
      'clusters/%C3%BC-%E6%9D%B1%E4%BA%AC/cluster.yaml',
    ]);
    expect(run.results[3].relatedLocations[0].physicalLocation.artifactLocation.uri).toBe(
      'secrets/a%2Cb%3Ac.yaml',
    );
  });

  it('keeps message text as it is, CRLF and all: SARIF text is JSON, not markup', () => {
    const run: Json = JSON.parse(renderSarif(adversarialReport())).runs[0];
    expect(run.results[3].message.text).toBe(
      'owner @org/team differs from @alice\r\nsecond line\rthird line\nfourth line',
    );
  });

  it('leaves out originalUriBaseIds without an absolute root', () => {
    expect(
      JSON.parse(renderSarif(fleetReport({ root: undefined }))).runs[0].originalUriBaseIds,
    ).toBeUndefined();
    expect(
      JSON.parse(renderSarif(fleetReport({ root: 'fleet' }))).runs[0].originalUriBaseIds,
    ).toBeUndefined();
  });

  describe('partialFingerprints', () => {
    const fingerprints = (report = fleetReport()): string[] =>
      JSON.parse(renderSarif(report)).runs[0].results.map(
        (r: Json) => r.partialFingerprints[fingerprintKey],
      );

    it('are the same across runs and input orders, and differ between findings', () => {
      const first = fingerprints();
      expect(first).toHaveLength(3);
      expect(new Set(first).size).toBe(3);
      for (const fingerprint of first) expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
      expect(
        fingerprints(fleetReport({ findings: [...fleetReport().findings].reverse() })),
      ).toEqual(first);
    });

    it('survive lines moving, so an edit above a finding does not open a new alert', () => {
      const moved = fleetReport().findings.map((f) => ({
        ...f,
        location: { ...f.location, line: (f.location.line ?? 0) + 5 },
      }));
      expect(fingerprints(fleetReport({ findings: moved }))).toEqual(fingerprints());
    });

    it('tell identical findings in one file apart', () => {
      const finding = fleetReport().findings[0]!;
      const twice = [finding, { ...finding, location: { ...finding.location, line: 40 } }];
      const [a, b] = fingerprints(fleetReport({ findings: twice }));
      expect(a).not.toBe(b);
    });
  });
});
