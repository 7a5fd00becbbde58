import { escapeMarkdown } from '@fleetops/core';
import { formatShard, type Shard } from './shard.ts';
import type { ValidationTally } from './tally.ts';

/** Past this many kinds the table stops with a note; real fleets have a few dozen. */
const maxRows = 300;

/**
 * The head of the validate job summary: one line with the totals, then resources per kind
 * with their counts by status. The findings (the errors, at their lines) follow it, written
 * by the findings reporters. Kinds and apiVersions come from the repository: escaped.
 */
export function renderKindTable(
  tally: ValidationTally,
  options: { title?: string; shard?: Shard; shards?: number } = {},
): string {
  const { totals } = tally;
  const resources = totals.valid + totals.invalid + totals.errors + totals.skipped;
  const scope = options.shard
    ? ` (shard ${formatShard(options.shard)})`
    : options.shards
      ? ` (${plural(options.shards, 'shard')} merged)`
      : '';
  const lines = [
    `## ${escapeMarkdown(options.title ?? 'fleetops validate')}${scope}: ${plural(resources, 'resource')} in ${plural(tally.files, 'file')}`,
    '',
    `${verdict(tally)} ${totals.valid} valid, ${totals.invalid} invalid, ${plural(totals.errors, 'error')}, ${totals.skipped} skipped.`,
    '',
  ];
  if (tally.kinds.length === 0) return `${lines.join('\n')}\n`;
  lines.push(
    '| Kind | API version | Resources | Valid | Invalid | Errors | Skipped |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const row of tally.kinds.slice(0, maxRows)) {
    const count = row.valid + row.invalid + row.errors + row.skipped;
    const kind = row.kind === '' ? '_no kind_' : escapeMarkdown(row.kind);
    const apiVersion = row.apiVersion === '' ? '' : escapeMarkdown(row.apiVersion);
    lines.push(
      `| ${kind} | ${apiVersion} | ${count} | ${row.valid} | ${row.invalid} | ${row.errors} | ${row.skipped} |`,
    );
  }
  lines.push(
    `| **Total** | | **${resources}** | **${totals.valid}** | **${totals.invalid}** | **${totals.errors}** | **${totals.skipped}** |`,
  );
  if (tally.kinds.length > maxRows)
    lines.push('', `_${tally.kinds.length - maxRows} more kinds are counted in the total only._`);
  return `${lines.join('\n')}\n\n`;
}

function verdict(tally: ValidationTally): string {
  return tally.totals.invalid + tally.totals.errors > 0 ? '❌' : '✅';
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
