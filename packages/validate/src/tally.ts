import type { ValidationResult } from './run.ts';

/** Resources of one apiVersion and kind, by status. */
export interface KindTally {
  readonly apiVersion: string;
  readonly kind: string;
  readonly valid: number;
  readonly invalid: number;
  readonly errors: number;
  readonly skipped: number;
}

export interface StatusTotals {
  readonly valid: number;
  readonly invalid: number;
  readonly errors: number;
  readonly skipped: number;
}

/**
 * What a run (or the merge of several shards) found, counted: the files read and the
 * resources of each kind by status. Empty documents are not resources and count in no row;
 * a document that could not be read as a resource (no kind, a YAML error) counts under an
 * empty kind.
 */
export interface ValidationTally {
  readonly files: number;
  /** Sorted by kind, then apiVersion. */
  readonly kinds: readonly KindTally[];
  readonly totals: StatusTotals;
}

const statusField = {
  valid: 'valid',
  invalid: 'invalid',
  error: 'errors',
  skipped: 'skipped',
} as const;

type Counts = { -readonly [K in keyof StatusTotals]: number };
type Row = Counts & { apiVersion: string; kind: string };

export function tallyResults(results: readonly ValidationResult[]): ValidationTally {
  const rows = new Map<string, Row>();
  for (const result of results) {
    if (result.status === 'empty') continue;
    const { kind, version: apiVersion } = result.signature;
    const key = `${apiVersion}\0${kind}`;
    let row = rows.get(key);
    if (!row) {
      row = { apiVersion, kind, valid: 0, invalid: 0, errors: 0, skipped: 0 };
      rows.set(key, row);
    }
    row[statusField[result.status]]++;
  }
  const files = new Set(results.map((result) => result.file)).size;
  return tallyOf(files, [...rows.values()]);
}

/** Adds tallies up: the kinds of every shard, row by row. */
export function sumTallies(tallies: readonly ValidationTally[]): ValidationTally {
  const rows = new Map<string, Row>();
  for (const row of tallies.flatMap((tally) => tally.kinds)) {
    const key = `${row.apiVersion}\0${row.kind}`;
    const sum = rows.get(key) ?? { ...row, valid: 0, invalid: 0, errors: 0, skipped: 0 };
    sum.valid += row.valid;
    sum.invalid += row.invalid;
    sum.errors += row.errors;
    sum.skipped += row.skipped;
    rows.set(key, sum);
  }
  const files = tallies.reduce((total, tally) => total + tally.files, 0);
  return tallyOf(files, [...rows.values()]);
}

function tallyOf(files: number, rows: KindTally[]): ValidationTally {
  rows.sort((a, b) => compare(a.kind, b.kind) || compare(a.apiVersion, b.apiVersion));
  const totals: Counts = { valid: 0, invalid: 0, errors: 0, skipped: 0 };
  for (const row of rows) {
    totals.valid += row.valid;
    totals.invalid += row.invalid;
    totals.errors += row.errors;
    totals.skipped += row.skipped;
  }
  return { files, kinds: rows, totals };
}

/** Code-unit order, the same on every machine (localeCompare is not). */
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Whether the run fails, as kubeconform's exit status: anything invalid or in error. */
export const tallyFails = (tally: ValidationTally): boolean =>
  tally.totals.invalid > 0 || tally.totals.errors > 0;
