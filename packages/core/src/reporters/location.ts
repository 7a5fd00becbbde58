import type { Location } from '../finding.ts';

/** `file:line:col`, dropping the parts that are unknown, as compilers and editors print it. */
export function formatLocation(location: Location): string {
  if (location.line === undefined) return location.file;
  if (location.column === undefined) return `${location.file}:${location.line}`;
  return `${location.file}:${location.line}:${location.column}`;
}
