import { type Finding, nearestName, type RelatedLocation, relatedLocation } from '@fleetops/core';
import { addTo } from '../group.ts';
import {
  clusterAnnotation,
  type IstioRemoteSecret,
  multiClusterLabel,
  readByIstiod,
  remoteSecretPrefix,
} from '../istio.ts';
import type { IstioInstall, MeshInstalls } from '../mesh.ts';
import type { Setting } from '../setting.ts';
import { invariantFinding } from './catalog.ts';

/**
 * The remote secrets that connect Istio members: what istiod of the holding cluster does
 * with each key (pkg/kube/multicluster/secretcontroller.go), checked against the members
 * the fleet knows from their chart values.
 */
export function remoteSecretFindings(installs: MeshInstalls): Finding[] {
  const secrets = installs.istioRemoteSecrets ?? [];
  if (secrets.length === 0) return [];
  const members = new MemberIndex(installs.istio);
  const byName = members.byName;
  const findings: Finding[] = [];
  /** Per holder, the first secret key registering each cluster ID. */
  const registered = new Map<
    string,
    Map<string, { secret: IstioRemoteSecret; key: Setting<string> }>
  >();
  for (const secret of secrets) {
    findings.push(...nameMismatch(secret));
    for (const key of secret.keys)
      if (!byName.has(key.value)) findings.push(unknownCluster(secret, key, members));
    for (const holder of secret.clusters) {
      const istiod = members.istiodOf(holder);
      if (istiod?.remote) continue;
      if (!readByIstiod(secret, istiod)) {
        findings.push(ignored(secret, holder, istiod));
        continue;
      }
      const seen = registered.get(holder) ?? new Map();
      registered.set(holder, seen);
      for (const key of secret.keys) {
        // istiod skips its own cluster ID: "it would overwrite the config cluster".
        if (istiod?.clusterName?.value === key.value) continue;
        const earlier = seen.get(key.value);
        if (earlier) {
          findings.push(registeredTwice(secret, key, holder, earlier));
          continue;
        }
        seen.set(key.value, { secret, key });
        if (!istiod?.clusterName) continue;
        for (const target of byName.get(key.value) ?? []) {
          if (target === istiod) continue;
          const mismatch = meshIdMismatch(secret, key, istiod, target);
          if (mismatch) findings.push(mismatch);
          const oneWay = oneWayConnection(secret, key, istiod, target);
          if (oneWay) findings.push(oneWay);
        }
      }
    }
  }
  return findings;
}

/**
 * The Istio installs looked up by cluster name and by fleet cluster, each built once: the
 * rule asks for every key and every holder of every remote secret.
 */
class MemberIndex {
  /** Multi-cluster members (clusterName set) by clusterName, in the installs' order. */
  readonly byName = new Map<string, IstioInstall[]>();
  /** Each fleet cluster's first member, and its first install of any kind. */
  readonly #memberOf = new Map<string, IstioInstall>();
  readonly #installOf = new Map<string, IstioInstall>();

  constructor(installs: readonly IstioInstall[]) {
    for (const install of installs) {
      const cluster = install.cluster;
      if (cluster !== undefined && !this.#installOf.has(cluster))
        this.#installOf.set(cluster, install);
      if (!install.clusterName) continue;
      if (cluster !== undefined && !this.#memberOf.has(cluster))
        this.#memberOf.set(cluster, install);
      addTo(this.byName, install.clusterName.value, install);
    }
  }

  /** The istiod of a fleet cluster: its multi-cluster member, else any install there. */
  istiodOf(cluster: string): IstioInstall | undefined {
    return this.#memberOf.get(cluster) ?? this.#installOf.get(cluster);
  }

  /** The fleet cluster's first member: an istiod known there under its clusterName. */
  memberOf(cluster: string): IstioInstall | undefined {
    return this.#memberOf.get(cluster);
  }
}

function nameMismatch(secret: IstioRemoteSecret): Finding[] {
  const names = secret.keys.map((key) => key.value);
  if (names.length === 0) return [];
  const findings: Finding[] = [];
  const keys = names.map((name) => JSON.stringify(name)).join(', ');
  const keyOf = (name: string) => secret.keys.find((key) => key.value === name) ?? secret.keys[0]!;
  const annotation = secret.annotation;
  if (annotation && !names.includes(annotation.value))
    findings.push(
      invariantFinding(
        'mesh/istio-remote-secret-name-mismatch',
        `${secret.name} is annotated ${clusterAnnotation}: ${JSON.stringify(annotation.value)} but its data key${names.length > 1 ? 's name' : ' names'} ${keys}: istiod registers the cluster under the data key, so one of them is stale (istioctl create-remote-secret writes both alike).`,
        annotation.location,
        [relatedLocation(keyOf(names[0]!).location, `data key ${names[0]}`)],
        { clusters: secret.clusters, value: annotation.value, keys: names },
      ),
    );
  const suffix = secret.resource.name.startsWith(remoteSecretPrefix)
    ? secret.resource.name.slice(remoteSecretPrefix.length)
    : undefined;
  if (suffix !== undefined && suffix !== '' && !names.includes(suffix))
    findings.push(
      invariantFinding(
        'mesh/istio-remote-secret-name-mismatch',
        `${secret.name} is named for cluster ${JSON.stringify(suffix)} but its data key${names.length > 1 ? 's name' : ' names'} ${keys}: istiod registers the cluster under the data key, so the name or the key is stale.`,
        keyOf(names[0]!).location,
        [],
        { clusters: secret.clusters, value: suffix, keys: names },
      ),
    );
  return findings;
}

function unknownCluster(
  secret: IstioRemoteSecret,
  key: Setting<string>,
  members: MemberIndex,
): Finding {
  // A fleet cluster of that name whose istiod goes by another cluster name.
  const renamed = members.memberOf(key.value);
  const suggestion = renamed?.clusterName?.value ?? nearestName(key.value, members.byName.keys());
  const why = renamed
    ? `; cluster ${key.value} of the fleet has istiod ${renamed.name} with global.multiCluster.clusterName ${JSON.stringify(suggestion)}, the ID its endpoints carry`
    : suggestion
      ? `; did you mean ${JSON.stringify(suggestion)}?`
      : '';
  const related: RelatedLocation[] = renamed
    ? [
        relatedLocation(
          renamed.clusterName!.location,
          `global.multiCluster.clusterName: ${suggestion}`,
        ),
      ]
    : [];
  return invariantFinding(
    'mesh/istio-remote-secret-unknown-cluster',
    `${secret.name}${holders(secret)} connects to cluster ${JSON.stringify(key.value)}, which is no Istio mesh member of the fleet (no istiod with global.multiCluster.clusterName ${JSON.stringify(key.value)})${why}`,
    key.location,
    related,
    { clusters: secret.clusters, value: key.value, ...(suggestion ? { suggestion } : {}) },
  );
}

function ignored(
  secret: IstioRemoteSecret,
  holder: string,
  istiod: IstioInstall | undefined,
): Finding {
  const namespace = istiod?.namespace ?? 'istio-system';
  const label = secret.label;
  const [reason, location] =
    label === undefined
      ? [
          `has no label ${multiClusterLabel}: "true", which istiod selects remote secrets by`,
          secret.annotation?.location ?? secret.location,
        ]
      : label.value !== 'true'
        ? [
            `has label ${multiClusterLabel}: ${JSON.stringify(label.value)}; istiod selects "true" only`,
            label.location,
          ]
        : [
            `is in namespace ${secret.namespace!.value}, but istiod of cluster ${holder} runs in ${namespace} and reads remote secrets only there`,
            secret.namespace!.location,
          ];
  return invariantFinding(
    'mesh/istio-remote-secret-ignored',
    `${secret.name} in cluster ${holder} ${reason}: its cluster${secret.keys.length > 1 ? 's are' : ' is'} never connected.`,
    location,
    [],
    { clusters: [holder], keys: secret.keys.map((key) => key.value) },
  );
}

function registeredTwice(
  secret: IstioRemoteSecret,
  key: Setting<string>,
  holder: string,
  earlier: { secret: IstioRemoteSecret; key: Setting<string> },
): Finding {
  return invariantFinding(
    'mesh/istio-remote-secret-ignored',
    `${secret.name} in cluster ${holder} registers cluster ${JSON.stringify(key.value)}, which ${earlier.secret.name} registers already: istiod keeps the first ("cluster has already been registered") and ignores this key.`,
    key.location,
    [relatedLocation(earlier.key.location, `registered here first`)],
    { clusters: [holder], value: key.value },
  );
}

function meshIdMismatch(
  secret: IstioRemoteSecret,
  key: Setting<string>,
  holder: IstioInstall,
  target: IstioInstall,
): Finding | undefined {
  const mine = holder.meshId?.value ?? '';
  const theirs = target.meshId?.value ?? '';
  if (mine === theirs) return undefined;
  const show = (id: string) => (id === '' ? 'no meshID' : `meshID ${JSON.stringify(id)}`);
  const related: RelatedLocation[] = [];
  if (target.meshId)
    related.push(relatedLocation(target.meshId.location, `global.meshID: ${theirs}`));
  if (holder.meshId)
    related.push(relatedLocation(holder.meshId.location, `global.meshID: ${mine}`));
  return invariantFinding(
    'mesh/istio-remote-secret-mesh-id',
    `${secret.name} connects ${where(holder)} (${show(mine)}) to ${where(target)} (${show(theirs)}): a remote secret joins the two into one mesh, whose members must share one global.meshID; give both the same meshID or remove the secret.`,
    key.location,
    related,
    { clusters: clusters(holder, target), value: theirs, expected: mine },
  );
}

/**
 * In multi-primary every istiod reads every other primary's remote secret; a primary whose
 * peer lacks its secret is seen by the peer's workloads only through its own endpoints.
 */
function oneWayConnection(
  secret: IstioRemoteSecret,
  key: Setting<string>,
  holder: IstioInstall,
  target: IstioInstall,
): Finding | undefined {
  if (holder.remote || target.remote || target.cluster === undefined) return undefined;
  const mine = holder.clusterName!.value;
  if (target.remoteClusters?.includes(mine)) return undefined;
  return invariantFinding(
    'mesh/istio-remote-secret-one-way',
    `${secret.name} lets istiod of ${where(holder)} discover ${where(target)}, but cluster ${target.cluster} holds no remote secret for ${JSON.stringify(mine)} that its istiod reads: in multi-primary each primary needs the other's secret (istioctl create-remote-secret --name ${mine}), or ${target.cluster}'s workloads never reach ${mine}'s endpoints.`,
    key.location,
    [relatedLocation(target.location, `istiod of ${target.cluster}`)],
    { clusters: clusters(holder, target), value: key.value, missing: mine },
  );
}

function holders(secret: IstioRemoteSecret): string {
  return secret.clusters.length > 0 ? ` in cluster ${secret.clusters.join(', ')}` : '';
}

function where(install: IstioInstall): string {
  return install.cluster ? `cluster ${install.cluster}` : install.name;
}

function clusters(...installs: IstioInstall[]): string[] {
  return [...new Set(installs.flatMap((install) => (install.cluster ? [install.cluster] : [])))];
}
