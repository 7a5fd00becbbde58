import { isObject } from '@fleetops/core';
import picomatch from 'picomatch';
import { addTo, groupBy } from './group.ts';
import { istioMeshComponents, memberLinks } from './istio.ts';
import type { CiliumInstall, IstioInstall, MeshInstalls } from './mesh.ts';
import type { Fleet } from './model.ts';

/** Clusters whose networks are joined: meshed, peered, behind one transit gateway. */
export interface NetworkGroup {
  name: string;
  clusters: Set<string>;
}

/**
 * `.fleetops.yaml` may declare `networks.groups: [{name, clusters: [name or glob]}]`
 * (validated by core's configuration schema). Without it every pair of clusters counts
 * as connected.
 */
export function configuredGroups(fleet: Fleet): NetworkGroup[] {
  const groups: unknown = fleet.config.networks?.groups;
  if (!Array.isArray(groups)) return [];
  const names = new ClusterNames(fleet);
  return groups.flatMap((group, i) => {
    if (!isObject(group) || !Array.isArray(group.clusters)) return [];
    const patterns = group.clusters.filter((entry): entry is string => typeof entry === 'string');
    return [
      {
        name: typeof group.name === 'string' ? group.name : `group ${i + 1}`,
        clusters: names.matching(patterns),
      },
    ];
  });
}

/**
 * A pattern picomatch reads as itself: no glob syntax, no negation, no leading dot or
 * slash it treats apart. Most groups list cluster names, and those are looked up rather
 * than matched against every cluster of the fleet.
 */
const literalName = /^[A-Za-z0-9][\w.-]*$/;

/** The fleet's cluster names, matched against a group's patterns in the fleet's order. */
class ClusterNames {
  readonly #names: string[];
  readonly #order = new Map<string, number>();

  constructor(fleet: Fleet) {
    this.#names = fleet.clusters.map((cluster) => cluster.name);
    for (const [i, name] of this.#names.entries())
      if (!this.#order.has(name)) this.#order.set(name, i);
  }

  matching(patterns: readonly string[]): Set<string> {
    if (!patterns.every((pattern) => literalName.test(pattern))) {
      const matches = picomatch(patterns as string[]);
      return new Set(this.#names.filter((name) => matches(name)));
    }
    const found = [...new Set(patterns)].filter((name) => this.#order.has(name));
    return new Set(found.sort((a, b) => this.#order.get(a)! - this.#order.get(b)!));
  }
}

/**
 * Cilium ClusterMeshes: members joined through `clustermesh.config.clusters` peers form
 * one mesh; members that list no peers (connected with `cilium clustermesh connect`)
 * are taken to form one mesh together.
 */
export function ciliumMeshes(installs: readonly CiliumInstall[]): CiliumInstall[][] {
  const members = installs.filter((install) => install.meshMember);
  const links = memberLinks(members.length);
  // Index loops, as in the mesh readers: these run once per check over every member,
  // mostly before the optimiser has seen them, where entries() makes a pair per member.
  const byName = new Map<string, number[]>();
  for (let i = 0; i < members.length; i++) {
    const name = members[i]!.clusterName.value;
    addTo(byName, name, i);
  }
  let peerless: number | undefined;
  for (let i = 0; i < members.length; i++) {
    const member = members[i]!;
    if (member.peers.length === 0) {
      if (peerless === undefined) peerless = i;
      else links.link(i, peerless);
    }
    for (const peer of member.peers) for (const j of byName.get(peer) ?? []) links.link(i, j);
  }
  return links.parts().map((part) => part.map((i) => members[i]!));
}

/** Istio meshes: members joined by remote secrets, else by meshID (see istio.ts). */
export function istioMeshes(installs: readonly IstioInstall[]): Map<string, IstioInstall[]> {
  return istioMeshComponents(installs);
}

/** The Cilium ClusterMeshes and Istio meshes of a check's installs. */
export interface Meshes {
  cilium: CiliumInstall[][];
  istio: Map<string, IstioInstall[]>;
}

const meshesComputed = new WeakMap<MeshInstalls, Meshes>();

/**
 * The meshes of `installs`, computed on the first call: the mesh rules and the network
 * rules of one check both read them. (The installs are not changed once meshInstalls
 * returns them.)
 */
export function meshesOf(installs: MeshInstalls): Meshes {
  let meshes = meshesComputed.get(installs);
  if (!meshes) {
    meshes = { cilium: ciliumMeshes(installs.cilium), istio: istioMeshes(installs.istio) };
    meshesComputed.set(installs, meshes);
  }
  return meshes;
}

/** The groups mesh membership implies: each ClusterMesh and each Istio mesh. */
export function meshGroups(installs: MeshInstalls): NetworkGroup[] {
  const groups: NetworkGroup[] = [];
  const meshes = meshesOf(installs);
  for (const [i, mesh] of meshes.cilium.entries())
    groups.push({ name: `Cilium ClusterMesh ${i + 1}`, clusters: clustersOf(mesh) });
  for (const [id, mesh] of meshes.istio)
    groups.push({ name: `Istio mesh ${id || '(no meshID)'}`, clusters: clustersOf(mesh) });
  return groups.filter((group) => group.clusters.size > 1);
}

/** Istio members on one network of one mesh: their pods talk directly. */
export function istioNetworks(installs: MeshInstalls): NetworkGroup[] {
  const groups: NetworkGroup[] = [];
  for (const [id, mesh] of meshesOf(installs).istio) {
    const byNetwork = groupBy(mesh, (member) => member.network?.value ?? '');
    for (const [network, members] of byNetwork) {
      // Most members have a network of their own: a group of one joins nothing.
      if (members.length < 2) continue;
      groups.push({
        name: `Istio mesh ${id || '(no meshID)'} network ${network || '(default)'}`,
        clusters: clustersOf(members),
      });
    }
  }
  return groups.filter((group) => group.clusters.size > 1);
}

function clustersOf(installs: readonly { cluster?: string }[]): Set<string> {
  return new Set(installs.flatMap((install) => (install.cluster ? [install.cluster] : [])));
}
