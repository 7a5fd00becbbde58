import type { Location } from './finding.ts';

/**
 * A location whose line and column are found on first read. Models record where every
 * fact is written, but only the facts that end up in a finding are ever looked at, and
 * finding a position means parsing the file's syntax tree: deferring it keeps loading at
 * the speed of the fast reader.
 */
export function deferLocation(file: string, resolve: () => Location): Location {
  let resolved: Location | undefined;
  const field = <K extends keyof Location>(key: K) => {
    resolved ??= resolve();
    return resolved[key];
  };
  return {
    file,
    get line() {
      return field('line');
    },
    get column() {
      return field('column');
    },
    get endLine() {
      return field('endLine');
    },
    get endColumn() {
      return field('endColumn');
    },
  };
}
