import { type Finding, type Location, relatedLocation } from '@fleetops/core';
import { addTo } from '../group.ts';
import { memberLinks } from '../istio.ts';
import type { CiliumInstall, IstioInstall, MeshInstalls } from '../mesh.ts';
import { meshesOf, type NetworkGroup } from '../network-groups.ts';
import type { Setting } from '../setting.ts';
import { invariantFinding } from './catalog.ts';
import { remoteSecretFindings } from './mesh-remote-secrets.ts';

/** Cilium: at most 32 characters, lowercase alphanumerics and '-', alphanumeric at both ends. */
const ciliumName = /^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/;

export function meshFindings(installs: MeshInstalls): Finding[] {
  const findings: Finding[] = [];
  for (const install of installs.cilium) {
    const name = install.clusterName;
    if (name.explicit && !ciliumName.test(name.value))
      findings.push(
        invariantFinding(
          'mesh/cilium-cluster-name',
          `Cilium cluster.name "${name.value}" of ${where(install)} is invalid: it must be at most 32 characters of lowercase letters, digits and '-', starting and ending with a letter or digit.`,
          name.location,
        ),
      );
  }
  const meshes = meshesOf(installs);
  for (const mesh of meshes.cilium) findings.push(...ciliumMeshFindings(mesh));
  for (const mesh of meshes.istio.values())
    findings.push(...duplicates(mesh, 'mesh/istio-cluster-name', istioClusterName));
  findings.push(...istioMeshIdFindings(installs.istio, installs.networkGroups ?? []));
  findings.push(...remoteSecretFindings(installs));
  return findings;
}

function ciliumMeshFindings(mesh: readonly CiliumInstall[]): Finding[] {
  const findings: Finding[] = [];
  for (const install of mesh) {
    const id = install.clusterId;
    const max = install.maxConnectedClusters.value === 511 ? 511 : 255;
    const value =
      typeof id.value === 'string' && /^\d+$/.test(id.value) ? Number(id.value) : id.value;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
      const found = id.explicit
        ? `is ${JSON.stringify(id.value)}`
        : 'is not set (the chart default is 0)';
      findings.push(
        invariantFinding(
          'mesh/cilium-cluster-id',
          `Cilium cluster.id of ${where(install)} ${found}; a ClusterMesh member needs a unique id from 1 to ${max}${max === 255 ? ' (up to 511 with clustermesh.maxConnectedClusters: 511)' : ''}.`,
          id.location,
        ),
      );
    }
  }
  findings.push(...duplicates(mesh, 'mesh/cilium-cluster-name', (install) => install.clusterName));
  findings.push(
    ...duplicates(mesh, 'mesh/cilium-cluster-id', (install) => {
      const value = Number(install.clusterId.value);
      return Number.isInteger(value) && value > 0 ? install.clusterId : undefined;
    }),
  );
  findings.push(
    ...mismatches(
      mesh,
      'mesh/cilium-setting-mismatch',
      'clustermesh.maxConnectedClusters',
      (i) => i.maxConnectedClusters,
    ),
    ...mismatches(mesh, 'mesh/cilium-setting-mismatch', 'routingMode', (i) => i.routingMode),
  );
  return findings;
}

function istioClusterName(install: IstioInstall): Setting<unknown> | undefined {
  return install.clusterName;
}

/**
 * Istio multi-cluster members (clusterName set) that are connected must share a meshID.
 * Members are connected when they name the same `global.network` or their clusters are
 * in one network group of `.fleetops.yaml`; members of separate meshes on separate
 * networks are deliberate and never compared. Within each connected set, a member is
 * reported against the meshID most members use, naming the link between them.
 */
function istioMeshIdFindings(
  installs: readonly IstioInstall[],
  groups: readonly NetworkGroup[],
): Finding[] {
  const members = installs.filter((install) => install.clusterName);
  const links = memberLinks(members.length);
  /** The networks and groups each member is in, with the members sharing them. */
  const memberships = new Map<number, { reason: string; indices: number[] }[]>();
  const joinAll = (indices: number[], reason: string) => {
    for (const i of indices) {
      links.link(i, indices[0]!);
      addTo(memberships, i, { reason, indices });
    }
  };
  const byNetwork = new Map<string, number[]>();
  for (let i = 0; i < members.length; i++) {
    const network = members[i]!.network?.value;
    if (!network) continue;
    addTo(byNetwork, network, i);
  }
  for (const [network, indices] of byNetwork)
    if (indices.length > 1) joinAll(indices, `both on global.network "${network}"`);
  const byCluster = indicesByCluster(members);
  for (const group of groups) {
    const indices = [...group.clusters].flatMap((cluster) => byCluster.get(cluster) ?? []);
    // In the members' order, as the partner named is the first that fits.
    indices.sort((a, b) => a - b);
    if (indices.length > 1) joinAll(indices, `both in network group "${group.name}"`);
  }
  const findings: Finding[] = [];
  const meshIdOf = (i: number) => members[i]!.meshId?.value ?? '';
  // A network's or group's members are all in one component, so one common meshID: its
  // first member using it is found once, not once per member reported.
  const firstUsing = new Map<number[], number | undefined>();
  const firstOf = (indices: number[], common: string) => {
    if (!firstUsing.has(indices))
      firstUsing.set(
        indices,
        indices.find((j) => meshIdOf(j) === common),
      );
    return firstUsing.get(indices);
  };
  for (const component of links.parts()) {
    const counts = new Map<string, number>();
    for (const i of component) counts.set(meshIdOf(i), (counts.get(meshIdOf(i)) ?? 0) + 1);
    if (counts.size < 2) continue;
    const [common] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    const reference = component.find((i) => meshIdOf(i) === common)!;
    for (const i of component) {
      const key = meshIdOf(i);
      if (key === common) continue;
      let direct: { other: number; reason: string } | undefined;
      for (const { reason, indices } of memberships.get(i) ?? []) {
        const other = firstOf(indices, common);
        if (other !== undefined) {
          direct = { other, reason };
          break;
        }
      }
      const partner = members[direct?.other ?? reference]!;
      const reason = direct?.reason ?? 'connected through networks and network groups';
      const member = members[i]!;
      const partnerSetting = partner.meshId;
      findings.push(
        invariantFinding(
          'mesh/istio-mesh-id-mismatch',
          `global.meshID of ${where(member)} is ${key === '' ? 'not set' : `"${key}"`} while ${where(partner)}, ${reason}, uses ${common === '' ? 'none' : `"${common}"`}: connected clusters form one multi-primary mesh and must share its meshID. If they are meant to be separate meshes, give them separate networks and network groups.`,
          member.meshId?.location ?? member.location,
          partnerSetting
            ? [relatedLocation(partnerSetting.location, `global.meshID: ${common}`)]
            : [],
          { clusters: clusters(member, partner), value: key, expected: common, link: reason },
        ),
      );
    }
  }
  return findings;
}

/** Each fleet cluster's members, by index. */
function indicesByCluster(members: readonly IstioInstall[]): Map<string, number[]> {
  const byCluster = new Map<string, number[]>();
  for (let i = 0; i < members.length; i++) {
    const member = members[i]!;
    if (member.cluster === undefined) continue;
    addTo(byCluster, member.cluster, i);
  }
  return byCluster;
}

interface Member {
  name: string;
  cluster?: string;
  location: Location;
}

/** Every member after the first with the same value is reported against the first. */
function duplicates<T extends Member>(
  members: readonly T[],
  ruleId: string,
  setting: (member: T) => Setting<unknown> | undefined,
): Finding[] {
  const first = new Map<string, T>();
  const findings: Finding[] = [];
  for (const member of members) {
    const value = setting(member);
    if (!value) continue;
    const key = String(value.value);
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, member);
      continue;
    }
    const unset = value.explicit ? '' : ' (the chart default)';
    findings.push(
      invariantFinding(
        ruleId,
        `${where(member)} and ${where(earlier)} are members of one mesh with the same ${ruleId.endsWith('id') ? 'cluster id' : 'cluster name'} "${key}"${unset}; each member needs its own.`,
        value.location,
        [relatedLocation(setting(earlier)!.location, `also "${key}" in ${where(earlier)}`)],
        { clusters: clusters(member, earlier), value: key },
      ),
    );
  }
  return findings;
}

/** Members whose value differs from the one most members use. */
function mismatches<T extends Member>(
  members: readonly T[],
  ruleId: string,
  field: string,
  setting: (member: T) => Setting<unknown> | undefined,
): Finding[] {
  const counts = new Map<string, { count: number; member: T }>();
  for (const member of members) {
    const key = String(setting(member)?.value ?? '');
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { count: 1, member });
  }
  if (counts.size < 2) return [];
  const [common, { member: reference }] = [...counts].sort((a, b) => b[1].count - a[1].count)[0]!;
  const referenceSetting = setting(reference);
  const findings: Finding[] = [];
  for (const member of members) {
    const value = setting(member);
    const key = String(value?.value ?? '');
    if (key === common) continue;
    const related = referenceSetting
      ? [relatedLocation(referenceSetting.location, `${field}: ${common}`)]
      : [];
    findings.push(
      invariantFinding(
        ruleId,
        `${field} of ${where(member)} is ${key === '' ? 'not set' : `"${key}"`} while the other members of its mesh (as ${where(reference)}) use ${common === '' ? 'none' : `"${common}"`}; every member must use the same value.`,
        value?.location ?? member.location,
        related,
        { clusters: clusters(member, reference), value: key, expected: common },
      ),
    );
  }
  return findings;
}

function where(member: Member): string {
  return member.cluster ? `${member.name} (cluster ${member.cluster})` : member.name;
}

function clusters(...members: Member[]): string[] {
  return [...new Set(members.flatMap((member) => (member.cluster ? [member.cluster] : [])))];
}
