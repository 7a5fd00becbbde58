import { activeFindings, type Finding, type Severity, sortFindings } from '../finding.ts';
import { formatLocation } from './location.ts';
import type { RenderOptions, Report } from './report.ts';
import { tallyLine } from './tally.ts';

/** SGR sequences; a handful, so no colour library. */
const ansi = {
  bold: ['\x1b[1m', '\x1b[22m'],
  dim: ['\x1b[2m', '\x1b[22m'],
  red: ['\x1b[31m', '\x1b[39m'],
  yellow: ['\x1b[33m', '\x1b[39m'],
  cyan: ['\x1b[36m', '\x1b[39m'],
} as const;
type Style = keyof typeof ansi;

const severityStyle: Record<Severity, Style> = { error: 'red', warning: 'yellow', note: 'cyan' };

/** Continuation lines of a message and related locations sit under the finding they belong to. */
const indent = '    ';

/**
 * One `file:line:col: severity rule: message` line per finding, the form editors and
 * terminals turn into links, related locations indented beneath, then the tally.
 * Suppressed findings are left out and counted in the tally: the JSON and SARIF outputs
 * list them with their reasons.
 * Colour only when `options.color`: the caller decides (TTY, NO_COLOR), not this module.
 */
export function renderText(report: Report, options: RenderOptions = {}): string {
  const paint = painter(options.color === true);
  const lines = sortFindings(activeFindings(report.findings)).flatMap((finding) =>
    findingLines(finding, paint),
  );
  if (lines.length > 0) lines.push('');
  lines.push(tallyLine(report.findings, report.stats));
  return `${lines.join('\n')}\n`;
}

type Paint = (style: Style, text: string) => string;

function painter(color: boolean): Paint {
  return color ? (style, text) => `${ansi[style][0]}${text}${ansi[style][1]}` : (_, text) => text;
}

function findingLines(finding: Finding, paint: Paint): string[] {
  const [first = '', ...rest] = terminalLines(finding.message);
  const head = [
    `${paint('bold', terminalSafe(formatLocation(finding.location)))}:`,
    paint(severityStyle[finding.severity], finding.severity),
    `${paint('dim', terminalSafe(finding.ruleId))}:`,
    first,
  ].join(' ');
  const related = (finding.related ?? []).map((place) => {
    const where = paint('bold', terminalSafe(formatLocation(place)));
    const why = place.message === undefined ? '' : `: ${terminalLines(place.message).join(' ')}`;
    return `${indent}↳ ${where}${why}`;
  });
  return [head, ...rest.map((line) => indent + line), ...related];
}

function terminalLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).map(terminalSafe);
}

/**
 * Repository text must not drive the terminal: an escape sequence in a manifest could
 * clear the screen or forge output. Control characters are shown as `\xHH` instead.
 */
function terminalSafe(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => {
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}
