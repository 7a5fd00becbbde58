import {
  type Finding,
  getPath,
  isObject,
  type JsonPath,
  type Location,
  nearestName,
  type Resource,
  resourcesNamed,
  resourcesOfKind,
  splitApiVersion,
} from '@fleetops/core';

// Cross-references a per-document schema cannot see: a Cluster API object names another by
// kind and name, an Argo CD Application names its AppProject and destination cluster. Each
// rule runs only when the repository holds objects of the referenced kind at all: a fleet
// repository is often one part of a larger system, and a reference to something kept
// elsewhere is not a mistake.

export interface ReferenceOptions {
  /** Rule ids to leave out (each rule's switch). */
  readonly disabled?: ReadonlySet<string>;
  /**
   * Clusters Argo CD can deploy to (the fleet model's, from the caller), by name and server.
   * Argo CD cluster Secrets in the repository are added to these.
   */
  readonly clusters?: readonly { readonly name?: string; readonly server?: string }[];
}

export type Locate = (resource: Resource, path?: JsonPath, options?: { key?: boolean }) => Location;

interface Reference {
  ruleId: string;
  /** The field that names the target, below the resource. */
  path: JsonPath;
  kind: string;
  /** API group the target must be in, when the reference says. */
  group?: string;
  name: string;
  namespace?: string;
  what: string;
}

const capiGroup = 'cluster.x-k8s.io';
const argoGroup = 'argoproj.io';

/**
 * Whether the repository holds objects of a kind (in a group, when given): asked for each
 * of 20,000 references of a fleet of 10,000 clusters, answered from core's index of the
 * resources by kind, each kind's groups gathered once.
 */
function kindHolder(resources: readonly Resource[]) {
  const groups = new Map<string, Set<string>>();
  return (kind: string, group?: string): boolean => {
    let kindGroups = groups.get(kind);
    if (!kindGroups) {
      kindGroups = new Set(resourcesOfKind(resources, kind).map((resource) => resource.group));
      groups.set(kind, kindGroups);
    }
    return group === undefined ? kindGroups.size > 0 : kindGroups.has(group);
  };
}

/** Every dangling reference, naming the missing object and the nearest existing name. */
export function referenceFindings(
  resources: readonly Resource[],
  locate: Locate,
  options: ReferenceOptions = {},
): Finding[] {
  const disabled = options.disabled ?? new Set<string>();
  const holds = kindHolder(resources);
  const findings: Finding[] = [];
  for (const resource of resourcesOfKind(resources, ...referringKinds)) {
    for (const reference of referencesOf(resource)) {
      if (disabled.has(reference.ruleId)) continue;
      // A rule runs only where the repository holds objects of the referenced kind at all.
      if (!holds(reference.kind, reference.group)) continue;
      const namespace = reference.namespace ?? resource.namespace;
      const named = resourcesNamed(resources, reference.kind, reference.name);
      if (named.some((target) => inScope(target, reference.group, namespace))) continue;
      const names = resourcesOfKind(resources, reference.kind)
        .filter((target) => inScope(target, reference.group, namespace))
        .map((target) => target.name);
      findings.push(dangling(resource, reference, names, locate, namespace));
    }
  }
  findings.push(...projectFindings(resources, locate, disabled));
  findings.push(...destinationFindings(resources, locate, options, disabled));
  return findings;
}

/** Whether `target` can be what a reference names: in its group and namespace, when given. */
function inScope(target: Resource, group: string | undefined, namespace: string | undefined) {
  return (
    (group === undefined || target.group === group) &&
    (namespace === undefined || (target.namespace ?? namespace) === namespace)
  );
}

/** The kinds referencesOf reads references from. */
const referringKinds = ['Cluster', 'MachineDeployment', 'MachineSet', 'MachinePool'];

function referencesOf(resource: Resource): Reference[] {
  if (resource.group !== capiGroup) return [];
  const out: Reference[] = [];
  const object = resource.object;
  const ref = (ruleId: string, path: JsonPath, what: string) => {
    const value = getPath(object, path);
    if (!isObject(value) || typeof value.kind !== 'string' || typeof value.name !== 'string')
      return;
    const group =
      typeof value.apiGroup === 'string'
        ? value.apiGroup
        : typeof value.apiVersion === 'string'
          ? splitApiVersion(value.apiVersion).group
          : undefined;
    const reference: Reference = {
      ruleId,
      path: [...path, 'name'],
      kind: value.kind,
      name: value.name,
      what,
    };
    if (group) reference.group = group;
    if (typeof value.namespace === 'string') reference.namespace = value.namespace;
    out.push(reference);
  };
  if (resource.kind === 'Cluster') {
    ref('validate/capi-infrastructure-ref', infrastructureRefPath, 'infrastructureRef');
    ref('validate/capi-control-plane-ref', controlPlaneRefPath, 'controlPlaneRef');
    const topology = getPath(object, topologyPath);
    if (isObject(topology)) {
      // v1beta2: classRef {name, namespace}; v1beta1: class and classNamespace.
      const classRef = topology.classRef;
      const [name, namespace, path] = isObject(classRef)
        ? [classRef.name, classRef.namespace, ['spec', 'topology', 'classRef', 'name']]
        : [topology.class, topology.classNamespace, ['spec', 'topology', 'class']];
      if (typeof name === 'string')
        out.push({
          ruleId: 'validate/capi-cluster-class',
          path,
          kind: 'ClusterClass',
          group: capiGroup,
          name,
          ...(typeof namespace === 'string' ? { namespace } : {}),
          what: 'topology class',
        });
    }
  }
  if (
    resource.kind === 'MachineDeployment' ||
    resource.kind === 'MachineSet' ||
    resource.kind === 'MachinePool'
  ) {
    const clusterName = getPath(object, ['spec', 'clusterName']);
    if (typeof clusterName === 'string')
      out.push({
        ruleId: 'validate/capi-cluster-name',
        path: ['spec', 'clusterName'],
        kind: 'Cluster',
        group: capiGroup,
        name: clusterName,
        what: 'clusterName',
      });
    ref(
      'validate/capi-infrastructure-ref',
      ['spec', 'template', 'spec', 'infrastructureRef'],
      'infrastructureRef',
    );
    ref(
      'validate/capi-bootstrap-ref',
      ['spec', 'template', 'spec', 'bootstrap', 'configRef'],
      'bootstrap configRef',
    );
  }
  return out;
}

// Read of every Cluster API Cluster: one path each, not one per cluster.
const infrastructureRefPath: JsonPath = ['spec', 'infrastructureRef'];
const controlPlaneRefPath: JsonPath = ['spec', 'controlPlaneRef'];
const topologyPath: JsonPath = ['spec', 'topology'];

function dangling(
  resource: Resource,
  reference: Reference,
  names: readonly string[],
  locate: Locate,
  namespace: string | undefined,
): Finding {
  const target = `${reference.kind} ${JSON.stringify(reference.name)}${namespace ? ` in namespace ${namespace}` : ''}`;
  const nearest = nearestName(reference.name, names);
  return {
    ruleId: reference.ruleId,
    severity: 'error',
    message: `${resource.kind} ${resource.name}: ${reference.what} names ${target}, which is not in the repository${nearest ? `; did you mean ${JSON.stringify(nearest)}?` : ''}`,
    location: locate(resource, reference.path),
    data: {
      kind: reference.kind,
      name: reference.name,
      ...(nearest ? { suggestion: nearest } : {}),
    },
  };
}

/** An Application's (or ApplicationSet template's) project is an AppProject of the repository or `default`. */
function projectFindings(
  resources: readonly Resource[],
  locate: Locate,
  disabled: ReadonlySet<string>,
): Finding[] {
  const ruleId = 'validate/argocd-project';
  const projects = resourcesOfKind(resources, 'AppProject').filter((p) => p.group === argoGroup);
  if (disabled.has(ruleId) || projects.length === 0) return [];
  const names = ['default', ...projects.map((p) => p.name)];
  const findings: Finding[] = [];
  for (const resource of resourcesOfKind(resources, ...applicationKinds)) {
    const path = applicationSpecPath(resource);
    if (!path) continue;
    const project = getPath(resource.object, [...path, 'project']);
    if (typeof project !== 'string' || project.includes('{{') || names.includes(project)) continue;
    const nearest = nearestName(project, names);
    findings.push({
      ruleId,
      severity: 'error',
      message: `${resource.kind} ${resource.name}: project ${JSON.stringify(project)} is not an AppProject of the repository nor "default"${nearest ? `; did you mean ${JSON.stringify(nearest)}?` : ''}`,
      location: locate(resource, [...path, 'project']),
      data: { project, ...(nearest ? { suggestion: nearest } : {}) },
    });
  }
  return findings;
}

/** A destination's name or server is a cluster Argo CD knows: the fleet's, a cluster Secret, in-cluster. */
function destinationFindings(
  resources: readonly Resource[],
  locate: Locate,
  options: ReferenceOptions,
  disabled: ReadonlySet<string>,
): Finding[] {
  const ruleId = 'validate/argocd-destination';
  if (disabled.has(ruleId)) return [];
  // Added one by one: the fleet's clusters and their secrets are tens of thousands.
  const names = new Set(['in-cluster']);
  const servers = new Set(['https://kubernetes.default.svc']);
  let clusters = 0;
  const add = (cluster: { readonly name?: string; readonly server?: string }) => {
    clusters++;
    if (cluster.name) names.add(cluster.name);
    if (cluster.server) servers.add(withoutTrailingSlash(cluster.server));
  };
  for (const cluster of options.clusters ?? []) add(cluster);
  for (const secret of clusterSecrets(resources)) add(secret);
  if (clusters === 0) return [];
  const findings: Finding[] = [];
  const check = (resource: Resource, path: JsonPath, field: 'name' | 'server', value: unknown) => {
    if (typeof value !== 'string' || value === '' || value.includes('{{')) return;
    const known = field === 'name' ? names : servers;
    if (known.has(field === 'server' ? withoutTrailingSlash(value) : value)) return;
    const nearest = nearestName(value, [...known]);
    findings.push({
      ruleId,
      severity: 'error',
      message: `${resource.kind} ${resource.name}: destination ${field} ${JSON.stringify(value)} is not a cluster of the fleet${nearest ? `; did you mean ${JSON.stringify(nearest)}?` : ''}`,
      location: locate(resource, [...path, 'destination', field]),
      data: { [field]: value, ...(nearest ? { suggestion: nearest } : {}) },
    });
  };
  for (const resource of resourcesOfKind(resources, ...applicationKinds)) {
    const path = applicationSpecPath(resource);
    if (!path) continue;
    const spec = getPath(resource.object, path);
    if (!isObject(spec) || !isObject(spec.destination)) continue;
    check(resource, path, 'name', spec.destination.name);
    check(resource, path, 'server', spec.destination.server);
  }
  return findings;
}

/** One trailing slash dropped, as `/\/$/` would: servers are compared without it. */
function withoutTrailingSlash(server: string): string {
  return server.endsWith('/') ? server.slice(0, -1) : server;
}

/** The kinds applicationSpecPath finds a spec in. */
const applicationKinds = ['Application', 'ApplicationSet'];

// Shared by every Application: never changed, only read and copied.
const applicationSpec: JsonPath = ['spec'];
const applicationSetTemplateSpec: JsonPath = ['spec', 'template', 'spec'];

function applicationSpecPath(resource: Resource): JsonPath | undefined {
  if (resource.group !== argoGroup) return undefined;
  if (resource.kind === 'Application') return applicationSpec;
  if (resource.kind === 'ApplicationSet') return applicationSetTemplateSpec;
  return undefined;
}

/** Argo CD's declarative clusters: Secrets labelled argocd.argoproj.io/secret-type: cluster. */
function clusterSecrets(resources: readonly Resource[]): { name?: string; server?: string }[] {
  const secrets: { name?: string; server?: string }[] = [];
  for (const resource of resourcesOfKind(resources, 'Secret')) {
    if (resource.group !== '') continue;
    const labels = getPath(resource.object, labelsPath);
    if (!isObject(labels) || labels['argocd.argoproj.io/secret-type'] !== 'cluster') continue;
    const secret: { name?: string; server?: string } = {};
    const name = secretField(resource, 'name');
    const server = secretField(resource, 'server');
    if (name) secret.name = name;
    if (server) secret.server = server;
    secrets.push(secret);
  }
  return secrets;
}

// Read of every Secret: one path, not one per secret.
const labelsPath: JsonPath = ['metadata', 'labels'];

function secretField(secret: Resource, field: string): string | undefined {
  const { stringData, data } = secret.object as { stringData?: unknown; data?: unknown };
  const plain = isObject(stringData) ? stringData[field] : undefined;
  if (typeof plain === 'string') return plain;
  const encoded = isObject(data) ? data[field] : undefined;
  return typeof encoded === 'string' ? Buffer.from(encoded, 'base64').toString('utf8') : undefined;
}

// Kept in this package's API, where it was first; the measure now lives in core.
export { nearestName };
