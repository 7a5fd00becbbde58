import {
  describeResource,
  getPath,
  isObject,
  type Location,
  type Repository,
  type Resource,
  resourcesOfKind,
} from '@fleetops/core';
import { isArgoCdApplication } from './chart-values.ts';
import { addTo } from './group.ts';
import type { IstioInstall } from './mesh.ts';
import type { Fleet } from './model.ts';
import type { Placement } from './placement.ts';
import type { Setting } from './setting.ts';

/** The label istiod's secret controller selects on (pkg/kube/multicluster/secretcontroller.go). */
export const multiClusterLabel = 'istio/multiCluster';
/** The annotation `istioctl create-remote-secret` writes with the cluster's name (istioctl/pkg/multicluster). */
export const clusterAnnotation = 'networking.istio.io/cluster';
/** istioctl names a remote secret after the cluster it reaches. */
export const remoteSecretPrefix = 'istio-remote-secret-';
export const remoteSecretDocs =
  'https://istio.io/latest/docs/setup/install/multicluster/multi-primary/#enable-endpoint-discovery';
export const createRemoteSecretDocs =
  'https://istio.io/latest/docs/reference/commands/istioctl/#istioctl-create-remote-secret';

/**
 * An Istio remote secret, as `istioctl create-remote-secret --name B` makes it: a Secret in
 * istiod's namespace labelled `istio/multiCluster: "true"`, annotated
 * `networking.istio.io/cluster: B`, with one key `B` holding a kubeconfig for B's API
 * server. The istiod of the cluster holding it registers every key as a remote cluster of
 * that ID and discovers its endpoints: the holder is connected to each named cluster.
 */
export interface IstioRemoteSecret {
  /** `Secret/namespace/name`, for messages. */
  name: string;
  resource: Resource;
  location: Location;
  /**
   * The fleet clusters holding it: where Argo CD Applications deploy its file, else the
   * cluster whose directory holds it. Empty when neither is known.
   */
  clusters: string[];
  /** Its namespace: metadata.namespace, else the deploying Application's destination namespace. */
  namespace?: Setting<string>;
  /** The `istio/multiCluster` label's value. */
  label?: Setting<string>;
  annotation?: Setting<string>;
  /** The keys of `data` and `stringData`: the cluster IDs istiod registers. */
  keys: Setting<string>[];
}

/**
 * Every remote secret of the repository: a core/v1 Secret with the `istio/multiCluster`
 * label or the cluster annotation. The external control plane's `istio-kubeconfig` (key
 * `config`, read from a file) is no remote secret.
 */
export function istioRemoteSecrets(
  repository: Repository,
  fleet: Fleet,
  placement: Placement,
): IstioRemoteSecret[] {
  const candidates = resourcesOfKind(repository.resources, 'Secret').filter(
    (resource) =>
      resource.group === '' &&
      resource.name !== 'istio-kubeconfig' &&
      (getPath(resource.object, ['metadata', 'labels', multiClusterLabel]) !== undefined ||
        getPath(resource.object, ['metadata', 'annotations', clusterAnnotation]) !== undefined),
  );
  // Most repositories have none: no need to look at the Applications.
  if (candidates.length === 0) return [];
  const deployments = new DeploymentIndex(directoryDeployments(repository, fleet, placement));
  const secrets: IstioRemoteSecret[] = [];
  for (const resource of candidates) {
    const label = stringSetting(repository, resource, ['metadata', 'labels', multiClusterLabel]);
    const annotation = stringSetting(repository, resource, [
      'metadata',
      'annotations',
      clusterAnnotation,
    ]);
    if (!label && !annotation) continue;
    const keys: Setting<string>[] = [];
    for (const field of ['data', 'stringData']) {
      const data = getPath(resource.object, [field]);
      if (!isObject(data)) continue;
      for (const key of Object.keys(data))
        if (!keys.some((k) => k.value === key))
          keys.push({
            value: key,
            location: repository.locate(resource, [field, key]),
            explicit: true,
          });
    }
    const deployed = deployments.holding(resource.file);
    const clusters = deployed.length > 0 ? deployed.map((d) => d.cluster) : [];
    if (clusters.length === 0) {
      const owner = placement.clusterOf(resource);
      if (owner) clusters.push(owner);
    }
    const secret: IstioRemoteSecret = {
      name: describeResource(resource),
      resource,
      location: repository.locate(resource),
      clusters: [...new Set(clusters)],
      keys,
    };
    const namespace = stringSetting(repository, resource, ['metadata', 'namespace']);
    const destination = deployed.find((d) => d.namespace)?.namespace;
    if (namespace) secret.namespace = namespace;
    else if (destination) secret.namespace = destination;
    if (label) secret.label = label;
    if (annotation) secret.annotation = annotation;
    secrets.push(secret);
  }
  return secrets;
}

function stringSetting(
  repository: Repository,
  resource: Resource,
  path: string[],
): Setting<string> | undefined {
  const value = getPath(resource.object, path);
  if (typeof value !== 'string') return undefined;
  return { value, location: repository.locate(resource, path), explicit: true };
}

interface Deployment {
  cluster: string;
  namespace?: Setting<string>;
  /** The directory deployed, relative to the root ('' for the root itself). */
  directory: string;
  /** True when files in subdirectories at any depth are deployed too. */
  recurse: boolean;
}

/**
 * The deployments by directory, so a file's are found by walking its few parent
 * directories rather than asking every deployment of the repository: a fleet with a
 * remote secret per cluster has as many deployments as secrets.
 */
class DeploymentIndex {
  readonly #byDirectory = new Map<string, number[]>();

  constructor(private readonly deployments: readonly Deployment[]) {
    for (const [i, deployment] of deployments.entries()) {
      addTo(this.#byDirectory, deployment.directory, i);
    }
  }

  /** The deployments that deploy `file`, in the order of the list given. */
  holding(file: string): Deployment[] {
    const found: number[] = [];
    // The file's own directory first: every deployment of it holds the file; farther up,
    // only the recursive ones do.
    let direct = true;
    for (let end = file.lastIndexOf('/'); ; end = file.lastIndexOf('/', end - 1)) {
      const directory = end === -1 ? '' : file.slice(0, end);
      for (const i of this.#byDirectory.get(directory) ?? [])
        if (direct || this.deployments[i]!.recurse) found.push(i);
      if (end <= 0) break;
      direct = false;
    }
    return found.sort((a, b) => a - b).map((i) => this.deployments[i]!);
  }
}

/**
 * Argo CD Applications (generated ones included) that deploy a directory of this
 * repository: a source without a chart whose `path` holds the file directly, or at any
 * depth with `directory.recurse` or a kustomization (which may pull in subdirectories).
 */
function directoryDeployments(
  repository: Repository,
  fleet: Fleet,
  placement: Placement,
): Deployment[] {
  const urls = (fleet.config.repository?.urls ?? []).map(normalizeUrl);
  const kustomized = new Set<string>();
  for (const file of repository.files.keys()) {
    const slash = file.lastIndexOf('/');
    if (/^(kustomization\.ya?ml|Kustomization)$/.test(file.slice(slash + 1)))
      kustomized.add(slash === -1 ? '' : file.slice(0, slash));
  }
  const deployments: Deployment[] = [];
  for (const application of resourcesOfKind(repository.resources, 'Application').filter(
    isArgoCdApplication,
  )) {
    const cluster = placement.clusterOf(application);
    if (!cluster) continue;
    const sources = getPath(application.object, ['spec', 'sources']);
    const list = Array.isArray(sources)
      ? sources
      : [getPath(application.object, ['spec', 'source'])];
    for (const source of list) {
      if (!isObject(source) || typeof source.path !== 'string' || source.chart !== undefined)
        continue;
      const repoURL = typeof source.repoURL === 'string' ? normalizeUrl(source.repoURL) : '';
      if (urls.length > 0 && !urls.includes(repoURL)) continue;
      const dir = source.path.replace(/^\.?\/+|\/+$/g, '').replace(/^\.$/, '');
      const recurse =
        kustomized.has(dir) ||
        getPath(source, ['directory', 'recurse']) === true ||
        isObject(source.kustomize);
      const deployment: Deployment = { cluster, directory: dir, recurse };
      const namespace = getPath(application.object, ['spec', 'destination', 'namespace']);
      if (typeof namespace === 'string' && namespace !== '')
        deployment.namespace = {
          value: namespace,
          location: repository.locate(application, ['spec', 'destination', 'namespace']),
          explicit: true,
        };
      deployments.push(deployment);
    }
  }
  return deployments;
}

/** `https://github.com/org/repo.git`, `git@github.com:org/repo` → `github.com/org/repo`. */
function normalizeUrl(url: string): string {
  return url
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .replace(/^[^@/]+@/, '')
    .replace(/^([^/:]+):(?!\d)/, '$1/')
    .replace(/\/+$/, '')
    .replace(/\.git$/, '')
    .toLowerCase();
}

/** Whether istiod of `holder` reads the secret: in its namespace, labelled `"true"`. */
export function readByIstiod(secret: IstioRemoteSecret, holder: IstioInstall | undefined): boolean {
  if (secret.label?.value !== 'true') return false;
  const namespace = secret.namespace?.value;
  return namespace === undefined || namespace === (holder?.namespace ?? 'istio-system');
}

/**
 * Istio meshes: members (clusterName set) joined by remote secrets, in either direction,
 * form one mesh. Where a meshID has no remote secret in the repository (they are made
 * with istioctl outside Git), its members are taken to be one mesh; where it has some,
 * a member no secret connects stands alone. Keyed by the meshID most members share,
 * numbered when one meshID splits into several meshes.
 */
export function istioMeshComponents(
  installs: readonly IstioInstall[],
): Map<string, IstioInstall[]> {
  const members = installs.filter((install) => install.clusterName);
  const links = memberLinks(members.length);
  const connected = linkBySecrets(members, links);
  const meshIdOf = (member: IstioInstall) => member.meshId?.value ?? '';
  const withSecrets = new Set<string>();
  for (const i of connected) withSecrets.add(meshIdOf(members[i]!));
  const firstOfMesh = new Map<string, number>();
  for (let i = 0; i < members.length; i++) {
    const id = meshIdOf(members[i]!);
    if (withSecrets.has(id)) continue;
    const first = firstOfMesh.get(id);
    if (first === undefined) firstOfMesh.set(id, i);
    else links.link(i, first);
  }
  const meshes = new Map<string, IstioInstall[]>();
  const used = new Map<string, number>();
  for (const part of links.parts()) {
    const mesh = part.map((i) => members[i]!);
    const counts = new Map<string, number>();
    for (const member of mesh)
      counts.set(meshIdOf(member), (counts.get(meshIdOf(member)) ?? 0) + 1);
    const [id] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    const n = (used.get(id) ?? 0) + 1;
    used.set(id, n);
    meshes.set(n === 1 ? id : `${id === '' ? '(no meshID)' : id} #${n}`, mesh);
  }
  return meshes;
}

/**
 * Links each member to the members its remote secrets name, and returns the members so
 * connected. Linking a member to every holder of a name joins all those holders, so each
 * name's holders are joined once and a member is linked to one of them: members sharing a
 * name cost their number, not its square.
 */
function linkBySecrets(
  members: readonly IstioInstall[],
  links: ReturnType<typeof memberLinks>,
): Set<number> {
  // Index loops: once per check over every member, where entries() makes a pair each.
  const byName = new Map<string, number[]>();
  for (let i = 0; i < members.length; i++) {
    const name = members[i]!.clusterName!.value;
    addTo(byName, name, i);
  }
  const connected = new Set<number>();
  const joined = new Set<string>();
  for (let i = 0; i < members.length; i++)
    for (const name of members[i]!.remoteClusters ?? []) {
      const holders = byName.get(name) ?? [];
      const other = holders[0] === i ? holders[1] : holders[0];
      if (other === undefined) continue;
      links.link(i, other);
      connected.add(i);
      if (joined.has(name)) continue;
      joined.add(name);
      for (const j of holders) {
        links.link(j, other);
        connected.add(j);
      }
    }
  return connected;
}

/**
 * Members joined in parts by links, chains of them included: `link(a, b)` joins two
 * members by index; `parts()` lists each part's indices, parts ordered by their first
 * member. (Union-find with path halving.) Cilium's and Istio's meshes and the connected
 * Istio members of the meshID rule are such parts.
 */
export function memberLinks(count: number): {
  link(a: number, b: number): void;
  parts(): number[][];
} {
  const parent = Array.from({ length: count }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  return {
    link: (a, b) => {
      parent[find(a)] = find(b);
    },
    parts: () => {
      const parts = new Map<number, number[]>();
      for (let i = 0; i < count; i++) {
        const root = find(i);
        const part = parts.get(root);
        if (part) part.push(i);
        else parts.set(root, [i]);
      }
      return [...parts.values()];
    },
  };
}
