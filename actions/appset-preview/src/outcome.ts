import type { AppSetDiffReport } from '@fleetops/appset';

/** Why the step fails under `fail-on-errors`, or undefined when it passes. */
export function failureReason(report: AppSetDiffReport, failOnErrors: boolean): string | undefined {
  const { errors, frozen } = report.totals;
  if (!failOnErrors || errors === 0) return undefined;
  const frozenText =
    frozen > 0 ? `; ${frozen} ApplicationSet${frozen === 1 ? '' : 's'} frozen` : '';
  return `fleetops appset preview: ${errors} generation error${errors === 1 ? '' : 's'} at head${frozenText} (fail-on-errors: true).`;
}

/** The message for setFailed: a missing base commit gets the fix for the checkout. */
export function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/git archive .*(not a valid object name|not a tree object)/.test(message))
    return `${message.split('\n')[0]}. The checkout does not hold the base revision: use actions/checkout with fetch-depth: 0.`;
  return message;
}
