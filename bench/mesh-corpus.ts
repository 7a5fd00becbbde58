import { join } from 'node:path';
import { ensureGenerated } from './generated-corpus.ts';

/**
 * A fleet whose Istio meshes are joined by remote secrets and whose networks are split
 * into many groups: the shape where the mesh and network rules used to scan one list per
 * element of another (secrets × installs, secrets × Applications, groups × ranges, groups
 * × members). Every cluster is an istiod multi-primary member; meshes have `meshSize`
 * members in a ring, each holding the remote secrets of both neighbours in a directory
 * of its own that an Argo CD Application of the cluster deploys (so each secret's holder
 * is found through the Applications, not the cluster directories). `.fleetops.yaml`
 * declares one network group per `groupSize` clusters; every `networkSize` clusters share
 * an Istio network. Two remote secrets per cluster: 1,000 clusters, 2,000 secrets.
 *
 * Every 10th cluster also runs a canary istiod revision with the same cluster name, so
 * members share names. Sound but for that and a few planted problems, so the reporting
 * paths run: five clusters' secrets for their next neighbour name a cluster ID that does
 * not exist (five at any size: each costs a nearest-name search over every member), every
 * 250th cluster's istiod uses another meshID, and every 500th cluster reuses its
 * predecessor's VPC across a group boundary (a warning: they share no group).
 */
export interface MeshShape {
  clusters: number;
}

const generatorVersion = 1;
const meshSize = 20;
const groupSize = 10;
const networkSize = 5;
const repoURL = 'https://github.com/example-org/fleet';

export interface MeshCorpus {
  root: string;
  remoteSecrets: number;
}

/** Generates `dir/<clusters>/` unless complete (see ensureGenerated). */
export async function ensureMeshCorpus(dir: string, shape: MeshShape): Promise<MeshCorpus> {
  const root = join(dir, String(shape.clusters));
  await ensureGenerated(root, generatorVersion, () => meshFiles(root, shape.clusters));
  return { root, remoteSecrets: 2 * shape.clusters };
}

function name(index: number): string {
  return `c-${String(index).padStart(6, '0')}`;
}

/** The ring neighbours of a cluster inside its mesh. */
function neighbours(index: number, count: number): [number, number] {
  const first = index - (index % meshSize);
  const size = Math.min(meshSize, count - first);
  const at = index - first;
  return [first + ((at + size - 1) % size), first + ((at + 1) % size)];
}

function* meshFiles(root: string, count: number): Generator<[string, string]> {
  yield [join(root, '.fleetops.yaml'), configYaml(count)];
  for (let i = 0; i < count; i++) {
    const dir = join(root, 'clusters', name(i));
    yield [join(dir, 'cluster.yaml'), clusterYaml(i)];
    yield [join(dir, 'argocd-cluster.yaml'), argoSecretYaml(i)];
    yield [join(dir, 'addons', 'istiod.yaml'), istiodYaml(i)];
    if (i % 10 === 0) yield [join(dir, 'addons', 'istiod-canary.yaml'), istiodYaml(i, '-canary')];
    yield [join(dir, 'addons', 'remote-secrets.yaml'), remoteSecretsAppYaml(i)];
    const [previous, next] = neighbours(i, count);
    const secrets = join(root, 'remote-secrets', name(i));
    yield [join(secrets, `${name(previous)}.yaml`), remoteSecretYaml(name(previous))];
    const unknown = i < 500 && i % 100 === 99;
    yield [join(secrets, `${name(next)}.yaml`), remoteSecretYaml(name(next), unknown)];
  }
}

function configYaml(count: number): string {
  const lines = ['repository:', `  urls: [${repoURL}]`, 'networks:', '  groups:'];
  for (let first = 0; first < count; first += groupSize) {
    const members = [];
    for (let i = first; i < Math.min(first + groupSize, count); i++) members.push(name(i));
    lines.push(`    - name: group-${first / groupSize}`, `      clusters: [${members.join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}

function clusterYaml(i: number): string {
  const vpc = i > 0 && i % 500 === 0 ? i - 1 : i;
  return `apiVersion: cluster.x-k8s.io/v1beta2
kind: Cluster
metadata:
  name: ${name(i)}
  namespace: fleet
spec:
  clusterNetwork:
    pods:
      cidrBlocks: [100.${64 + ((i >> 11) & 63)}.${(i >> 3) & 255}.${(i & 7) * 32}/27]
    services:
      cidrBlocks: [172.20.0.0/16]
  infrastructureRef:
    apiGroup: infrastructure.cluster.x-k8s.io
    kind: AWSCluster
    name: ${name(i)}
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta2
kind: AWSCluster
metadata:
  name: ${name(i)}
  namespace: fleet
spec:
  region: us-east-1
  network:
    vpc:
      cidrBlock: 10.${(vpc >> 9) & 255}.${(vpc >> 1) & 255}.${(vpc & 1) * 128}/25
`;
}

function argoSecretYaml(i: number): string {
  return `apiVersion: v1
kind: Secret
metadata:
  name: cluster-${name(i)}
  namespace: argocd
  labels:
    argocd.argoproj.io/secret-type: cluster
stringData:
  name: ${name(i)}
  server: https://api.${name(i)}.example.com
`;
}

function istiodYaml(i: number, revision = ''): string {
  const mesh = Math.floor(i / meshSize);
  const meshId = i % 250 === 249 ? `mesh-${mesh}-old` : `mesh-${mesh}`;
  return `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ${name(i)}-istiod${revision}
  namespace: argocd
spec:
  project: platform
  source:
    repoURL: https://istio-release.storage.googleapis.com/charts
    chart: istiod
    targetRevision: 1.28.0
    helm:
      valuesObject:
        global:
          meshID: ${meshId}
          multiCluster:
            clusterName: ${name(i)}
          network: network-${Math.floor(i / networkSize)}
  destination:
    server: https://api.${name(i)}.example.com
    namespace: istio-system
`;
}

function remoteSecretsAppYaml(i: number): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ${name(i)}-remote-secrets
  namespace: argocd
spec:
  project: platform
  source:
    repoURL: ${repoURL}.git
    path: remote-secrets/${name(i)}
  destination:
    server: https://api.${name(i)}.example.com
    namespace: istio-system
`;
}

function remoteSecretYaml(cluster: string, unknown = false): string {
  const key = unknown ? `${cluster}-gone` : cluster;
  return `apiVersion: v1
kind: Secret
metadata:
  name: istio-remote-secret-${cluster}
  labels:
    istio/multiCluster: "true"
  annotations:
    networking.istio.io/cluster: ${key}
stringData:
  ${key}: |
    apiVersion: v1
    kind: Config
    clusters:
      - name: ${key}
        cluster:
          server: https://api.${cluster}.example.com
`;
}
