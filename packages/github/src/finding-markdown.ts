/**
 * A finding as GitHub Markdown, for review comments and review bodies. Everything that
 * came from the repository goes through core's escapeMarkdown.
 */
import {
  activeFindings,
  countFindings,
  escapeMarkdown,
  type Finding,
  formatLocation,
  markdownLink,
  type RuleCatalog,
  type Severity,
  sortFindings,
} from '@fleetops/core';
import type { CommentBody } from './comment-body.ts';

const severityLabel: Record<Severity, string> = {
  error: '❌ **error**',
  warning: '⚠️ **warning**',
  note: 'ℹ️ **note**',
};

function ruleText(ruleId: string, rules: RuleCatalog | undefined): string {
  const helpUri = rules?.get(ruleId)?.helpUri;
  return helpUri === undefined ? escapeMarkdown(ruleId) : markdownLink(ruleId, helpUri);
}

/** The body of one review comment: severity, rule, message, related places. */
export function findingMarkdown(finding: Finding, rules?: RuleCatalog): string {
  const related = (finding.related ?? []).map((place) => {
    const why = place.message === undefined ? '' : `: ${escapeMarkdown(place.message)}`;
    return `- ${escapeMarkdown(formatLocation(place))}${why}`;
  });
  const lines = [
    `${severityLabel[finding.severity]} ${ruleText(finding.ruleId, rules)}`,
    '',
    escapeMarkdown(finding.message),
  ];
  return (related.length > 0 ? [...lines, '', ...related] : lines).join('\n');
}

/** One line per finding, with its location: for findings that cannot sit on a diff line. */
export function findingsList(findings: readonly Finding[], rules?: RuleCatalog): string {
  return findings
    .map(
      (finding) =>
        `- ${severityLabel[finding.severity]} ${escapeMarkdown(formatLocation(finding.location))} ${ruleText(finding.ruleId, rules)}: ${escapeMarkdown(finding.message)}`,
    )
    .join('\n');
}

/**
 * `4 errors, 1 warning, 0 notes`, and `, 2 suppressed` when findings were accepted in the
 * repository: suppressed findings are counted, never listed.
 */
export function findingCountsText(findings: readonly Finding[]): string {
  const counts = countFindings(findings);
  const text = `${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.note, 'note')}`;
  return counts.suppressed > 0 ? `${text}, ${counts.suppressed} suppressed` : text;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export interface FindingsCommentOptions {
  /** Plain text, e.g. "fleetops validate". */
  title: string;
  rules?: RuleCatalog;
  /** Markdown that says where the full report is, if the comment must be cut. */
  overflowNote?: string;
}

/**
 * A sticky comment for findings: a heading with the counts, then one collapsed section per
 * file, so a long report stays short to scroll past and is cut between files if it must be.
 * Suppressed findings are in the heading's count only: the sections list what needs doing.
 */
export function findingsCommentBody(
  findings: readonly Finding[],
  options: FindingsCommentOptions,
): Omit<CommentBody, 'markers'> {
  const heading = `### ${escapeMarkdown(options.title)}: ${findingCountsText(findings)}`;
  const byFile = new Map<string, Finding[]>();
  for (const finding of sortFindings(activeFindings(findings))) {
    const list = byFile.get(finding.location.file) ?? [];
    list.push(finding);
    byFile.set(finding.location.file, list);
  }
  const sections = [...byFile].map(([file, list]) => ({
    collapsedTitle: `${file} (${list.length})`,
    body: findingsList(list, options.rules),
  }));
  return {
    heading,
    sections,
    ...(options.overflowNote === undefined ? {} : { overflowNote: options.overflowNote }),
  };
}
