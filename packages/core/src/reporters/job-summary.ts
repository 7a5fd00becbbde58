import {
  activeFindings,
  countFindings,
  type Finding,
  type Location,
  type RuleCatalog,
  type Severity,
  sortFindings,
} from '../finding.ts';
import { formatLocation } from './location.ts';
import { encodePath, escapeMarkdown, markdownLink } from './markdown-escape.ts';
import type { RenderOptions, Report } from './report.ts';
import { countsPhrase } from './tally.ts';

/**
 * 1 MiB is the most GitHub accepts in one step's $GITHUB_STEP_SUMMARY; past it the upload
 * fails and the summary is lost. The whole summary must fit, so the findings table is cut.
 */
export const stepSummaryLimit = 1_048_576;

const severityLabel: Record<Severity, string> = {
  error: '❌ error',
  warning: '⚠️ warning',
  note: 'ℹ️ note',
};

/**
 * A GitHub job summary: a heading with the verdict, a counts table, and a findings table.
 * Suppressed findings come last in the table, marked, with the reason they were accepted,
 * so a cut for size drops them first. Every string that came from the repository goes
 * through escapeMarkdown.
 */
export function renderMarkdownSummary(report: Report, options: RenderOptions = {}): string {
  const head = [heading(report), '', ...countsTable(report), ''].join('\n');
  if (report.findings.length === 0) return `${head}\nNo findings.\n`;
  const active = activeFindings(report.findings);
  const suppressed = report.findings.filter((finding) => finding.suppressed);
  const rows = [...sortFindings(active), ...sortFindings(suppressed)].map((f) =>
    findingRow(f, report.rules, options),
  );
  const tableHead = [
    '### Findings',
    '',
    '| Location | Severity | Rule | Message |',
    '| --- | --- | --- | --- |',
    '',
  ].join('\n');
  return fitted(`${head}\n${tableHead}`, rows, options.maxBytes ?? stepSummaryLimit);
}

function heading(report: Report): string {
  const verdict =
    report.findings.length === 0 ? 'no findings' : countsPhrase(countFindings(report.findings));
  return `## ${escapeMarkdown(report.tool.name)}: ${verdict}`;
}

/** One row of counts, then the job's stats in the order it gave them. */
function countsTable(report: Report): string[] {
  const counts = countFindings(report.findings);
  const columns: [string, number][] = [
    ['Errors', counts.error],
    ['Warnings', counts.warning],
    ['Notes', counts.note],
    ...(counts.suppressed > 0 ? [['Suppressed', counts.suppressed] as [string, number]] : []),
    ...Object.entries(report.stats ?? {}).map(([name, n]): [string, number] => [
      capitalised(name),
      n,
    ]),
  ];
  return [
    `| ${columns.map(([name]) => escapeMarkdown(name)).join(' | ')} |`,
    `| ${columns.map(() => '---:').join(' | ')} |`,
    `| ${columns.map(([, n]) => n).join(' | ')} |`,
  ];
}

function findingRow(finding: Finding, rules: RuleCatalog, options: RenderOptions): string {
  const helpUri = rules.get(finding.ruleId)?.helpUri;
  const rule =
    helpUri === undefined ? escapeMarkdown(finding.ruleId) : markdownLink(finding.ruleId, helpUri);
  const related = (finding.related ?? []).map((place) => {
    const why = place.message === undefined ? '' : `: ${escapeMarkdown(place.message)}`;
    return `<br>↳ ${locationCell(place, options)}${why}`;
  });
  const accepted = finding.suppressed
    ? `<br>🔕 suppressed at ${locationCell(finding.suppressed.location, options)}: ${escapeMarkdown(finding.suppressed.reason)}`
    : '';
  const cells = [
    locationCell(finding.location, options),
    finding.suppressed ? `🔕 suppressed ${finding.severity}` : severityLabel[finding.severity],
    rule,
    escapeMarkdown(finding.message) + related.join('') + accepted,
  ];
  return `| ${cells.join(' | ')} |\n`;
}

/** `file:line` linked to the line (`#L12`, or `#L12-L14` for a range) when a source URL is known. */
function locationCell(location: Location, options: RenderOptions): string {
  const label = formatLocation(location);
  if (options.sourceUrl === undefined) return escapeMarkdown(label);
  const { line, endLine } = location;
  const anchor =
    line === undefined
      ? ''
      : endLine !== undefined && endLine > line
        ? `#L${line}-L${endLine}`
        : `#L${line}`;
  return markdownLink(label, `${options.sourceUrl}${encodePath(location.file)}${anchor}`);
}

/**
 * The head, then as many rows as fit under `maxBytes` with room kept for the note that says
 * how many were left out. The note's room is measured for the largest possible count.
 * The head and the note are always written, so a budget below their size (a few hundred
 * bytes) is exceeded; the limits this serves are 1 MiB and 65,536.
 */
function fitted(head: string, rows: readonly string[], maxBytes: number): string {
  const whole = head + rows.join('');
  if (utf8Bytes(whole) <= maxBytes) return whole;
  let budget = maxBytes - utf8Bytes(head) - utf8Bytes(omissionNote(rows.length, maxBytes));
  let kept = 0;
  for (const row of rows) {
    budget -= utf8Bytes(row);
    if (budget < 0) break;
    kept++;
  }
  return head + rows.slice(0, kept).join('') + omissionNote(rows.length - kept, maxBytes);
}

function omissionNote(omitted: number, maxBytes: number): string {
  const rows = omitted === 1 ? '1 finding was' : `${omitted} findings were`;
  const limit = maxBytes.toLocaleString('en-US');
  return `\n_${rows} left out to keep this summary under ${limit} bytes; the SARIF or JSON report has them all._\n`;
}

function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function capitalised(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
