import type { AppSetDiffReport } from '@fleetops/appset';

/**
 * Why the step fails under `fail-on-errors`, or undefined when it passes. Only generation
 * errors fail it: an ApplicationSet frozen at head (a generator or template failed, so the
 * controller changes none of its Applications). An invalid Application alone, which the
 * controller skips while applying the others, is reported but does not fail the step.
 */
export function failureReason(report: AppSetDiffReport, failOnErrors: boolean): string | undefined {
  const { frozen } = report.totals;
  if (!failOnErrors || frozen === 0) return undefined;
  const errors = report.applicationSets
    .filter((diff) => diff.head.status === 'frozen')
    .reduce(
      (sum, diff) =>
        sum + diff.head.errors.filter((e) => e.kind === 'generation' || e.kind === 'render').length,
      0,
    );
  return `fleetops appset preview: ${errors} generation error${errors === 1 ? '' : 's'} at head; ${frozen} ApplicationSet${frozen === 1 ? '' : 's'} frozen (fail-on-errors: true).`;
}

/** The message for setFailed: a missing base commit gets the fix for the checkout. */
export function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/git archive .*(not a valid object name|not a tree object)/.test(message))
    return `${message.split('\n')[0]}. The checkout does not hold the base revision: use actions/checkout with fetch-depth: 0.`;
  return message;
}
