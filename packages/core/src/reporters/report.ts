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
}

export const formats = ['text', 'json', 'sarif', 'junit', 'github', 'markdown'] as const;
export type Format = (typeof formats)[number];

export interface RenderOptions {
  /** ANSI colour in the text format; callers pass true only for a TTY. */
  color?: boolean;
}
