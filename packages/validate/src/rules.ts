import { type RuleCatalog, type RuleMeta, ruleCatalog } from '@fleetops/core';

const kubeconform = 'https://github.com/yannh/kubeconform#readme';

const rules: RuleMeta[] = [
  {
    id: 'validate/schema',
    summary: 'A resource matches the JSON schema of its kind and apiVersion',
    defaultSeverity: 'error',
    rationale:
      'The API server rejects an object that does not match its schema (or, for unknown fields, drops them silently); finding it in review is cheaper than in a failed sync.',
    helpUri: kubeconform,
  },
  {
    id: 'validate/schema-not-found',
    summary: 'Every resource has a schema in one of the schema locations or CRDs',
    defaultSeverity: 'error',
    rationale:
      'A resource without a schema is not validated at all. Add a schema location, a --crd, or -ignore-missing-schemas.',
    helpUri: kubeconform,
  },
  {
    id: 'validate/not-validated',
    summary: 'Resources whose schema could not be had are named, never silently passed',
    defaultSeverity: 'warning',
    rationale:
      'Offline, with an unreachable schema host or for an unknown kind, a resource is not validated; the warning says which kinds.',
  },
  {
    id: 'validate/schemas-off',
    summary: 'A run without any schema source says that schemas were not checked',
    defaultSeverity: 'note',
    rationale:
      'With no schema location, CRD or OpenAPI document configured, `fleetops check` checks references only; the note names how many resources of which kinds went unvalidated, so a passing run is never mistaken for a validated one. Set validation.schemaLocations (or crds, openapi) in .fleetops.yaml, or pass --schema-location, --crd or --openapi.',
  },
  {
    id: 'validate/schema-unavailable',
    summary: 'Schema locations answer (no network error, no HTTP error other than 404)',
    defaultSeverity: 'error',
    rationale: 'kubeconform fails a resource whose schema location fails rather than passing it.',
    helpUri: kubeconform,
  },
  {
    id: 'validate/rejected',
    summary: 'No resource is of a kind listed in -reject',
    defaultSeverity: 'error',
    helpUri: kubeconform,
  },
  {
    id: 'validate/missing-type',
    summary: 'Every resource has a kind and an apiVersion',
    defaultSeverity: 'error',
    helpUri: kubeconform,
  },
  {
    id: 'validate/yaml',
    summary: 'Every document decodes to a mapping (YAML syntax, duplicate keys under -strict)',
    defaultSeverity: 'error',
    helpUri: kubeconform,
  },
  {
    id: 'validate/unreadable',
    summary: 'Every path given exists and can be read',
    defaultSeverity: 'error',
  },
  ...[
    [
      'validate/capi-infrastructure-ref',
      "A Cluster's or Machine template's infrastructureRef names an object of the repository",
    ],
    [
      'validate/capi-control-plane-ref',
      "A Cluster's controlPlaneRef names an object of the repository",
    ],
    [
      'validate/capi-cluster-name',
      "A MachineDeployment's (MachineSet's, MachinePool's) clusterName names a Cluster of the repository",
    ],
    [
      'validate/capi-bootstrap-ref',
      "A Machine template's bootstrap configRef names an object of the repository",
    ],
    [
      'validate/capi-cluster-class',
      "A Cluster's topology class names a ClusterClass of the repository",
    ],
    [
      'validate/argocd-project',
      "An Application's (or ApplicationSet template's) project is an AppProject of the repository or default",
    ],
    [
      'validate/argocd-destination',
      "An Application's destination name or server is a cluster of the fleet",
    ],
  ].map(
    ([id, summary]): RuleMeta => ({
      id: id!,
      summary: summary!,
      defaultSeverity: 'error',
      rationale:
        'A dangling reference is accepted by the API server and fails only when a controller reconciles it. The rule runs only when the repository holds objects of the referenced kind at all.',
    }),
  ),
];

/** The rules of the validate job, for reporters (SARIF rules, help links). */
export const validateRules: RuleCatalog = ruleCatalog(rules);
