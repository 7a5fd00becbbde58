import { activeFindings, type Finding, type Severity, sortFindings } from '../finding.ts';
import { formatLocation } from './location.ts';
import type { Report } from './report.ts';

/**
 * GitHub Actions workflow commands, one line per finding:
 * `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::message`.
 *
 * GitHub shows at most 10 error and 10 warning annotations per step (and 50 per job) and
 * drops the rest silently. Every finding is still written here, in file order; pointing
 * readers at the rest (the job summary, SARIF) is the caller's concern. Suppressed
 * findings are not: an annotation asks for action, and those were accepted.
 */
export const annotationsShownPerStep = 10;

const commands: Record<Severity, string> = { error: 'error', warning: 'warning', note: 'notice' };

export function renderGithubAnnotations(report: Report): string {
  return sortFindings(activeFindings(report.findings))
    .map((finding) => `${annotation(finding)}\n`)
    .join('');
}

function annotation(finding: Finding): string {
  const { file, line, column, endLine, endColumn } = finding.location;
  const properties: [string, string | number | undefined][] = [
    ['file', file],
    ['line', line],
    // A column without a line would be ignored by GitHub; keep the command honest.
    ['col', line === undefined ? undefined : column],
    ['endLine', line === undefined ? undefined : endLine],
    ['endColumn', line === undefined || column === undefined ? undefined : endColumn],
    ['title', finding.ruleId],
  ];
  const list = properties
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${commands[finding.severity]} ${list}::${escapeData(message(finding))}`;
}

/** Related locations have no field of their own in an annotation; they follow the message. */
function message(finding: Finding): string {
  const related = (finding.related ?? []).map((place) => {
    const why = place.message === undefined ? '' : `: ${place.message}`;
    return `  ${formatLocation(place)}${why}`;
  });
  return [finding.message, ...related].join('\n');
}

/**
 * Not part of the runner's escaping: other control characters are replaced so that an
 * escape sequence in a manifest cannot restyle or garble the job log around the command.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const logControls = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;

/**
 * The runner splits a command at `::` and the data ends at the line break, so a raw newline
 * in a message would end the command and let the rest of a manifest issue commands of its
 * own. These are the runner's escapes (actions/toolkit command.ts).
 */
export function escapeData(text: string): string {
  return text
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A')
    .replace(logControls, '\uFFFD');
}

/** A property list is split at `,` and ends at `::`, so those characters are escaped too. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
