import type { Location } from '@fleetops/core';

/**
 * A fact whose place in the repository is found on first read, then kept. The model and
 * the readers make several facts per cluster (settings, labels, network blocks), and only
 * those a finding points at are ever located: made up front, each would be a path and a
 * location kept for the whole check. A subclass says how to find its place.
 */
export abstract class PlacedOnRead {
  #location: Location | undefined;

  protected abstract place(): Location;

  get location(): Location {
    if (this.#location === undefined) this.#location = this.place();
    return this.#location;
  }

  set location(location: Location) {
    this.#location = location;
  }
}
