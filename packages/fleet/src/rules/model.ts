import { ruleCatalog } from '@fleetops/core';

const argoCdClusterDocs =
  'https://argo-cd.readthedocs.io/en/stable/operator-manual/declarative-setup/#clusters';

/** Rules about the fleet model itself: the sources of a cluster must agree. */
export const modelRules = ruleCatalog([
  {
    id: 'fleet/duplicate-cluster',
    summary: 'Two objects of the same source define a cluster with the same name.',
    defaultSeverity: 'error',
    rationale:
      'Argo CD and Cluster API each expect one definition per cluster name; with two, which one wins depends on apply order.',
    helpUri: argoCdClusterDocs,
  },
  {
    id: 'fleet/duplicate-server',
    summary: 'Two Argo CD cluster secrets point at the same API server.',
    defaultSeverity: 'error',
    rationale:
      'Argo CD identifies a cluster by its server URL; two secrets for one server make Applications land on an arbitrary one of them.',
    helpUri: argoCdClusterDocs,
  },
  {
    id: 'fleet/label-conflict',
    summary: "A cluster's sources disagree on a label value.",
    defaultSeverity: 'error',
    rationale:
      'ApplicationSet generators select on the Argo CD secret while Cluster API tooling reads the Cluster: a stage or region that differs between them deploys to the wrong place.',
  },
  {
    id: 'fleet/unknown-stage',
    summary: "A cluster's stage label is not one of the configured stages.",
    defaultSeverity: 'warning',
    rationale:
      'Promotion moves versions along the configured stage order; a cluster outside it is never promoted to.',
  },
  {
    id: 'fleet/directory-mismatch',
    summary: "An object under a cluster's directory names a different cluster.",
    defaultSeverity: 'warning',
    rationale:
      'Everything under clusters/<name>/ is taken to belong to <name>; an object there for another cluster is usually a copy-paste left unrenamed.',
  },
  {
    id: 'fleet/invalid-cidr',
    summary: 'A network range is not a valid CIDR block.',
    defaultSeverity: 'error',
    rationale:
      'Cluster API and the infrastructure providers reject malformed or host-bit ranges only when the cluster is created, long after merge.',
    helpUri: 'https://cluster-api.sigs.k8s.io/reference/api/crd-reference',
  },
  {
    id: 'fleet/cluster-network-blocks',
    summary:
      "A Cluster's pods or services cidrBlocks hold more than one block of a family, or more than two blocks.",
    defaultSeverity: 'error',
    rationale:
      'Cluster API accepts one block for single-stack and one IPv4 plus one IPv6 block for dual-stack; the webhook rejects anything else, so the cluster is never created.',
    helpUri: 'https://cluster-api.sigs.k8s.io/reference/api/crd-reference',
  },
  {
    id: 'fleet/incomplete-cluster-secret',
    summary: 'An Argo CD cluster secret lacks a readable server.',
    defaultSeverity: 'error',
    rationale:
      'Argo CD ignores a cluster secret without a server URL, so every Application aimed at it stays unsynced.',
    helpUri: argoCdClusterDocs,
  },
]);
