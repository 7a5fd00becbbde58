import {
  describeResource,
  getPath,
  isObject,
  type JsonPath,
  type Location,
  type Repository,
  resourcesOfKind,
} from '@fleetops/core';
import { chartInstalls, isArgoCdApplication } from './chart-values.ts';
import { addTo } from './group.ts';
import { fieldName } from './infrastructure.ts';
import {
  type IstioRemoteSecret,
  readByIstiod,
  istioRemoteSecrets as remoteSecrets,
} from './istio.ts';
import type { Fleet, NetworkBlock } from './model.ts';
import { configuredGroups, type NetworkGroup } from './network-groups.ts';
import { Placement } from './placement.ts';
import { DeferredSetting, type Setting } from './setting.ts';

/**
 * Cilium as installed by its Helm chart. Defaults are the chart's
 * (https://docs.cilium.io/en/stable/helm-reference/): cluster.name "default",
 * cluster.id 0, ipam.mode cluster-pool with clusterPoolIPv4PodCIDRList [10.0.0.0/8],
 * clustermesh.maxConnectedClusters 255, routingMode tunnel.
 */
export interface CiliumInstall {
  /** `Application/ns/name`, for messages. */
  name: string;
  cluster?: string;
  location: Location;
  clusterName: Setting<string>;
  clusterId: Setting<unknown>;
  maxConnectedClusters: Setting<unknown>;
  routingMode: Setting<string>;
  ipamMode: Setting<string>;
  /** True when the values join a ClusterMesh (clustermesh.useAPIServer or clustermesh.config). */
  meshMember: boolean;
  /** `clustermesh.config.clusters[].name`: the peers this cluster connects to. */
  peers: string[];
  /** Pod ranges Cilium allocates from itself (cluster-pool IPAM); empty otherwise. */
  podBlocks: NetworkBlock[];
}

/** Istio's multi-cluster identity, from the istiod chart values or an IstioOperator. */
export interface IstioInstall {
  name: string;
  cluster?: string;
  location: Location;
  meshId?: Setting<string>;
  clusterName?: Setting<string>;
  network?: Setting<string>;
  /**
   * Where istiod runs, and so where it reads remote secrets: the chart's destination
   * namespace, an IstioOperator's spec.namespace or global.istioNamespace; istio-system.
   */
  namespace: string;
  /**
   * A remote cluster of primary-remote (`profile: remote` or `istiodRemote.enabled`): its
   * control plane is another cluster's istiod, so it reads no remote secrets itself.
   */
  remote: boolean;
  /** The cluster IDs the remote secrets its istiod reads connect it to (see istio.ts). */
  remoteClusters?: string[];
}

export const ciliumDocs = 'https://docs.cilium.io/en/stable/network/clustermesh/clustermesh/';
export const istioDocs = 'https://istio.io/latest/docs/setup/install/multicluster/multi-primary/';

const clusterPoolDefaults = { 4: ['10.0.0.0/8'], 6: ['fd00::/104'] } as const;

export interface MeshInstalls {
  cilium: CiliumInstall[];
  istio: IstioInstall[];
  /** Istio remote secrets, which connect the istiod of the cluster holding them to others. */
  istioRemoteSecrets?: IstioRemoteSecret[];
  /** The network groups `.fleetops.yaml` declares: clusters whose networks are joined. */
  networkGroups?: NetworkGroup[];
}

export function meshInstalls(
  repository: Repository,
  fleet: Fleet,
  placement = new Placement(fleet),
): MeshInstalls {
  const cilium: CiliumInstall[] = [];
  const istio: IstioInstall[] = [];
  for (const resource of resourcesOfKind(repository.resources, 'Application', 'IstioOperator')) {
    if (isArgoCdApplication(resource)) {
      const cluster = placement.clusterOf(resource);
      // One pass over the sources; each list keeps the sources' order.
      for (const install of chartInstalls(repository, resource, isMeshChart)) {
        const read = reader(install.values, install);
        if (install.chart === 'cilium') {
          cilium.push(ciliumInstall(describeResource(resource), cluster, read, install.locate([])));
          continue;
        }
        const namespace = getPath(resource.object, ['spec', 'destination', 'namespace']);
        istio.push(
          istioInstall(describeResource(resource), cluster, read, install.locate([]), {
            namespace: typeof namespace === 'string' && namespace !== '' ? namespace : undefined,
            profile: read.value(['profile'], undefined),
          }),
        );
      }
    } else if (resource.group === 'install.istio.io' && resource.kind === 'IstioOperator') {
      const values = getPath(resource.object, ['spec', 'values']);
      if (!isObject(values)) continue;
      const at = ['spec', 'values'];
      const read = reader(values, {
        locate: (path) => repository.locate(resource, [...at, ...path]),
        sets: (path) => getPath(values, path) !== undefined,
      });
      const location = repository.locate(resource);
      const namespace = getPath(resource.object, ['spec', 'namespace']);
      istio.push(
        istioInstall(describeResource(resource), placement.clusterOf(resource), read, location, {
          namespace: typeof namespace === 'string' && namespace !== '' ? namespace : undefined,
          profile: getPath(resource.object, ['spec', 'profile']),
        }),
      );
    }
  }
  const istioRemoteSecrets = remoteSecrets(repository, fleet, placement);
  connectIstio(istio, istioRemoteSecrets);
  return { cilium, istio, istioRemoteSecrets, networkGroups: configuredGroups(fleet) };
}

function isMeshChart(chart: string): boolean {
  return chart === 'cilium' || chart === 'istiod';
}

/** Each istiod's remote clusters: the keys of the remote secrets its cluster holds and it reads. */
function connectIstio(istio: IstioInstall[], secrets: readonly IstioRemoteSecret[]): void {
  const held = secretsByHolder(secrets);
  for (const install of istio) {
    if (install.cluster === undefined || install.remote) continue;
    const names = (held.get(install.cluster) ?? [])
      .filter((secret) => readByIstiod(secret, install))
      .flatMap((secret) => secret.keys.map((key) => key.value));
    if (names.length > 0) install.remoteClusters = [...new Set(names)];
  }
}

/** The secrets each cluster holds, in the secrets' order. */
function secretsByHolder(secrets: readonly IstioRemoteSecret[]): Map<string, IstioRemoteSecret[]> {
  const held = new Map<string, IstioRemoteSecret[]>();
  for (const secret of secrets)
    for (const cluster of secret.clusters) {
      addTo(held, cluster, secret);
    }
  return held;
}

/** Where an install's values are written, and whether the install sets a value itself. */
interface ValuesPlaces {
  locate(path: JsonPath): Location;
  sets(path: JsonPath): boolean;
}

/**
 * Reads an install's values: a setting, whose place is found only if a finding points
 * at it, or the value alone (`read.value`).
 */
interface Read {
  <T>(path: JsonPath, fallback: T): Setting<T | unknown>;
  value<T>(path: JsonPath, fallback: T): T | unknown;
}

function reader(values: Record<string, unknown>, places: ValuesPlaces): Read {
  const locate = (path: JsonPath) => places.locate(path);
  const read = <T>(path: JsonPath, fallback: T): Setting<T | unknown> => {
    const value = getPath(values, path);
    return new DeferredSetting(
      value ?? fallback,
      value !== undefined && places.sets(path),
      locate,
      path,
    );
  };
  return Object.assign(read, {
    value: <T>(path: JsonPath, fallback: T) => getPath(values, path) ?? fallback,
  });
}

/** The setting as text; `read` made it just now, so it is changed in place. */
function text(setting: Setting<unknown>): Setting<string> {
  setting.value = String(setting.value);
  return setting as Setting<string>;
}

function ciliumInstall(
  name: string,
  cluster: string | undefined,
  read: Read,
  location: Location,
): CiliumInstall {
  const useApiServer = read.value(['clustermesh', 'useAPIServer'], false) === true;
  const configEnabled = read.value(['clustermesh', 'config', 'enabled'], false) === true;
  const peerList = read.value(['clustermesh', 'config', 'clusters'], []);
  const peers = Array.isArray(peerList)
    ? peerList.flatMap((peer) =>
        isObject(peer) && typeof peer.name === 'string' ? [peer.name] : [],
      )
    : [];
  const install: CiliumInstall = {
    name,
    location,
    clusterName: text(read(['cluster', 'name'], 'default')),
    clusterId: read(['cluster', 'id'], 0),
    maxConnectedClusters: read(['clustermesh', 'maxConnectedClusters'], 255),
    // An empty routingMode is the chart's way of saying tunnel.
    routingMode: text(read(['routingMode'], 'tunnel')),
    ipamMode: text(read(['ipam', 'mode'], 'cluster-pool')),
    meshMember: useApiServer || configEnabled || peers.length > 0,
    peers,
    podBlocks: [],
  };
  if (install.routingMode.value === '') install.routingMode.value = 'tunnel';
  if (cluster !== undefined) install.cluster = cluster;
  if (install.ipamMode.value === 'cluster-pool') install.podBlocks = clusterPoolBlocks(name, read);
  return install;
}

/** With cluster-pool IPAM the operator hands out pod ranges from these lists, not the Cluster's. */
function clusterPoolBlocks(name: string, read: Read): NetworkBlock[] {
  const blocks: NetworkBlock[] = [];
  const families = [
    { family: 4 as const, enabled: read.value(['ipv4', 'enabled'], true) !== false },
    { family: 6 as const, enabled: read.value(['ipv6', 'enabled'], false) === true },
  ];
  for (const { family, enabled } of families) {
    if (!enabled) continue;
    const path = ['ipam', 'operator', `clusterPoolIPv${family}PodCIDRList`];
    const setting = read(path, clusterPoolDefaults[family]);
    // Older charts took a single string; newer ones a list.
    const list = Array.isArray(setting.value) ? setting.value : [setting.value];
    for (const [i, cidr] of list.entries()) {
      const field = Array.isArray(setting.value) ? [...path, i] : path;
      const block: NetworkBlock = {
        cidr: String(cidr),
        field: fieldName(field),
        declaredBy: name,
        location: setting.explicit ? read(field, undefined).location : setting.location,
      };
      if (!setting.explicit) block.defaulted = true;
      blocks.push(block);
    }
  }
  return blocks;
}

function istioInstall(
  name: string,
  cluster: string | undefined,
  read: Read,
  location: Location,
  where: { namespace: string | undefined; profile: unknown },
): IstioInstall {
  const istioNamespace = read.value(['global', 'istioNamespace'], undefined);
  const namespace =
    where.namespace ??
    (typeof istioNamespace === 'string' && istioNamespace !== '' ? istioNamespace : 'istio-system');
  const remote =
    where.profile === 'remote' || read.value(['istiodRemote', 'enabled'], false) === true;
  const install: IstioInstall = { name, location, namespace, remote };
  if (cluster !== undefined) install.cluster = cluster;
  const meshId = read(['global', 'meshID'], undefined);
  const clusterName = read(['global', 'multiCluster', 'clusterName'], undefined);
  const network = read(['global', 'network'], undefined);
  if (typeof meshId.value === 'string' && meshId.value !== '') install.meshId = text(meshId);
  if (typeof clusterName.value === 'string' && clusterName.value !== '')
    install.clusterName = text(clusterName);
  if (typeof network.value === 'string' && network.value !== '') install.network = text(network);
  return install;
}
