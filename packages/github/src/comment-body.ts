/**
 * A comment body built from sections and kept under GitHub's limit. Long reports are cut
 * between sections, never inside one, so no `<details>` or table is left half open, and a
 * note says where the rest is (the job summary, an artifact).
 */
import { escapeMarkdown } from '@fleetops/core';

/** 65,536 characters is GitHub's maximum body of an issue, comment, review or pull request. */
export const commentBodyLimit = 65_536;

export interface Section {
  /** Markdown, already escaped by whoever rendered it. */
  body: string;
  /**
   * Plain text (escaped here): when given, the section is collapsed in a
   * `<details>` whose summary line this is.
   */
  collapsedTitle?: string;
}

export interface CommentBody {
  /** Hidden lines that identify the comment (markers); always kept. */
  markers: string[];
  /** Markdown shown first; always kept. */
  heading: string;
  sections: Section[];
  /**
   * Markdown that says where the full report is, shown when sections are cut, e.g.
   * "[Full report in the job summary](RUN_URL)".
   */
  overflowNote?: string;
  /** Characters; GitHub's limit unless a test wants a smaller one. */
  limit?: number;
}

export function renderSection(section: Section): string {
  if (section.collapsedTitle === undefined) return section.body;
  // Blank lines around the body let GitHub render Markdown inside the HTML block.
  return `<details><summary>${escapeMarkdown(section.collapsedTitle)}</summary>\n\n${section.body}\n\n</details>`;
}

/** The body: markers, heading, then whole sections while they fit, then the note on what was cut. */
export function composeBody(comment: CommentBody): string {
  const limit = comment.limit ?? commentBodyLimit;
  const head = [...comment.markers, comment.heading].join('\n');
  const rendered = comment.sections.map(renderSection);
  const whole = [head, ...rendered].join('\n\n');
  if (whole.length <= limit) return whole;
  const note = (omitted: number) =>
    `_${omitted} of ${rendered.length} sections left out to stay under GitHub's ${limit.toLocaleString('en-US')}-character limit. ${comment.overflowNote ?? 'The job summary has the full report.'}_`;
  let body = clip(head, limit - note(rendered.length).length - 2);
  let kept = 0;
  for (const section of rendered) {
    const candidate = `${body}\n\n${section}`;
    if (candidate.length + 2 + note(rendered.length - kept - 1).length > limit) break;
    body = candidate;
    kept++;
  }
  return `${body}\n\n${note(rendered.length - kept)}`;
}

/** A heading too long for the limit on its own is cut at a line break. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.lastIndexOf('\n', max);
  return text.slice(0, Math.max(cut, 0));
}
