import type { Location, Repository, Resource } from '@fleetops/core';
import type { Fact, SourceKind } from './model.ts';

/**
 * A label of a Cluster API Cluster or an Argo CD cluster secret as a fact, its place
 * found on first read. Every cluster has a few labels from each source and only those a
 * finding points at are ever located: made up front, each would be a path and a deferred
 * location kept for the whole check (as DeferredSetting in setting.ts avoids for settings).
 */
export class LabelFact implements Fact<string> {
  value: string;
  source: SourceKind;
  readonly #repository: Pick<Repository, 'locate'>;
  readonly #resource: Resource;
  readonly #key: string;
  #location: Location | undefined;

  constructor(
    value: string,
    source: SourceKind,
    repository: Pick<Repository, 'locate'>,
    resource: Resource,
    key: string,
  ) {
    this.value = value;
    this.source = source;
    this.#repository = repository;
    this.#resource = resource;
    this.#key = key;
  }

  get location(): Location {
    if (this.#location === undefined)
      this.#location = this.#repository.locate(this.#resource, ['metadata', 'labels', this.#key]);
    return this.#location;
  }

  set location(location: Location) {
    this.#location = location;
  }

  /** The fact as the plain object it stands for, keys in the same order. */
  toJSON(): Fact<string> {
    return { value: this.value, source: this.source, location: this.location };
  }
}
