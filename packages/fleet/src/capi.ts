import {
  getPath,
  isObject,
  type JsonPath,
  type Location,
  type Repository,
  type Resource,
  resourcesNamed,
  splitApiVersion,
} from '@fleetops/core';
import { fieldName, infrastructureBlocks } from './infrastructure.ts';
import type { ClusterNetworks, Fact, NetworkBlock } from './model.ts';
import { PlacedOnRead } from './placed-on-read.ts';

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

export function clusterApiFacts(repository: Repository, cluster: Resource): ClusterApiFacts {
  const controlPlane = resolveRef(repository.resources, cluster, 'controlPlaneRef');
  const infrastructure = resolveRef(repository.resources, cluster, 'infrastructureRef');
  const referenced: Resource[] = [];
  if (controlPlane) referenced.push(controlPlane);
  if (infrastructure) referenced.push(infrastructure);
  const facts: ClusterApiFacts = {
    resource: cluster,
    networks: {
      pods: clusterNetworkBlocks(repository, cluster, 'pods'),
      services: clusterNetworkBlocks(repository, cluster, 'services'),
      infrastructure: referenced.flatMap((ref) => infrastructureBlocks(repository, ref)),
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
 * A block of a Cluster's clusterNetwork, its field name and place made on first read
 * (placed-on-read.ts): every cluster has a few, the rules read their ranges, and only
 * those a finding names are ever written out or located.
 */
class ClusterNetworkBlock extends PlacedOnRead implements NetworkBlock {
  readonly cidr: string;
  readonly declaredBy: string;
  readonly #repository: Pick<Repository, 'locate'>;
  readonly #cluster: Resource;
  readonly #kind: 'pods' | 'services';
  readonly #index: number;

  constructor(
    cidr: string,
    declaredBy: string,
    repository: Pick<Repository, 'locate'>,
    cluster: Resource,
    kind: 'pods' | 'services',
    index: number,
  ) {
    super();
    this.cidr = cidr;
    this.declaredBy = declaredBy;
    this.#repository = repository;
    this.#cluster = cluster;
    this.#kind = kind;
    this.#index = index;
  }

  get field(): string {
    return fieldName(this.#path());
  }

  protected place(): Location {
    return this.#repository.locate(this.#cluster, this.#path());
  }

  #path(): JsonPath {
    return ['spec', 'clusterNetwork', this.#kind, 'cidrBlocks', this.#index];
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
 * Follows a v1beta1 (`apiVersion`) or v1beta2 (`apiGroup`) object reference. References
 * stay within the cluster's namespace; an unset namespace in Git is whatever the
 * deployment tool applies, so it matches any. An object in the very namespace wins over
 * an earlier one that only may be in it.
 */
function resolveRef(
  resources: readonly Resource[],
  cluster: Resource,
  field: string,
): Resource | undefined {
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
  // Core's index by kind and name, built once and shared with validation's references.
  for (const candidate of resourcesNamed(resources, ref.kind, ref.name)) {
    if (candidate.group !== group) continue;
    if (candidate.namespace === namespace) return candidate;
    if (!loose && (candidate.namespace === undefined || namespace === undefined)) loose = candidate;
  }
  return loose;
}
