import type { JsonPath, LocateOptions, Location } from '@fleetops/core';
import type { Entry } from './documents.ts';
import { signatureOf } from './signature.ts';
import type { ResourceValidator, Verdict } from './validator.ts';

/** One result, as kubeconform's Result: a verdict tied to the file it came from. */
export interface ValidationResult extends Verdict {
  /** The file as given on the command line or found in a folder; `stdin` for standard input. */
  readonly file: string;
  /** Where the resource (path []) or one of its fields is written; absent for file errors. */
  readonly locate?: (path?: JsonPath, options?: LocateOptions) => Location;
  /** The decoded resource, for the checks across resources (dangling references). */
  readonly object?: Record<string, unknown>;
  /** Where a parse error is, for error results without a resource. */
  readonly location?: Location;
}

/** The result of one entry of a file; `objects: false` leaves the decoded resource out. */
export async function resultOf(
  validator: ResourceValidator,
  entry: Entry,
  options: { objects: boolean },
): Promise<ValidationResult> {
  if (entry.type === 'empty')
    return {
      status: 'empty',
      reason: 'empty',
      file: entry.file,
      signature: signatureOf(undefined),
    };
  if (entry.type === 'error')
    return {
      status: 'error',
      reason: entry.reason,
      file: entry.file,
      signature: signatureOf(entry.value),
      error: entry.message,
      location: entry.location,
    };
  const verdict = await validator.validate(entry.value);
  return {
    ...verdict,
    file: entry.file,
    locate: entry.locate,
    ...(options.objects ? { object: entry.value } : {}),
  };
}
