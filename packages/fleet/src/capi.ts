import {
  getPath,
  isObject,
  type Location,
  type Repository,
  type Resource,
  resourcesNamed,
  splitApiVersion,
} from '@fleetops/core';
import { infrastructureBlocks } from './infrastructure.ts';
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
  const referenced: Resource[] = [];
  if (controlPlane) referenced.push(controlPlane);
  if (infrastructure) referenced.push(infrastructure);
  const facts: ClusterApiFacts = {
    resource: cluster,
    networks: {
      pods: clusterNetworkBlocks(repository, cluster, 'pods'),
      services: clusterNetworkBlocks(repository, cluster, 'services'),
      infrastructure:
        referenced.length === 1
          ? infrastructureBlocks(repository, referenced[0]!)
          : referenced.flatMap((ref) => infrastructureBlocks(repository, ref)),
    },
    referenced,
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
  const blocks = getPath(cluster.object, ['spec', 'clusterNetwork', kind, 'cidrBlocks']);
  if (!Array.isArray(blocks)) return [];
  const declaredBy = `Cluster/${cluster.name}`;
  const read: NetworkBlock[] = new Array(blocks.length);
  for (let i = 0; i < blocks.length; i++)
    read[i] = new ClusterNetworkBlock(String(blocks[i]), declaredBy, repository, cluster, kind, i);
  return read;
}

/**
 * A block of a Cluster's clusterNetwork, its field name and place made on first read:
 * every cluster has a few, the rules read their ranges, and only those a finding names
 * are ever written out or located. Else each would be a path, a location and a string
 * kept for the whole check.
 */
class ClusterNetworkBlock implements NetworkBlock {
  readonly cidr: string;
  readonly declaredBy: string;
  readonly #repository: Pick<Repository, 'locate'>;
  readonly #cluster: Resource;
  readonly #kind: 'pods' | 'services';
  readonly #index: number;
  #location: Location | undefined;

  constructor(
    cidr: string,
    declaredBy: string,
    repository: Pick<Repository, 'locate'>,
    cluster: Resource,
    kind: 'pods' | 'services',
    index: number,
  ) {
    this.cidr = cidr;
    this.declaredBy = declaredBy;
    this.#repository = repository;
    this.#cluster = cluster;
    this.#kind = kind;
    this.#index = index;
  }

  /** fieldName of the path, written out. */
  get field(): string {
    return `spec.clusterNetwork.${this.#kind}.cidrBlocks[${this.#index}]`;
  }

  get location(): Location {
    if (this.#location === undefined)
      this.#location = this.#repository.locate(this.#cluster, [
        'spec',
        'clusterNetwork',
        this.#kind,
        'cidrBlocks',
        this.#index,
      ]);
    return this.#location;
  }

  /** The block as the plain object it stands for, keys in the same order. */
  toJSON(): NetworkBlock {
    return {
      cidr: this.cidr,
      field: this.field,
      declaredBy: this.declaredBy,
      location: this.location,
    };
  }
}

/**
 * Objects by kind and name, to follow references without scanning. The index is core's,
 * built once for the repository and shared with validation's references.
 */
export interface ResourceIndex {
  named(kind: string, name: string): readonly Resource[];
}

export function indexResources(resources: readonly Resource[]): ResourceIndex {
  return { named: (kind, name) => resourcesNamed(resources, kind, name) };
}

/**
 * Follows a v1beta1 (`apiVersion`) or v1beta2 (`apiGroup`) object reference. References
 * stay within the cluster's namespace; an unset namespace in Git is whatever the
 * deployment tool applies, so it matches any. An object in the very namespace wins over
 * an earlier one that only may be in it.
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
  const namespace = typeof ref.namespace === 'string' ? ref.namespace : cluster.namespace;
  let loose: Resource | undefined;
  for (const candidate of index.named(ref.kind, ref.name)) {
    if (candidate.group !== group) continue;
    if (candidate.namespace === namespace) return candidate;
    if (!loose && (candidate.namespace === undefined || namespace === undefined)) loose = candidate;
  }
  return loose;
}
