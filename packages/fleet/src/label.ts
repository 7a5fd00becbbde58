import type { Location, Repository, Resource } from '@fleetops/core';
import type { Fact, SourceKind } from './model.ts';
import { PlacedOnRead } from './placed-on-read.ts';

/**
 * A label of a Cluster API Cluster or an Argo CD cluster secret as a fact, its place
 * found on first read (placed-on-read.ts).
 */
export class LabelFact extends PlacedOnRead implements Fact<string> {
  value: string;
  source: SourceKind;
  readonly #repository: Pick<Repository, 'locate'>;
  readonly #resource: Resource;
  readonly #key: string;

  constructor(
    value: string,
    source: SourceKind,
    repository: Pick<Repository, 'locate'>,
    resource: Resource,
    key: string,
  ) {
    super();
    this.value = value;
    this.source = source;
    this.#repository = repository;
    this.#resource = resource;
    this.#key = key;
  }

  protected place(): Location {
    return this.#repository.locate(this.#resource, ['metadata', 'labels', this.#key]);
  }

  /** The fact as the plain object it stands for, keys in the same order. */
  toJSON(): Fact<string> {
    return { value: this.value, source: this.source, location: this.location };
  }
}
