import { countFindings, type Finding, type Location, sortFindings } from '../finding.ts';
import type { Report } from './report.ts';

/**
 * `{"findings":[...],"summary":{"errors","warnings","notes","suppressed",...stats}}`, a
 * contract that scripts read with jq: the field names and their order are fixed here, not
 * by the Finding type, so adding a field to Finding does not silently change this output.
 * A suppressed finding is listed with `"suppressed": {"reason", "location"}` and counted
 * in `summary.suppressed` only, so `.summary.errors` is what an exit code is made of.
 */
export function renderJson(report: Report): string {
  const document = {
    findings: sortFindings(report.findings).map(findingJson),
    summary: summaryJson(report),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function findingJson(finding: Finding): Record<string, unknown> {
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    location: locationJson(finding.location),
    related: (finding.related ?? []).map((place) => ({
      ...locationJson(place),
      ...(place.message === undefined ? {} : { message: place.message }),
    })),
    ...(finding.data === undefined ? {} : { data: finding.data }),
    ...(finding.suppressed === undefined
      ? {}
      : {
          suppressed: {
            reason: finding.suppressed.reason,
            location: locationJson(finding.suppressed.location),
          },
        }),
  };
}

/** Unknown positions are left out rather than written as null, as in the Finding itself. */
function locationJson(location: Location): Record<string, unknown> {
  const { file, line, column, endLine, endColumn } = location;
  return { file, line, column, endLine, endColumn };
}

function summaryJson(report: Report): Record<string, number> {
  const counts = countFindings(report.findings);
  const summary: Record<string, number> = {
    errors: counts.error,
    warnings: counts.warning,
    notes: counts.note,
    suppressed: counts.suppressed,
  };
  // The counts win over a stat of the same name: they are what exit codes are made of.
  for (const [name, value] of Object.entries(report.stats ?? {})) summary[name] ??= value;
  return summary;
}
