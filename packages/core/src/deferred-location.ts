import type { Location } from './finding.ts';

/**
 * A location whose line and column are found on first read. Models record where every
 * fact is written, but only the facts that end up in a finding are ever looked at, and
 * finding a position means parsing the file's syntax tree: deferring it keeps loading at
 * the speed of the fast reader.
 *
 * The getters are the object's own enumerable properties on purpose: spreading a location
 * (`{ ...location, message }`), serialising it or cloning it for another thread gives the
 * resolved place. A class with getters on its prototype would take a third of the memory
 * but lose the line in each of those.
 */
export function deferLocation(file: string, resolve: () => Location): Location {
  // No helper closure: a fleet model makes hundreds of thousands of these.
  let resolved: Location | undefined;
  return {
    file,
    get line() {
      resolved ??= resolve();
      return resolved.line;
    },
    get column() {
      resolved ??= resolve();
      return resolved.column;
    },
    get endLine() {
      resolved ??= resolve();
      return resolved.endLine;
    },
    get endColumn() {
      resolved ??= resolve();
      return resolved.endColumn;
    },
  };
}
