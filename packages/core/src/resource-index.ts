import type { Resource } from './resource.ts';

/**
 * The resources of a list by kind and by name, built once per list and shared by every
 * rule that asks. A fleet of 10,000 clusters has 70,000 resources scattered over a heap of
 * hundreds of megabytes: each pass over all of them costs tens of milliseconds in cache
 * misses alone, and the rules would make a dozen such passes to pick out a few kinds.
 *
 * Keyed by the list itself; a list that grew since (a loader still adding) is indexed
 * again. Lists are never edited in place otherwise.
 */
interface ResourceIndex {
  length: number;
  /** Positions in the list, ascending, by kind; kinds in order of first appearance. */
  byKind: Map<string, number[]>;
  /** By name, for the kinds asked about so far: references name a kind and a name. */
  byName: Map<string, Map<string, Resource[]>>;
}

const indexes = new WeakMap<readonly Resource[], ResourceIndex>();

function indexOf(resources: readonly Resource[]): ResourceIndex {
  let index = indexes.get(resources);
  if (index === undefined || index.length !== resources.length) {
    const byKind = new Map<string, number[]>();
    for (let i = 0; i < resources.length; i++) {
      const { kind } = resources[i]!;
      const positions = byKind.get(kind);
      if (positions) positions.push(i);
      else byKind.set(kind, [i]);
    }
    index = { length: resources.length, byKind, byName: new Map() };
    indexes.set(resources, index);
  }
  return index;
}

/** The resources of any of `kinds`, in their order in `resources`. */
export function resourcesOfKind(resources: readonly Resource[], ...kinds: string[]): Resource[] {
  const { byKind } = indexOf(resources);
  // Each kind's positions ascend already: merged in one pass, not concatenated and sorted.
  let positions: readonly number[] = noPositions;
  for (const kind of kinds) {
    const list = byKind.get(kind);
    if (list) positions = positions.length === 0 ? list : mergeAscending(positions, list);
  }
  return positions.map((i) => resources[i]!);
}

const noPositions: readonly number[] = [];

/** Two ascending lists as one; of equal positions (a kind asked twice), `a`'s first. */
function mergeAscending(a: readonly number[], b: readonly number[]): number[] {
  const merged = new Array<number>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) merged[k++] = b[j]! < a[i]! ? b[j++]! : a[i++]!;
  while (i < a.length) merged[k++] = a[i++]!;
  while (j < b.length) merged[k++] = b[j++]!;
  return merged;
}

/** How many resources there are of each kind, kinds in order of first appearance. */
export function kindCounts(resources: readonly Resource[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [kind, positions] of indexOf(resources).byKind) counts.set(kind, positions.length);
  return counts;
}

/**
 * The resources of `kind` named `name` (metadata.name), in their order in `resources`.
 * Names are indexed per kind, only for the kinds asked about: hashing the name of every
 * resource of the repository would cost more than all the lookups.
 */
export function resourcesNamed(
  resources: readonly Resource[],
  kind: string,
  name: string,
): readonly Resource[] {
  const index = indexOf(resources);
  let byName = index.byName.get(kind);
  if (!byName) {
    byName = new Map();
    for (const i of index.byKind.get(kind) ?? []) {
      const resource = resources[i]!;
      const list = byName.get(resource.name);
      if (list) list.push(resource);
      else byName.set(resource.name, [resource]);
    }
    index.byName.set(kind, byName);
  }
  return byName.get(name) ?? noResources;
}

const noResources: readonly Resource[] = [];
