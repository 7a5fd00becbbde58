import type { Finding, Severity } from '@fleetops/core';
import { formatShard, type Shard } from './shard.ts';
import { type KindTally, sumTallies, type ValidationTally } from './tally.ts';

/** Names the format in every report, so a stray JSON file among the artifacts is told apart. */
export const shardReportFormat = 'fleetops-validate-report/1';

/**
 * What one validate run hands to the merge: its counts per kind and its findings, located
 * relative to the repository root. It is the whole outcome of the run, so the merge renders
 * the same summary, annotations and SARIF as one unsharded run would.
 */
export interface ShardReport {
  readonly format: typeof shardReportFormat;
  /** Absent for an unsharded run. */
  readonly shard?: Shard;
  readonly tally: ValidationTally;
  readonly findings: readonly Finding[];
}

/** The outcome of a run or of a merge: what the reporters and the exit status are made of. */
export interface ValidationOutcome {
  readonly tally: ValidationTally;
  readonly findings: readonly Finding[];
  /** The shard this run validated. */
  readonly shard?: Shard;
  /** How many reports a merge combined. */
  readonly merged?: number;
}

export class ShardReportError extends Error {
  override name = 'ShardReportError';
}

export function renderShardReport(outcome: ValidationOutcome): string {
  const report: ShardReport = {
    format: shardReportFormat,
    ...(outcome.shard && { shard: outcome.shard }),
    tally: outcome.tally,
    findings: outcome.findings,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * Reads a report back. Artifacts are untrusted input: every field is checked, and an error
 * names the file and what was expected there.
 */
export function parseShardReport(text: string, file: string): ShardReport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ShardReportError(`${file}: not JSON (${(error as Error).message})`);
  }
  const fail = (what: string): never => {
    throw new ShardReportError(
      `${file}: not a fleetops validate report: ${what}. Merge the files written by the validate action's report-file.`,
    );
  };
  if (!isObject(value) || value.format !== shardReportFormat)
    fail(`expected "format": "${shardReportFormat}"`);
  const report = value as Record<string, unknown>;
  let shard: Shard | undefined;
  if (report.shard !== undefined) {
    const s = report.shard;
    if (!isObject(s) || !isCount(s.index) || !isCount(s.count) || s.index > s.count)
      fail('expected "shard": {"index": i, "count": n} with 1 <= i <= n');
    shard = { index: (s as { index: number }).index, count: (s as { count: number }).count };
  }
  const tally = report.tally;
  if (!isObject(tally) || !isCount(tally.files, 0) || !Array.isArray(tally.kinds))
    fail('expected "tally": {"files": n, "kinds": [...]}');
  const kinds = (tally as { kinds: unknown[] }).kinds.map((row, i): KindTally => {
    const ok =
      isObject(row) &&
      typeof row.apiVersion === 'string' &&
      typeof row.kind === 'string' &&
      (['valid', 'invalid', 'errors', 'skipped'] as const).every((k) => isCount(row[k], 0));
    if (!ok)
      fail(`tally.kinds[${i}] needs apiVersion, kind and counts valid, invalid, errors, skipped`);
    const { apiVersion, kind, valid, invalid, errors, skipped } = row as unknown as KindTally;
    return { apiVersion, kind, valid, invalid, errors, skipped };
  });
  if (!Array.isArray(report.findings)) fail('expected "findings": [...]');
  const findings = (report.findings as unknown[]).map((finding, i) => {
    if (!isFinding(finding))
      fail(`findings[${i}] needs ruleId, severity, message and location.file`);
    return finding as Finding;
  });
  const files = (tally as { files: number }).files;
  return {
    format: shardReportFormat,
    ...(shard && { shard }),
    tally: sumTallies([{ files, kinds, totals: { valid: 0, invalid: 0, errors: 0, skipped: 0 } }]),
    findings,
  };
}

/**
 * One outcome from the reports of a matrix: counts added up, findings in shard order. The
 * shards of a split must all be there, once each and of the same split: a shard whose job
 * died before uploading its report must fail the merge, never pass it by omission.
 * Unsharded reports (one job per folder, say) are added up as they are.
 */
export function mergeShardReports(
  reports: readonly { file: string; report: ShardReport }[],
): ValidationOutcome {
  if (reports.length === 0)
    throw new ShardReportError(
      'no reports to merge: check that every shard uploaded its report-file and that the reports input names where they were downloaded.',
    );
  const sharded = reports.filter(({ report }) => report.shard);
  if (sharded.length > 0) checkSplit(reports);
  const ordered = [...reports].sort(
    (a, b) => (a.report.shard?.index ?? 0) - (b.report.shard?.index ?? 0),
  );
  return {
    tally: sumTallies(ordered.map(({ report }) => report.tally)),
    findings: ordered.flatMap(({ report }) => report.findings),
    merged: reports.length,
  };
}

function checkSplit(reports: readonly { file: string; report: ShardReport }[]): void {
  const whole = reports.find(({ report }) => !report.shard);
  if (whole)
    throw new ShardReportError(
      `${whole.file} is the report of an unsharded run, the others are shards: merge one or the other.`,
    );
  const count = reports[0]?.report.shard?.count ?? 0;
  const other = reports.find(({ report }) => report.shard?.count !== count);
  if (other)
    throw new ShardReportError(
      `${other.file} is shard ${formatShard(other.report.shard as Shard)}, ${reports[0]?.file} is of ${count}: every report must come from the same split.`,
    );
  const seen = new Map<number, string>();
  for (const { file, report } of reports) {
    const index = (report.shard as Shard).index;
    const first = seen.get(index);
    if (first !== undefined)
      throw new ShardReportError(
        `shard ${index}/${count} is reported twice, by ${first} and ${file}: clear old artifacts or name each shard's artifact apart.`,
      );
    seen.set(index, file);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0)
    throw new ShardReportError(
      `shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${count}`).join(', ')} missing among the reports: the merge cannot vouch for files it has not seen. Did every matrix job upload its report (with if: \${{ !cancelled() }})?`,
    );
}

const severities: readonly Severity[] = ['error', 'warning', 'note'];

function isFinding(value: unknown): boolean {
  return (
    isObject(value) &&
    typeof value.ruleId === 'string' &&
    severities.includes(value.severity as Severity) &&
    typeof value.message === 'string' &&
    isObject(value.location) &&
    typeof value.location.file === 'string'
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isCount(value: unknown, min = 1): value is number {
  return Number.isSafeInteger(value) && (value as number) >= min;
}
