import type { Finding, FleetConfig, Location, Resource } from '@fleetops/core';

/** Where a fact about a cluster was read. */
export type SourceKind =
  | 'cluster-api'
  | 'argocd-secret'
  | 'directory'
  | 'control-plane'
  | 'infrastructure';

/** A value together with the place it is written, so a finding can point at it. */
export interface Fact<T> {
  value: T;
  source: SourceKind;
  location: Location;
}

export interface NetworkBlock {
  cidr: string;
  /** The field it came from, e.g. `spec.clusterNetwork.pods.cidrBlocks[0]`. */
  field: string;
  /** `Kind/name` of the object that declares it. */
  declaredBy: string;
  location: Location;
  /** True when the field is absent and the provider's documented default applies. */
  defaulted?: boolean;
}

export interface ClusterNetworks {
  pods: NetworkBlock[];
  services: NetworkBlock[];
  /** VPC / VNet / subnet ranges of the infrastructure provider. */
  infrastructure: NetworkBlock[];
}

export interface ClusterSource {
  kind: SourceKind;
  file: string;
  line?: number;
  /** `Kind/namespace/name` of the object, absent for a directory. */
  object?: string;
}

export interface Cluster {
  name: string;
  stage?: Fact<string>;
  labels: Record<string, Fact<string>>;
  kubernetesVersion?: Fact<string>;
  /** API server URL, from the Argo CD cluster secret. */
  server?: Fact<string>;
  /** Directory that holds the cluster's files, relative to the root. */
  directory?: string;
  networks: ClusterNetworks;
  sources: ClusterSource[];
  /** The Cluster API object, when the repository has one. */
  clusterApi?: Resource;
  /** The Argo CD cluster secret, when the repository has one. */
  argocdSecret?: Resource;
  /** Every resource stored under the cluster's directory. */
  resources: Resource[];
}

export interface Fleet {
  config: FleetConfig;
  clusters: Cluster[];
  /** Problems found while building the model (conflicts, bad CIDRs, duplicates). */
  findings: Finding[];
}
