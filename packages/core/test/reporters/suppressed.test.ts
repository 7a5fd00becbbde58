import { readFileSync } from 'node:fs';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { countFindings, hasErrors } from '../../src/finding.ts';
import {
  renderGithubAnnotations,
  renderJson,
  renderJunit,
  renderMarkdownSummary,
  renderSarif,
  renderText,
} from '../../src/reporters/index.ts';
import { gfmToHtml, tagsOf } from './gfm.ts';
import { fleetReport, suppressedReport } from './sample-reports.ts';

// biome-ignore lint/suspicious/noExplicitAny: reports are read back as untyped JSON
type Json = any;

const overlap = 'fleet/pod-cidr-overlap';

describe('suppressed findings', () => {
  it('count apart from the severities, and fail nothing', () => {
    const { findings } = suppressedReport();
    expect(countFindings(findings)).toEqual({ error: 1, warning: 1, note: 0, suppressed: 1 });
    expect(hasErrors(findings)).toBe(true);
    const onlySuppressed = findings.filter((finding) => finding.suppressed);
    expect(countFindings(onlySuppressed)).toEqual({ error: 0, warning: 0, note: 0, suppressed: 1 });
    expect(hasErrors(onlySuppressed)).toBe(false);
  });

  it('text: left out of the list and counted in the tally', () => {
    const output = renderText(suppressedReport());
    expect(output).not.toContain(overlap);
    expect(output).toContain('load/yaml-syntax');
    expect(output.trimEnd().split('\n').at(-1)).toBe(
      '1 error, 1 warning, 1 suppressed in 12 files (40 documents, 38 resources)',
    );
    const accepted = suppressedReport().findings.filter((finding) => finding.suppressed);
    const none = suppressedReport({ findings: accepted });
    expect(renderText(none)).toBe(
      '0 errors, 0 warnings, 1 suppressed in 12 files (40 documents, 38 resources)\n',
    );
  });

  it('annotations: none for a suppressed finding', () => {
    const lines = renderGithubAnnotations(suppressedReport()).trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.some((line) => line.includes(overlap))).toBe(false);
  });

  it('JSON: listed with the reason and the annotation’s place, counted only as suppressed', () => {
    const parsed: Json = JSON.parse(renderJson(suppressedReport()));
    const finding = parsed.findings.find((f: Json) => f.ruleId === overlap);
    expect(finding.suppressed).toEqual({
      reason: 'lab | <b>peering</b> never enabled & "never" will be',
      location: { file: 'clusters/eu-west-prod/cluster.yaml', line: 6, column: 25 },
    });
    expect(Object.keys(finding).at(-1)).toBe('suppressed');
    expect(parsed.findings.filter((f: Json) => 'suppressed' in f)).toHaveLength(1);
    expect(parsed.summary).toMatchObject({ errors: 1, warnings: 1, notes: 0, suppressed: 1 });
  });

  it('SARIF: an accepted inSource suppression with the reason as justification, schema-valid', () => {
    const sarif = renderSarif(suppressedReport());
    const schema = new URL(
      '../../../../../shared/schemas/sarif/sarif-schema-2.1.0.json',
      import.meta.url,
    );
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(schema, 'utf8')));
    expect(validate(JSON.parse(sarif)) ? [] : validate.errors).toEqual([]);
    const results: Json[] = JSON.parse(sarif).runs[0].results;
    const suppressed = results.find((result) => result.ruleId === overlap);
    expect(suppressed.suppressions).toEqual([
      {
        kind: 'inSource',
        status: 'accepted',
        justification: 'lab | <b>peering</b> never enabled & "never" will be',
        location: {
          physicalLocation: {
            artifactLocation: { uri: 'clusters/eu-west-prod/cluster.yaml', uriBaseId: '%SRCROOT%' },
            region: { startLine: 6, startColumn: 25 },
          },
        },
      },
    ]);
    expect(suppressed.level).toBe('error');
    // Fingerprints do not change when a finding is suppressed, so the alert is the same one.
    const before: Json[] = JSON.parse(renderSarif(fleetReport())).runs[0].results;
    expect(suppressed.partialFingerprints).toEqual(
      before.find((result) => result.ruleId === overlap).partialFingerprints,
    );
    expect(results.filter((result) => 'suppressions' in result)).toHaveLength(1);
  });

  it('JUnit: a skipped testcase with the reason, no failure, schema-valid', async () => {
    const xml = renderJunit(suppressedReport());
    expect(xml).toContain(
      '<testsuites name="fleetops" tests="3" failures="1" errors="0" time="0">',
    );
    expect(xml).toContain(
      '<testsuite name="clusters/eu-west-prod/cluster.yaml" tests="1" failures="0" errors="0" skipped="1" time="0">',
    );
    expect(xml).toContain(
      '<skipped>suppressed: lab | &lt;b&gt;peering&lt;/b&gt; never enabled &amp; "never" will be</skipped>',
    );
    expect(xml).toContain(
      'suppressed at clusters/eu-west-prod/cluster.yaml:6:25: lab | &lt;b&gt;peering&lt;/b&gt;',
    );
    const xsd = readFileSync(
      new URL('../../../../../shared/schemas/junit/junit.xsd', import.meta.url),
      'utf8',
    );
    const result = await validateXML({
      xml: [{ fileName: 'report.xml', contents: xml }],
      schema: [{ fileName: 'junit.xsd', contents: xsd }],
    });
    expect(result.errors.map((error) => error.rawMessage)).toEqual([]);
  });

  it('Markdown: counted in their own column and listed last, marked, with the escaped reason', () => {
    const markdown = renderMarkdownSummary(suppressedReport());
    expect(markdown).toContain('## fleetops: 1 error, 1 warning, 1 suppressed\n');
    expect(markdown).toContain(
      '| Errors | Warnings | Notes | Suppressed | Files | Documents | Resources |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n| 1 | 1 | 0 | 1 | 12 | 40 | 38 |',
    );
    const rows = markdown.split('\n').filter((line) => line.startsWith('| ') && line.includes('/'));
    const last = rows.at(-1)!;
    expect(last).toContain('| 🔕 suppressed error | [fleet/pod-cidr-overlap]');
    expect(last).toContain(
      '<br>🔕 suppressed at clusters/eu-west-prod/cluster.yaml&#58;6&#58;25: lab',
    );
    const html = gfmToHtml(markdown);
    expect(tagsOf(html).filter((tag) => tag === 'b')).toEqual([]);
    // Without suppressions the table keeps its columns.
    expect(renderMarkdownSummary(fleetReport())).not.toContain('Suppressed');
  });
});
