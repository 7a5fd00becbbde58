import { getPath, isObject, type Repository, type Resource, splitApiVersion } from '@fleetops/core';
import { fieldName, infrastructureBlocks } from './infrastructure.ts';
import type { ClusterNetworks, Fact, NetworkBlock } from './model.ts';

export const clusterApiGroup = 'cluster.x-k8s.io';

/** What a Cluster API `Cluster` and the objects it references say about a cluster. */
export interface ClusterApiFacts {
  resource: Resource;
  kubernetesVersion?: Fact<string>;
  networks: ClusterNetworks;
  /** The control plane and infrastructure objects found in the repository. */
  referenced: Resource[];
}

export function isClusterApiCluster(resource: Resource): boolean {
  return resource.group === clusterApiGroup && resource.kind === 'Cluster';
}

export function clusterApiFacts(
  repository: Repository,
  cluster: Resource,
  index: ResourceIndex,
): ClusterApiFacts {
  const controlPlane = resolveRef(index, cluster, 'controlPlaneRef');
  const infrastructure = resolveRef(index, cluster, 'infrastructureRef');
  const facts: ClusterApiFacts = {
    resource: cluster,
    networks: {
      pods: clusterNetworkBlocks(repository, cluster, 'pods'),
      services: clusterNetworkBlocks(repository, cluster, 'services'),
      infrastructure: [controlPlane, infrastructure].flatMap((ref) =>
        ref ? infrastructureBlocks(repository, ref) : [],
      ),
    },
    referenced: [controlPlane, infrastructure].filter((ref): ref is Resource => ref !== undefined),
  };
  const version = kubernetesVersion(repository, cluster, controlPlane);
  if (version) facts.kubernetesVersion = version;
  return facts;
}

/** spec.topology.version for a ClusterClass-based cluster, else the control plane's spec.version. */
function kubernetesVersion(
  repository: Repository,
  cluster: Resource,
  controlPlane?: Resource,
): Fact<string> | undefined {
  const topology = getPath(cluster.object, ['spec', 'topology', 'version']);
  if (typeof topology === 'string') {
    return {
      value: topology,
      source: 'cluster-api',
      location: repository.locate(cluster, ['spec', 'topology', 'version']),
    };
  }
  const version = controlPlane ? getPath(controlPlane.object, ['spec', 'version']) : undefined;
  if (controlPlane && typeof version === 'string') {
    return {
      value: version,
      source: 'control-plane',
      location: repository.locate(controlPlane, ['spec', 'version']),
    };
  }
  return undefined;
}

function clusterNetworkBlocks(
  repository: Repository,
  cluster: Resource,
  kind: 'pods' | 'services',
): NetworkBlock[] {
  const path = ['spec', 'clusterNetwork', kind, 'cidrBlocks'];
  const blocks = getPath(cluster.object, path);
  if (!Array.isArray(blocks)) return [];
  return blocks.map((cidr, i) => ({
    cidr: String(cidr),
    field: fieldName([...path, i]),
    declaredBy: `Cluster/${cluster.name}`,
    location: repository.locate(cluster, [...path, i]),
  }));
}

/** Objects by `group/Kind/name`, to follow references without scanning. */
export type ResourceIndex = ReadonlyMap<string, readonly Resource[]>;

export function indexResources(resources: readonly Resource[]): ResourceIndex {
  const index = new Map<string, Resource[]>();
  for (const resource of resources) {
    const key = `${resource.group}/${resource.kind}/${resource.name}`;
    const list = index.get(key);
    if (list) list.push(resource);
    else index.set(key, [resource]);
  }
  return index;
}

/**
 * Follows a v1beta1 (`apiVersion`) or v1beta2 (`apiGroup`) object reference. References
 * stay within the cluster's namespace; an unset namespace in Git is whatever the
 * deployment tool applies, so it matches any.
 */
function resolveRef(index: ResourceIndex, cluster: Resource, field: string): Resource | undefined {
  const ref = getPath(cluster.object, ['spec', field]);
  if (!isObject(ref) || typeof ref.kind !== 'string' || typeof ref.name !== 'string')
    return undefined;
  const group =
    typeof ref.apiGroup === 'string'
      ? ref.apiGroup
      : typeof ref.apiVersion === 'string'
        ? splitApiVersion(ref.apiVersion).group
        : undefined;
  if (group === undefined) return undefined;
  const candidates = index.get(`${group}/${ref.kind}/${ref.name}`) ?? [];
  const namespace = typeof ref.namespace === 'string' ? ref.namespace : cluster.namespace;
  return (
    candidates.find((candidate) => candidate.namespace === namespace) ??
    candidates.find((candidate) => candidate.namespace === undefined || namespace === undefined)
  );
}
