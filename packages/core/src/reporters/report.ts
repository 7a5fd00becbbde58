import type { Finding, RuleCatalog } from '../finding.ts';

/** Everything a reporter may render. Reporters are pure: a Report in, a string out. */
export interface Report {
  tool: { name: string; version: string; informationUri?: string };
  findings: readonly Finding[];
  /** Metadata of every rule that can appear in `findings` (SARIF rules, help links). */
  rules: RuleCatalog;
  /** Facts the job wants to show beside the counts: files, documents, resources, clusters. */
  stats?: Readonly<Record<string, number>>;
  /** Absolute path that `location.file` is relative to (SARIF's originalUriBaseIds). */
  root?: string;
  /**
   * The files that were checked, relative to the root. JUnit lists each as a test suite, so
   * a clean file shows up as a passing test rather than not at all.
   */
  subjects?: readonly string[];
}

export const formats = ['text', 'json', 'sarif', 'junit', 'github', 'markdown'] as const;
export type Format = (typeof formats)[number];

export interface RenderOptions {
  /**
   * ANSI colour in the text format; callers pass true only for a TTY, and false when the
   * NO_COLOR environment variable is set (https://no-color.org). Reporters never read the
   * environment themselves.
   */
  color?: boolean;
  /**
   * Base URL that a file path is appended to for links in the Markdown summary, e.g.
   * `https://github.com/OWNER/REPO/blob/SHA/`. Without it locations are plain text.
   */
  sourceUrl?: string;
  /**
   * Upper bound of the Markdown output in UTF-8 bytes; the findings table is cut to fit.
   * Defaults to GitHub's step-summary limit (see job-summary.ts).
   */
  maxBytes?: number;
}
