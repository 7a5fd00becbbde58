import { countFindings, type Finding, type FindingCounts } from '../finding.ts';

/**
 * `3 errors, 1 warning, 2 suppressed in 12 files (40 documents, 120 resources)`: the
 * closing line of a run.
 */
export function tallyLine(
  findings: readonly Finding[],
  stats: Readonly<Record<string, number>> = {},
): string {
  const counts = countFindings(findings);
  const { files, ...others } = stats;
  const extra = Object.entries(others).map(([noun, n]) => quantity(n, noun));
  return [
    countsPhrase(counts),
    files === undefined ? '' : ` in ${quantity(files, 'files')}`,
    extra.length > 0 ? ` (${extra.join(', ')})` : '',
  ].join('');
}

/**
 * Errors and warnings always (a zero is news too); notes and suppressed findings only
 * when there are some. Suppressed findings are counted apart, never in the severities.
 */
export function countsPhrase(counts: FindingCounts & { suppressed?: number }): string {
  const parts = [quantity(counts.error, 'errors'), quantity(counts.warning, 'warnings')];
  if (counts.note > 0) parts.push(quantity(counts.note, 'notes'));
  if ((counts.suppressed ?? 0) > 0) parts.push(`${counts.suppressed} suppressed`);
  return parts.join(', ');
}

/**
 * Stats keys are plural nouns in camelCase (`files`, `emptyDocuments`); they read as words,
 * and one of them reads singular.
 */
export function quantity(n: number, pluralKey: string): string {
  const pluralNoun = pluralKey.replace(
    /([a-z])([A-Z])/g,
    (_, last: string, first: string) => `${last} ${first.toLowerCase()}`,
  );
  const noun = n === 1 && pluralNoun.endsWith('s') ? pluralNoun.slice(0, -1) : pluralNoun;
  return `${n} ${noun}`;
}
