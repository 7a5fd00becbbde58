/**
 * The one currency of fleetops: every job returns findings, every output renders them.
 * Modelled on reviewdog's rdjson diagnostic and SARIF's result, reduced to what a
 * fleet repository needs.
 */

export type Severity = 'error' | 'warning' | 'note';

/** A place in the repository. Lines and columns are 1-based, as editors and GitHub count. */
export interface Location {
  /** Path relative to the repository root, with forward slashes. */
  file: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}

export interface RelatedLocation extends Location {
  /** Why this place matters to the finding ("first defined here"). */
  message?: string;
}

export interface Finding {
  /** Stable rule id, `area/name` in kebab-case, e.g. `load/yaml-syntax`. */
  ruleId: string;
  severity: Severity;
  message: string;
  location: Location;
  related?: RelatedLocation[];
  /** Machine-readable facts for reporters that want them (JSON, SARIF properties). */
  data?: Record<string, unknown>;
  /**
   * Set when a `fleetops.io/ignore` annotation accepts this finding (see suppression.ts).
   * A suppressed finding is still reported, marked, but never counted or failed on.
   */
  suppressed?: Suppression;
}

/** Who accepted a finding and why: SARIF's suppression object, kind `inSource`. */
export interface Suppression {
  /** The reason written beside the rule id in the annotation. */
  reason: string;
  /** Where the annotation is written. */
  location: Location;
}

/** What a reporter needs to know about a rule: SARIF's reportingDescriptor, trimmed. */
export interface RuleMeta {
  id: string;
  /** One line: what the rule checks. */
  summary: string;
  defaultSeverity: Severity;
  /** Why a violation matters, for SARIF's fullDescription and the docs. */
  rationale?: string;
  /** Where the fact behind the rule is documented upstream. */
  helpUri?: string;
}

export type RuleCatalog = ReadonlyMap<string, RuleMeta>;

export function ruleCatalog(rules: Iterable<RuleMeta>): RuleCatalog {
  return new Map([...rules].map((rule) => [rule.id, rule]));
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, note: 2 };

/** Deterministic order: by file, then line, column, severity and rule, so outputs diff cleanly. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.location.file, b.location.file) ||
    (a.location.line ?? 0) - (b.location.line ?? 0) ||
    (a.location.column ?? 0) - (b.location.column ?? 0) ||
    severityRank[a.severity] - severityRank[b.severity] ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.message, b.message)
  );
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

/** Findings in force, by severity; suppressed findings are not among them. */
export interface FindingCounts {
  error: number;
  warning: number;
  note: number;
}

/** The counts, and beside them the suppressed findings, which no exit code depends on. */
export interface FindingTally extends FindingCounts {
  suppressed: number;
}

export function countFindings(findings: readonly Finding[]): FindingTally {
  const counts: FindingTally = { error: 0, warning: 0, note: 0, suppressed: 0 };
  for (const finding of findings) {
    if (finding.suppressed) counts.suppressed++;
    else counts[finding.severity]++;
  }
  return counts;
}

/** True when an error is in force: a suppressed error fails nothing. */
export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((finding) => finding.severity === 'error' && !finding.suppressed);
}

/** The findings still in force, for outputs that show only what needs doing. */
export function activeFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((finding) => !finding.suppressed);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A plain copy of `location` with an optional message, for a finding's related places.
 * Use it rather than spreading: a deferred location (deferred-location.ts) keeps its line
 * and column behind getters that a spread does not copy.
 */
export function relatedLocation(location: Location, message?: string): RelatedLocation {
  const { file, line, column, endLine, endColumn } = location;
  const copy: RelatedLocation = { file };
  if (line !== undefined) copy.line = line;
  if (column !== undefined) copy.column = column;
  if (endLine !== undefined) copy.endLine = endLine;
  if (endColumn !== undefined) copy.endColumn = endColumn;
  if (message !== undefined) copy.message = message;
  return copy;
}
