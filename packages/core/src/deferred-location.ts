import type { Location } from './finding.ts';

/**
 * A location whose line and column are found on first read. Models record where every
 * fact is written, but only the facts that end up in a finding are ever looked at, and
 * finding a position means parsing the file's syntax tree: deferring it keeps loading at
 * the speed of the fast reader.
 *
 * The line and column are getters of a class, not own properties: a fleet model holds
 * hundreds of thousands of these, and a class instance takes a third of the memory of an
 * object literal with its own getters. So copy one with relatedLocation (finding.ts), not
 * with a spread; JSON.stringify gives the resolved place through toJSON.
 */
export function deferLocation(file: string, resolve: () => Location): Location {
  return new DeferredLocation(file, resolve);
}

class DeferredLocation implements Location {
  readonly file: string;
  #resolve: (() => Location) | undefined;
  #resolved: Location | undefined;

  constructor(file: string, resolve: () => Location) {
    this.file = file;
    this.#resolve = resolve;
  }

  get line(): number | undefined {
    return this.#place().line;
  }

  get column(): number | undefined {
    return this.#place().column;
  }

  get endLine(): number | undefined {
    return this.#place().endLine;
  }

  get endColumn(): number | undefined {
    return this.#place().endColumn;
  }

  toJSON(): Location {
    return { ...this.#place(), file: this.file };
  }

  #place(): Location {
    if (this.#resolved === undefined) {
      this.#resolved = this.#resolve!();
      this.#resolve = undefined;
    }
    return this.#resolved;
  }
}
