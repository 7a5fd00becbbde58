import { formatShard, type ValidationTally } from '@fleetops/validate';
import type { ValidateInputs } from './inputs.ts';

/** The first line of the log: what this step is about to do. */
export function startLine(inputs: ValidateInputs): string {
  if (inputs.mode === 'merge')
    return `fleetops validate: merging the reports ${inputs.reports.join(', ')}`;
  const { paths, shard } = inputs.job;
  const scope = shard ? `, shard ${formatShard(shard)}` : '';
  return `fleetops validate: ${paths.join(', ')}${scope}`;
}

/** Why the step fails, as kubeconform's exit status: anything invalid or in error. */
export function failureReason(tally: ValidationTally): string | undefined {
  const { invalid, errors } = tally.totals;
  if (invalid + errors === 0) return undefined;
  const parts = [
    ...(invalid > 0 ? [`${plural(invalid, 'invalid resource')}`] : []),
    ...(errors > 0 ? [`${plural(errors, 'resource')} in error`] : []),
  ];
  return `fleetops validate found ${parts.join(' and ')}.`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun.replace(/(\w+)$/, (word) => (count === 1 ? word : `${word}s`))}`;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
