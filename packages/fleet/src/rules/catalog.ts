import {
  type Finding,
  type Location,
  type RelatedLocation,
  ruleCatalog,
  type Severity,
} from '@fleetops/core';
import { createRemoteSecretDocs, remoteSecretDocs } from '../istio.ts';
import { ciliumDocs, istioDocs } from '../mesh.ts';

const registryDocs =
  'https://kubernetes-sigs.github.io/external-dns/latest/docs/registry/registry/';
const txtRegistryDocs = 'https://kubernetes-sigs.github.io/external-dns/latest/docs/registry/txt/';
const flagsDocs = 'https://kubernetes-sigs.github.io/external-dns/latest/docs/flags/';
const clusterNetworkDocs =
  'https://cluster-api.sigs.k8s.io/reference/api/crd-reference#clusternetwork';
const capaNetworkDocs =
  'https://cluster-api-aws.sigs.k8s.io/topics/bring-your-own-aws-infrastructure';

/** The fleet invariants: facts that hold across clusters, which no single-cluster check sees. */
export const invariantRules = ruleCatalog([
  {
    id: 'externaldns/shared-owner-id',
    summary: 'Two ExternalDNS instances that can manage the same names share a TXT owner id.',
    defaultSeverity: 'error',
    rationale:
      'An instance treats every record whose ownership record carries its owner id as its own: with a shared id (including both leaving it at the default `default`), each deletes the records the other created. Instances in different clusters that share a zone need different owner ids.',
    helpUri: registryDocs,
  },
  {
    id: 'externaldns/noop-registry-shared-zone',
    summary:
      'An ExternalDNS instance with registry noop manages names another instance manages too.',
    defaultSeverity: 'error',
    rationale:
      'The noop registry keeps no ownership records: the instance regards every record in its scope as its own and, with policy sync, deletes whatever another instance created there.',
    helpUri: registryDocs,
  },
  {
    id: 'externaldns/hidden-ownership-records',
    summary: 'ExternalDNS instances sharing names use different TXT prefixes or suffixes.',
    defaultSeverity: 'warning',
    rationale:
      "The TXT registry looks for ownership records only under its own prefix and suffix. Instances that differ there cannot see each other's ownership records, so a record one of them created looks unowned to the other, and a name claimed by both flaps between them.",
    helpUri: txtRegistryDocs,
  },
  {
    id: 'externaldns/regex-overrides-domain-filter',
    summary: 'An ExternalDNS instance sets both --regex-domain-filter and plain domain filters.',
    defaultSeverity: 'warning',
    rationale:
      'When --regex-domain-filter is set, external-dns ignores --domain-filter entirely; the plain filters give a false sense of the scope the instance really manages.',
    helpUri: flagsDocs,
  },
  {
    id: 'externaldns/implicit-policy',
    summary: 'An ExternalDNS instance relies on the default --policy.',
    defaultSeverity: 'warning',
    rationale:
      'The binary defaults to sync (it deletes records) while both Helm charts default to upsert-only (it never does): moving between install methods silently changes whether records are deleted. State it.',
    helpUri: flagsDocs,
  },
  {
    id: 'network/cluster-overlap',
    summary: "A cluster's pod, service and node (VPC) ranges overlap each other.",
    defaultSeverity: 'error',
    rationale:
      "A pod address inside the service range or the VPC is routed to the wrong place: kube-proxy or the VPC route table captures it before it reaches the pod. Cilium's cluster-pool IPAM (its chart default, 10.0.0.0/8) counts as the pod range.",
    helpUri: clusterNetworkDocs,
  },
  {
    id: 'network/fleet-overlap',
    summary:
      "Connected clusters' pod and node ranges overlap, or one's service range overlaps another's pod or node range.",
    defaultSeverity: 'error',
    rationale:
      "ClusterMesh routes pod addresses between clusters and VPC peering or a transit gateway refuses overlapping VPCs; a service range over a peer's pods captures traffic to them locally. Service ranges alone may repeat: they never leave their cluster.",
    helpUri: capaNetworkDocs,
  },
  {
    id: 'mesh/cilium-cluster-name',
    summary: 'A Cilium cluster.name is invalid or not unique within its ClusterMesh.',
    defaultSeverity: 'error',
    rationale:
      'ClusterMesh identifies clusters by name: it must be at most 32 lowercase alphanumerics and hyphens, and two members with one name (the chart default is `default`) overwrite each other in the mesh state.',
    helpUri: ciliumDocs,
  },
  {
    id: 'mesh/cilium-cluster-id',
    summary: 'A Cilium cluster.id is missing, out of range or not unique within its ClusterMesh.',
    defaultSeverity: 'error',
    rationale:
      "Security identities embed the cluster id: a member needs an id in 1–255 (1–511 with maxConnectedClusters 511), and two members with one id corrupt each other's identities and policy decisions.",
    helpUri: ciliumDocs,
  },
  {
    id: 'mesh/cilium-setting-mismatch',
    summary: 'ClusterMesh members disagree on maxConnectedClusters or routingMode.',
    defaultSeverity: 'error',
    rationale:
      'maxConnectedClusters changes how identities are split between cluster id and local id; members must agree on it, and on the routing mode, to exchange traffic.',
    helpUri: ciliumDocs,
  },
  {
    id: 'mesh/istio-mesh-id-mismatch',
    summary: 'Istio multi-primary members do not share one global.meshID.',
    defaultSeverity: 'error',
    rationale:
      'Every cluster of a multi-primary mesh is installed with the same meshID; a different one makes it a separate mesh whose workloads do not trust the others.',
    helpUri: istioDocs,
  },
  {
    id: 'mesh/istio-cluster-name',
    summary: 'Two Istio mesh members use the same global.multiCluster.clusterName.',
    defaultSeverity: 'error',
    rationale:
      "istiod keys endpoints by cluster name: two members with one name overwrite each other's endpoints and remote secrets.",
    helpUri: istioDocs,
  },
  {
    id: 'mesh/istio-network-pod-overlap',
    summary: 'Istio members on the same network have overlapping pod ranges.',
    defaultSeverity: 'error',
    rationale:
      "Clusters on one Istio network reach each other's pods directly, without an east-west gateway, so their pod addresses must be unique.",
    helpUri: istioDocs,
  },
  {
    id: 'mesh/istio-remote-secret-unknown-cluster',
    summary:
      'An Istio remote secret connects to a cluster that is no Istio mesh member of the fleet.',
    defaultSeverity: 'warning',
    rationale:
      "istiod registers each data key of a remote secret as a cluster ID and files that cluster's endpoints under it. A key that no member's global.multiCluster.clusterName matches is a typo, a renamed or retired cluster, or a fleet cluster name used where the Istio cluster name belongs: the endpoints land under an ID no proxy reports, and locality and network routing miss them.",
    helpUri: remoteSecretDocs,
  },
  {
    id: 'mesh/istio-remote-secret-name-mismatch',
    summary:
      "An Istio remote secret's data key disagrees with its networking.istio.io/cluster annotation or its istio-remote-secret-<cluster> name.",
    defaultSeverity: 'warning',
    rationale:
      'istioctl create-remote-secret --name X writes the annotation, the name suffix and the single data key all as X. istiod uses only the data key; when the others say something else, the secret was edited or copied by hand and one of them is stale, so reviewers and tools reading the annotation see a connection istiod does not make.',
    helpUri: createRemoteSecretDocs,
  },
  {
    id: 'mesh/istio-remote-secret-one-way',
    summary:
      'A multi-primary Istio member reads another primary through a remote secret, but the other holds none for it.',
    defaultSeverity: 'warning',
    rationale:
      "In multi-primary every primary's istiod needs a remote secret of each other primary to discover its endpoints. With the secret on one side only, the other cluster's workloads never see this cluster's services: cross-cluster load balancing and failover work in one direction. (A remote cluster of primary-remote, profile remote, needs no secret of its own.)",
    helpUri: remoteSecretDocs,
  },
  {
    id: 'mesh/istio-remote-secret-mesh-id',
    summary: 'An Istio remote secret connects members with different global.meshID values.',
    defaultSeverity: 'error',
    rationale:
      'A remote secret makes the two clusters one mesh: istiod merges the remote endpoints into its own. Members of one mesh must share its meshID; with two, workload identities and telemetry disagree about which mesh a workload is in, and trust across the link breaks when the meshes use different roots.',
    helpUri: istioDocs,
  },
  {
    id: 'mesh/istio-remote-secret-ignored',
    summary:
      'istiod never reads an Istio remote secret (label missing or not "true", another namespace) or a key another secret registered first.',
    defaultSeverity: 'warning',
    rationale:
      'istiod watches only Secrets labelled istio/multiCluster: "true" in its own namespace (istio-system by default), and a cluster ID registered by one secret is ignored in every later one. Such a secret looks like a connection in Git but connects nothing.',
    helpUri: remoteSecretDocs,
  },
]);

export function invariantFinding(
  ruleId: string,
  message: string,
  location: Location,
  related: RelatedLocation[] = [],
  data?: Record<string, unknown>,
  severity?: Severity,
): Finding {
  const finding: Finding = {
    ruleId,
    severity: severity ?? invariantRules.get(ruleId)!.defaultSeverity,
    message,
    location,
  };
  if (related.length > 0) finding.related = related;
  if (data) finding.data = data;
  return finding;
}
