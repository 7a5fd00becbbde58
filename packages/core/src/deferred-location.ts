import type { Location } from './finding.ts';
import type { JsonPath, LocateOptions } from './position.ts';

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
  return new ResolvedByCall(file, resolve);
}

/** Finds `path` in one document of a file: the repository's positions (loader.ts). */
export interface DocumentLocator {
  locate(file: string, documentIndex: number, path: JsonPath, options?: LocateOptions): Location;
}

/**
 * The place of `base` then `path` in document `documentIndex`, found by `locator` on first
 * read. The repository's `locate` makes one of these per fact of the fleet model, so it
 * holds its parts as given rather than a closure and a joined path: a third of the
 * garbage. The paths are the callers' fresh arrays and are never changed afterwards.
 */
export function deferPathLocation(
  file: string,
  locator: DocumentLocator,
  documentIndex: number,
  base: JsonPath,
  path: JsonPath,
  options?: LocateOptions,
): Location {
  return new ResolvedByPath(file, locator, documentIndex, base, path, options);
}

abstract class DeferredLocation implements Location {
  readonly file: string;
  #resolved: Location | undefined;

  constructor(file: string) {
    this.file = file;
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

  protected abstract resolve(): Location;

  #place(): Location {
    if (this.#resolved === undefined) this.#resolved = this.resolve();
    return this.#resolved;
  }
}

class ResolvedByCall extends DeferredLocation {
  #resolve: (() => Location) | undefined;

  constructor(file: string, resolve: () => Location) {
    super(file);
    this.#resolve = resolve;
  }

  protected resolve(): Location {
    const place = this.#resolve!();
    this.#resolve = undefined;
    return place;
  }
}

/** Private fields: a spread or Object.keys of a location sees its file only, as before. */
class ResolvedByPath extends DeferredLocation {
  readonly #locator: DocumentLocator;
  readonly #documentIndex: number;
  readonly #base: JsonPath;
  readonly #path: JsonPath;
  readonly #options: LocateOptions | undefined;

  constructor(
    file: string,
    locator: DocumentLocator,
    documentIndex: number,
    base: JsonPath,
    path: JsonPath,
    options: LocateOptions | undefined,
  ) {
    super(file);
    this.#locator = locator;
    this.#documentIndex = documentIndex;
    this.#base = base;
    this.#path = path;
    this.#options = options;
  }

  protected resolve(): Location {
    const path = this.#base.length === 0 ? this.#path : [...this.#base, ...this.#path];
    return this.#locator.locate(this.file, this.#documentIndex, path, this.#options);
  }
}
