import type { Location } from '@fleetops/core';
import { PlacedOnRead } from './placed-on-read.ts';

/** A setting of an instance and where it is written (or, for a default, where it would be). */
export interface Setting<T> {
  value: T;
  location: Location;
  /** False when the binary's or the chart's default applies. */
  explicit: boolean;
}

/** A setting whose place is found on first read (placed-on-read.ts), by `locate(key)`. */
export class DeferredSetting<T, K> extends PlacedOnRead implements Setting<T> {
  value: T;
  explicit: boolean;
  readonly #locate: (key: K) => Location;
  readonly #key: K;

  constructor(value: T, explicit: boolean, locate: (key: K) => Location, key: K) {
    super();
    this.value = value;
    this.explicit = explicit;
    this.#locate = locate;
    this.#key = key;
  }

  protected place(): Location {
    return this.#locate(this.#key);
  }
}
