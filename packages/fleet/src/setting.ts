import type { Location } from '@fleetops/core';

/** A setting of an instance and where it is written (or, for a default, where it would be). */
export interface Setting<T> {
  value: T;
  location: Location;
  /** False when the binary's or the chart's default applies. */
  explicit: boolean;
}

/**
 * A setting whose place is found on first read. The readers make several settings per
 * instance of every cluster, and only those a finding points at are ever located: the
 * rest would be a path and a location each, kept for the whole check.
 */
export class DeferredSetting<T, K> implements Setting<T> {
  value: T;
  explicit: boolean;
  readonly #locate: (key: K) => Location;
  readonly #key: K;
  #location: Location | undefined;

  constructor(value: T, explicit: boolean, locate: (key: K) => Location, key: K) {
    this.value = value;
    this.explicit = explicit;
    this.#locate = locate;
    this.#key = key;
  }

  get location(): Location {
    if (this.#location === undefined) this.#location = this.#locate(this.#key);
    return this.#location;
  }

  set location(location: Location) {
    this.#location = location;
  }
}
