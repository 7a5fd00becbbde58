import { type Finding, relatedLocation, type Severity } from '@fleetops/core';
import { FreeBlocks, formatCidr, type Interval, intervalOf } from '../address-space.ts';
import { type ParsedCidr, parseCidr } from '../cidr.ts';
import { groupBy } from '../group.ts';
import type { MeshInstalls } from '../mesh.ts';
import type { Fleet, NetworkBlock } from '../model.ts';
import {
  configuredGroups,
  istioNetworks,
  meshGroups,
  type NetworkGroup,
} from '../network-groups.ts';
import { invariantFinding } from './catalog.ts';

export type RangeKind = 'pod' | 'service' | 'node';

/** One block of one cluster, parsed, with its place in the sweep order. */
interface Range {
  id: number;
  cluster: string;
  kind: RangeKind;
  block: NetworkBlock;
  cidr: ParsedCidr;
  interval: Interval;
}

/**
 * The ranges a cluster really uses. Pods come from Cilium's own pool when Cilium runs
 * cluster-pool IPAM (its chart default), else from the Cluster's clusterNetwork.pods;
 * node ranges are the infrastructure provider's VPC / VNet / subnets.
 */
export function clusterRanges(fleet: Fleet, mesh: MeshInstalls): Range[] {
  const ciliumPods = new Map<string, NetworkBlock[]>();
  for (const install of mesh.cilium)
    if (install.cluster && install.podBlocks.length > 0)
      ciliumPods.set(install.cluster, install.podBlocks);
  const ranges: Range[] = [];
  for (const cluster of fleet.clusters) {
    addRanges(ranges, cluster.name, 'pod', ciliumPods.get(cluster.name) ?? cluster.networks.pods);
    addRanges(ranges, cluster.name, 'service', cluster.networks.services);
    addRanges(ranges, cluster.name, 'node', cluster.networks.infrastructure);
  }
  return ranges;
}

function addRanges(
  ranges: Range[],
  cluster: string,
  kind: RangeKind,
  blocks: readonly NetworkBlock[],
): void {
  for (const block of blocks) {
    const cidr = parseCidr(block.cidr);
    // Malformed blocks are fleet/invalid-cidr findings already.
    if ('error' in cidr) continue;
    ranges.push({ id: ranges.length, cluster, kind, block, cidr, interval: intervalOf(cidr) });
  }
}

export function networkFindings(fleet: Fleet, mesh: MeshInstalls): Finding[] {
  const ranges = clusterRanges(fleet, mesh);
  const byCluster = groupBy(ranges, (range) => range.cluster);
  // The free blocks are merged from every range only when an overlap needs a suggestion.
  let free: FreeBlocks | undefined;
  const freeBlocks = () => {
    if (free === undefined) free = new FreeBlocks(ranges.map((range) => range.interval));
    return free;
  };
  const findings: Finding[] = [];
  for (const [a, b] of withinClusterOverlaps(byCluster))
    findings.push(overlapFinding('network/cluster-overlap', a, b, freeBlocks));
  findings.push(...acrossClusterFindings(fleet, mesh, ranges, byCluster, freeBlocks));
  return findings;
}

/** A cluster has a handful of blocks, so each cluster's are compared pairwise. */
function withinClusterOverlaps(byCluster: ReadonlyMap<string, Range[]>): [Range, Range][] {
  const pairs: [Range, Range][] = [];
  for (const list of byCluster.values())
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i]!;
        const b = list[j]!;
        if (a.kind !== b.kind && intersects(a.interval, b.interval)) pairs.push([b, a]);
      }
  return pairs;
}

/**
 * Which pairs of clusters are connected: with no configured groups, all of them, and
 * every overlap is an error. With groups, an overlap inside a group (configured or
 * formed by a mesh) is an error and one outside every group a warning. Istio members on
 * one network are checked first so their pod overlaps carry the Istio rule.
 */
function acrossClusterFindings(
  fleet: Fleet,
  mesh: MeshInstalls,
  ranges: readonly Range[],
  byCluster: ReadonlyMap<string, Range[]>,
  free: () => FreeBlocks,
): Finding[] {
  const findings: Finding[] = [];
  const reported = new Set<string>();
  const report = (ruleId: string, severity: Severity, later: Range, earlier: Range) => {
    const key = `${earlier.id}:${later.id}`;
    if (reported.has(key)) return;
    reported.add(key);
    // A default nobody wrote down is the block to change: point there.
    const [moved, other] =
      earlier.block.defaulted && !later.block.defaulted ? [earlier, later] : [later, earlier];
    findings.push(overlapFinding(ruleId, moved, other, free, severity));
  };
  // Every group's ranges from its clusters; the sweep sorts them, so their order is moot.
  const inGroup = (group: NetworkGroup) =>
    [...group.clusters].flatMap((cluster) => byCluster.get(cluster) ?? []);
  for (const group of istioNetworks(mesh)) {
    const pods = inGroup(group).filter((range) => range.kind === 'pod');
    sweep(pods, (later, earlier) =>
      report('mesh/istio-network-pod-overlap', 'error', later, earlier),
    );
  }
  const configured = mesh.networkGroups ?? configuredGroups(fleet);
  if (configured.length === 0) {
    sweep(ranges, (later, earlier) => report('network/fleet-overlap', 'error', later, earlier));
    return findings;
  }
  const groups = [...configured, ...meshGroups(mesh)];
  const memberships = new Map<string, Set<number>>();
  for (const [i, group] of groups.entries()) {
    for (const cluster of group.clusters) {
      const set = memberships.get(cluster) ?? new Set();
      set.add(i);
      memberships.set(cluster, set);
    }
    sweep(inGroup(group), (later, earlier) =>
      report('network/fleet-overlap', 'error', later, earlier),
    );
  }
  const connected = (a: string, b: string) => {
    const first = memberships.get(a);
    const second = memberships.get(b);
    return first !== undefined && second !== undefined && [...first].some((i) => second.has(i));
  };
  // Whether two clusters are connected depends only on their sets of groups, so the sweep
  // keeps candidates per set of groups and looks past connected partners to the
  // innermost unconnected one.
  const groupsOf = (range: Range) => [...(memberships.get(range.cluster) ?? [])].sort().join(',');
  sweep(ranges, (later, earlier) => report('network/fleet-overlap', 'warning', later, earlier), {
    classOf: groupsOf,
    accept: (later, earlier) => !connected(later.cluster, earlier.cluster),
  });
  return findings;
}

/** Pairs that matter across clusters: everything but service against service. */
function relevant(a: RangeKind, b: RangeKind): boolean {
  return !(a === 'service' && b === 'service');
}

interface SweepNode {
  start: bigint;
  end: bigint;
  /** The kinds met at this block, in the order they were met. */
  kinds: RangeKind[];
  /**
   * Per kind of `kinds`, the first ranges of up to two distinct clusters of each class:
   * enough to find a partner, as long as whether a partner is acceptable depends only on
   * its class. (Two short lists rather than a Map: there is a node per distinct block.)
   */
  reps: Range[][];
}

export interface SweepOptions {
  /** Partition of the ranges such that `accept` depends only on the earlier range's class. */
  classOf?: (range: Range) => string;
  /** Whether an earlier range of another cluster counts as a partner; by default every one. */
  accept?: (later: Range, earlier: Range) => boolean;
}

/**
 * Finds overlapping ranges of different clusters in O(n log n): CIDR blocks are either
 * nested or disjoint, so after sorting by start (larger block first) the blocks that
 * contain the current one are exactly a stack, at most one per prefix length deep.
 * Each range is reported against at most one earlier partner per kind (the innermost
 * one `accept`s), so a fleet where a thousand clusters share 10.0.0.0/16 yields a
 * thousand findings, not half a million. With classes, each block keeps candidates per
 * class: O(n log n + n · depth · classes).
 */
export function sweep(
  ranges: readonly Range[],
  emit: (later: Range, earlier: Range) => void,
  options: SweepOptions = {},
): void {
  const classOf = memoisedClasses(options.classOf);
  const accept = options.accept ?? (() => true);
  for (const family of [4, 6] as const) {
    const sorted = ranges
      .filter((range) => range.cidr.family === family)
      .sort(
        (a, b) =>
          (a.interval.start < b.interval.start
            ? -1
            : a.interval.start > b.interval.start
              ? 1
              : 0) ||
          a.cidr.prefix - b.cidr.prefix ||
          a.id - b.id,
      );
    const stack: SweepNode[] = [];
    let node: SweepNode | undefined;
    for (const range of sorted) {
      const fresh = !node || node.start !== range.interval.start || node.end !== range.interval.end;
      if (fresh) {
        if (node) stack.push(node);
        while (stack.length > 0 && stack[stack.length - 1]!.end < range.interval.start) stack.pop();
      }
      // The current block (a fresh one has no ranges yet), then the blocks containing it
      // from the innermost out; walked in place, as this runs once per range of the fleet.
      let found = 0;
      for (let i = fresh ? stack.length - 1 : stack.length; i >= 0; i--) {
        const candidate = i === stack.length ? node! : stack[i]!;
        for (let k = 0; k < candidate.kinds.length; k++) {
          const kind = candidate.kinds[k]!;
          if (found & kindBits[kind] || !relevant(kind, range.kind)) continue;
          const partner = firstPartner(candidate.reps[k]!, range, accept);
          if (!partner) continue;
          found |= kindBits[kind];
          emit(range, partner);
        }
      }
      if (fresh) {
        const { start, end } = range.interval;
        node = { start, end, kinds: [range.kind], reps: [[range]] };
      } else {
        addRep(node!, range, classOf);
      }
    }
  }
}

const kindBits: Record<RangeKind, number> = { pod: 1, service: 2, node: 4 };

/** Each range's class, asked once; every range is of one class without `classOf`. */
function memoisedClasses(classOf: SweepOptions['classOf']): (range: Range) => string {
  if (!classOf) return () => '';
  const classes = new Map<number, string>();
  return (range) => {
    let value = classes.get(range.id);
    if (value === undefined) {
      value = classOf(range);
      classes.set(range.id, value);
    }
    return value;
  };
}

function firstPartner(
  reps: readonly Range[],
  range: Range,
  accept: (later: Range, earlier: Range) => boolean,
): Range | undefined {
  for (const rep of reps) if (rep.cluster !== range.cluster && accept(range, rep)) return rep;
  return undefined;
}

function addRep(node: SweepNode, range: Range, classOf: (range: Range) => string): void {
  const k = node.kinds.indexOf(range.kind);
  if (k === -1) {
    node.kinds.push(range.kind);
    node.reps.push([range]);
  } else if (keepsAsRep(node.reps[k]!, range, classOf)) {
    node.reps[k]!.push(range);
  }
}

/** Whether `range` joins `reps`: fewer than two of its class, none of its cluster. */
function keepsAsRep(
  reps: readonly Range[],
  range: Range,
  classOf: (range: Range) => string,
): boolean {
  const rangeClass = classOf(range);
  let sameClass = 0;
  for (const rep of reps) {
    if (classOf(rep) !== rangeClass) continue;
    if (rep.cluster === range.cluster || ++sameClass >= 2) return false;
  }
  return true;
}

function intersects(a: Interval, b: Interval): boolean {
  return a.family === b.family && a.start <= b.end && b.start <= a.end;
}

const kindNames: Record<RangeKind, string> = {
  pod: 'pod range',
  service: 'service range',
  node: 'node (VPC) range',
};

function describe(range: Range): string {
  const defaulted = range.block.defaulted ? ', a default: the field is not set' : '';
  return `${kindNames[range.kind]} ${range.block.cidr} of cluster ${range.cluster} (${range.block.declaredBy} ${range.block.field}${defaulted})`;
}

function overlapFinding(
  ruleId: string,
  moved: Range,
  other: Range,
  free: () => FreeBlocks,
  severity?: Severity,
): Finding {
  const overlap = moved.cidr.prefix >= other.cidr.prefix ? moved.cidr : other.cidr;
  const shared = formatCidr(overlap);
  const suggestion = free().suggestAnywhere(moved.cidr);
  const scope =
    severity === 'warning'
      ? ' The clusters share no network group, so this matters only if they are ever connected.'
      : '';
  const fix = suggestion
    ? ` Move it to ${suggestion}, a block of the same size that no cluster of the fleet uses.`
    : '';
  const message = `${describe(moved)} overlaps ${describe(other)}: both contain ${shared}.${scope}${fix}`;
  const data: Record<string, unknown> = {
    clusters: [moved.cluster, other.cluster],
    kinds: [moved.kind, other.kind],
    overlap: shared,
  };
  if (suggestion) data.suggestion = suggestion;
  return invariantFinding(
    ruleId,
    message,
    moved.block.location,
    [
      relatedLocation(
        other.block.location,
        `${kindNames[other.kind]} ${other.block.cidr} of cluster ${other.cluster}`,
      ),
    ],
    data,
    severity,
  );
}
