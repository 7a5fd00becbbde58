import { type Finding, sortFindings } from '../finding.ts';
import { formatLocation } from './location.ts';
import type { Report } from './report.ts';
import { escapeXmlAttribute as attr, escapeXmlText as text } from './xml-escape.ts';

/**
 * JUnit XML in the Jenkins JUnit 4 schema, which Jenkins, GitLab and the GitHub test
 * reporters all read. The mapping:
 * - one <testsuite> per file, named by its path; every file in `report.subjects` gets one,
 *   so a clean file shows as a passing test instead of vanishing from the dashboard;
 * - one <testcase> per finding, classname = the file;
 * - an error is a <failure> (not <error>, which dashboards read as "the test crashed");
 * - a warning or note is a passing testcase whose <system-out> carries the text: it is
 *   shown without failing the build, as the exit code does not fail on it either;
 * - a suppressed finding, of any severity, is a skipped testcase: <skipped> holds the
 *   reason it was accepted (the Jenkins schema gives it no message attribute), then
 *   <system-out> the finding; counted in the suite's `skipped`;
 * - a file without findings has one passing testcase, `no findings`.
 * Times are "0": a check has no per-file duration, and a timestamp would make the output
 * differ from run to run.
 */
export function renderJunit(report: Report): string {
  const byFile = groupByFile(report);
  const suites = [...byFile].map(([file, findings]) => suite(file, findings));
  const failures = report.findings.filter(isFailure).length;
  const tests = [...byFile.values()].reduce((n, findings) => n + Math.max(findings.length, 1), 0);
  const head = `<testsuites name="${attr(report.tool.name)}" tests="${tests}" failures="${failures}" errors="0" time="0">`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    head,
    ...suites.flat().map((line) => `  ${line}`),
    '</testsuites>',
    '',
  ].join('\n');
}

/** Files in report order; with no files at all, one suite named after the tool says the run passed. */
function groupByFile(report: Report): Map<string, Finding[]> {
  const files = new Set([
    ...report.findings.map((f) => f.location.file),
    ...(report.subjects ?? []),
  ]);
  const byFile = new Map<string, Finding[]>([...files].sort(compareText).map((file) => [file, []]));
  for (const finding of sortFindings(report.findings))
    byFile.get(finding.location.file)?.push(finding);
  if (byFile.size === 0) byFile.set(report.tool.name, []);
  return byFile;
}

function suite(file: string, findings: readonly Finding[]): string[] {
  const failures = findings.filter(isFailure).length;
  const skipped = findings.filter((f) => f.suppressed).length;
  const names = testcaseNames(findings);
  const cases =
    findings.length === 0
      ? [`<testcase name="no findings" classname="${attr(file)}" time="0"/>`]
      : findings.flatMap((finding, i) => testcase(file, names[i] ?? finding.ruleId, finding));
  return [
    `<testsuite name="${attr(file)}" tests="${Math.max(findings.length, 1)}" failures="${failures}" errors="0" skipped="${skipped}" time="0">`,
    ...cases.map((line) => `  ${line}`),
    '</testsuite>',
  ];
}

function testcase(file: string, name: string, finding: Finding): string[] {
  const open = `<testcase name="${attr(name)}" classname="${attr(file)}" time="0">`;
  const body = text(describe(finding));
  const detail = finding.suppressed
    ? [
        `<skipped>${text(`suppressed: ${finding.suppressed.reason}`)}</skipped>`,
        `<system-out>${body}</system-out>`,
      ]
    : finding.severity === 'error'
      ? [
          `<failure type="${attr(finding.ruleId)}" message="${attr(finding.message)}">${body}</failure>`,
        ]
      : [`<system-out>${body}</system-out>`];
  return [open, ...detail.map((line) => `  ${line}`), '</testcase>'];
}

function isFailure(finding: Finding): boolean {
  return finding.severity === 'error' && !finding.suppressed;
}

/** The same lines as the text format, so a failure in a dashboard reads like the terminal. */
function describe(finding: Finding): string {
  const head = `${formatLocation(finding.location)}: ${finding.severity} ${finding.ruleId}: ${finding.message}`;
  const related = (finding.related ?? []).map((place) => {
    const why = place.message === undefined ? '' : `: ${place.message}`;
    return `    ${formatLocation(place)}${why}`;
  });
  const accepted = finding.suppressed
    ? [
        `    suppressed at ${formatLocation(finding.suppressed.location)}: ${finding.suppressed.reason}`,
      ]
    : [];
  return [head, ...related, ...accepted].join('\n');
}

/**
 * `rule at line:col`; dashboards key test history by classname + name, so a name that repeats
 * in one file gets a ` (2)`, ` (3)` suffix in order of appearance.
 */
function testcaseNames(findings: readonly Finding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const { line, column } = finding.location;
    const where =
      line === undefined ? '' : ` at ${column === undefined ? line : `${line}:${column}`}`;
    const base = `${finding.ruleId}${where}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
