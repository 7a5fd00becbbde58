import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/finding.ts';
import { renderMarkdownSummary, stepSummaryLimit } from '../../src/reporters/index.ts';
import { gfmToHtml, tagsOf } from './gfm.ts';
import { adversarialReport, fleetReport } from './sample-reports.ts';

const sourceUrl = 'https://github.com/acme/fleet/blob/0123abc/';

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function manyFindings(count: number, message: string): Finding[] {
  return Array.from({ length: count }, (_, i) => ({
    ruleId: 'fleet/pod-cidr-overlap',
    severity: 'error',
    message: `${message} #${i}`,
    location: { file: `clusters/c${String(i).padStart(5, '0')}/cluster.yaml`, line: 1 },
  }));
}

/** The rows of the rendered findings table, each as its list of cell HTML. */
function findingRows(markdown: string): string[][] {
  const html = gfmToHtml(markdown);
  const tables = html.split('<table>');
  const body = tables.at(-1)!.split('<tbody>')[1]!.split('</tbody>')[0]!;
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((cell) => cell[1]!),
  );
}

describe('Markdown job summary', () => {
  it('has a verdict heading, a counts table and a findings table with linked locations', () => {
    expect(
      renderMarkdownSummary(fleetReport(), { sourceUrl }),
    ).toBe(`## fleetops: 2 errors, 1 warning

| Errors | Warnings | Notes | Files | Documents | Resources |
| ---: | ---: | ---: | ---: | ---: | ---: |
| 2 | 1 | 0 | 12 | 40 | 38 |

### Findings

| Location | Severity | Rule | Message |
| --- | --- | --- | --- |
| [clusters/eu-west-prod/cluster.yaml&#58;12&#58;9](${sourceUrl}clusters/eu-west-prod/cluster.yaml#L12) | ❌ error | [fleet/pod-cidr-overlap](https://docs.cilium.io/en/stable/network/clustermesh/clustermesh/) | pod CIDR 10.0.0.0/16 of eu-west-prod overlaps eu-west-staging<br>↳ [clusters/eu-west-staging/cluster.yaml&#58;12&#58;9](${sourceUrl}clusters/eu-west-staging/cluster.yaml#L12): eu-west-staging declares it here |
| [clusters/us-east-dev/cluster.yaml&#58;7&#58;3](${sourceUrl}clusters/us-east-dev/cluster.yaml#L7) | ❌ error | load/yaml-syntax | Map keys must be unique |
| [management/values.yaml](${sourceUrl}management/values.yaml) | ⚠️ warning | load/not-a-resource | no apiVersion or kind&#58; not a Kubernetes resource |
`);
  });

  it('says so plainly when there is nothing to report', () => {
    expect(
      renderMarkdownSummary(fleetReport({ findings: [], stats: { files: 3 } })),
    ).toBe(`## fleetops: no findings

| Errors | Warnings | Notes | Files |
| ---: | ---: | ---: | ---: |
| 0 | 0 | 0 | 3 |

No findings.
`);
  });

  it('links a line range and leaves locations unlinked without a source URL', () => {
    const finding: Finding = {
      ruleId: 'x/y',
      severity: 'note',
      message: 'm',
      location: { file: 'apps/my app/a.yaml', line: 3, endLine: 5 },
    };
    const report = fleetReport({ findings: [finding] });
    expect(renderMarkdownSummary(report, { sourceUrl })).toContain(
      `| [apps/my app/a.yaml&#58;3](${sourceUrl}apps/my%20app/a.yaml#L3-L5) | ℹ️ note | x/y | m |`,
    );
    expect(renderMarkdownSummary(report)).toContain(
      '| apps/my app/a.yaml&#58;3 | ℹ️ note | x/y | m |',
    );
  });

  it('renders adversarial findings as one table row each, four cells, and no injected markup', () => {
    const markdown = renderMarkdownSummary(adversarialReport(), { sourceUrl });
    const rows = findingRows(markdown);
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row).toHaveLength(4);
    const html = gfmToHtml(markdown);
    const allowed = new Set(['h2', 'h3', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a', 'br']);
    expect(tagsOf(html).filter((tag) => !allowed.has(tag))).toEqual([]);
    // The only links are the ones the reporter made: the locations.
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs.every((href) => href?.startsWith(sourceUrl))).toBe(true);
    expect(html).not.toMatch(/@[A-Za-z0-9]/);
    expect(markdown).not.toContain('</details>');
    expect(rows[3]![3]).toContain(
      'owner @\u200Dorg/team differs from @\u200Dalice<br>second line<br>third line',
    );
  });

  it('cuts the findings table to fit a byte budget and says how many rows were left out', () => {
    // Multi-byte text: the budget is in UTF-8 bytes, not characters.
    const report = fleetReport({ findings: manyFindings(200, 'Überlappung 東京 🚀 '.repeat(5)) });
    const whole = renderMarkdownSummary(report, { maxBytes: 10_000_000 });
    expect(whole).not.toContain('left out');
    const cut = renderMarkdownSummary(report, { maxBytes: 20_000 });
    expect(bytes(cut)).toBeLessThanOrEqual(20_000);
    const kept = findingRows(cut).length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(200);
    expect(cut).toContain(
      `\n_${200 - kept} findings were left out to keep this summary under 20,000 bytes;`,
    );
    expect(cut.startsWith(whole.slice(0, bytes(cut) / 2))).toBe(true);
  });

  it('stays under GitHub’s 1 MiB step-summary limit by default', () => {
    expect(stepSummaryLimit).toBe(1_048_576);
    const report = fleetReport({ findings: manyFindings(6_000, 'x'.repeat(200)) });
    const summary = renderMarkdownSummary(report);
    expect(bytes(summary)).toBeLessThanOrEqual(1_048_576);
    expect(bytes(summary)).toBeGreaterThan(1_000_000);
    const kept = findingRows(summary).length;
    expect(summary).toMatch(new RegExp(`_${6_000 - kept} findings were left out`));
  });
});
