/**
 * A finding as GitHub Markdown, for review comments and review bodies. Everything that
 * came from the repository goes through core's escapeMarkdown.
 */
import {
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
 */
export function findingsCommentBody(
  findings: readonly Finding[],
  options: FindingsCommentOptions,
): Omit<CommentBody, 'markers'> {
  const counts = countFindings(findings);
  const heading = `### ${escapeMarkdown(options.title)}: ${counts.error} errors, ${counts.warning} warnings, ${counts.note} notes`;
  const byFile = new Map<string, Finding[]>();
  for (const finding of sortFindings(findings)) {
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
