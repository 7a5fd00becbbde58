import { join } from 'node:path';
import { ensureGenerated } from './generated-corpus.ts';

/**
 * A fleet of `clusters` clusters laid out as examples/fleet is: one directory per cluster
 * with its Cluster API objects, its Argo CD secret and the Applications of its add-ons
 * (Cilium, istiod, ExternalDNS). Deterministic, so two runs check the same bytes.
 *
 * The fleet is sound except for a sprinkling of real problems, so the rules' reporting
 * paths run too: every 500th cluster reuses its predecessor's VPC range (one error), and
 * every other such pair carries a `fleetops.io/ignore` annotation that suppresses it.
 *
 * Address plan, the same for every size so that times compare: VPCs are /25s of
 * 10.0.0.0/8 and pod ranges /27s of 100.64.0.0/10 (131,072 of each); services repeat
 * 172.20.0.0/16 everywhere, as clusters do. Cilium meshes have 250 members (cluster.id
 * 1..250), each peering with the first member of its mesh; every cluster is an Istio
 * multi-primary member of one mesh, on a network of its own.
 */
export interface FleetShape {
  clusters: number;
}

/** Bumped whenever the generated text changes, so a cached corpus is regenerated. */
const generatorVersion = 2;
const meshSize = 250;
const overlapEvery = 500;
const stages = ['dev', 'staging', 'production'] as const;
const regions = ['us-east-1', 'eu-west-1', 'ap-south-1', 'sa-east-1'] as const;

export interface FleetCorpus {
  root: string;
  clusters: number;
  files: number;
  /** VPC overlaps planted, and how many of them are suppressed. */
  overlaps: number;
  suppressed: number;
}

/** Generates the corpus under `dir/<clusters>/` unless complete (see ensureGenerated). */
export async function ensureFleetCorpus(dir: string, shape: FleetShape): Promise<FleetCorpus> {
  const root = join(dir, String(shape.clusters));
  const corpus = describeCorpus(root, shape);
  const seconds = await ensureGenerated(root, generatorVersion, () =>
    clusterFiles(root, shape.clusters),
  );
  if (seconds !== undefined)
    console.log(
      `  generated ${corpus.files} files for ${shape.clusters} clusters in ${seconds.toFixed(1)} s`,
    );
  return corpus;
}

function describeCorpus(root: string, shape: FleetShape): FleetCorpus {
  const overlaps = Math.floor((shape.clusters - 1) / overlapEvery);
  return {
    root,
    clusters: shape.clusters,
    files: shape.clusters * filesPerCluster,
    overlaps,
    suppressed: Math.ceil(overlaps / 2),
  };
}

const filesPerCluster = 5;

interface Cluster {
  index: number;
  name: string;
  stage: string;
  region: string;
  vpc: string;
  pods: string;
  /** Set on a cluster that reuses its predecessor's VPC; true when the overlap is accepted. */
  overlapSuppressed?: boolean;
}

function cluster(index: number): Cluster {
  const stage = stages[index % stages.length]!;
  const region = regions[Math.floor(index / meshSize) % regions.length]!;
  const name = `${stage}-${region}-${String(index).padStart(6, '0')}`;
  const planted = index > 0 && index % overlapEvery === 0;
  const result: Cluster = {
    index,
    name,
    stage,
    region,
    vpc: vpcOf(planted ? index - 1 : index),
    pods: podsOf(index),
  };
  if (planted) result.overlapSuppressed = (index / overlapEvery) % 2 === 1;
  return result;
}

/** The n-th /25 of 10.0.0.0/8. */
function vpcOf(n: number): string {
  return `10.${(n >> 9) & 255}.${(n >> 1) & 255}.${(n & 1) * 128}/25`;
}

/** The n-th /27 of 100.64.0.0/10. */
function podsOf(n: number): string {
  return `100.${64 + ((n >> 11) & 63)}.${(n >> 3) & 255}.${(n & 7) * 32}/27`;
}

function* clusterFiles(root: string, count: number): Generator<[string, string]> {
  for (let i = 0; i < count; i++) {
    const c = cluster(i);
    const dir = join(root, 'clusters', c.name);
    yield [join(dir, 'cluster.yaml'), clusterYaml(c)];
    yield [join(dir, 'argocd-cluster.yaml'), secretYaml(c)];
    yield [join(dir, 'addons', 'cilium.yaml'), ciliumYaml(c)];
    yield [join(dir, 'addons', 'istiod.yaml'), istiodYaml(c)];
    yield [join(dir, 'addons', 'external-dns.yaml'), externalDnsYaml(c)];
  }
}

function clusterYaml(c: Cluster): string {
  const ignore =
    c.overlapSuppressed === true
      ? `  annotations:
    fleetops.io/ignore: "network/fleet-overlap: shares the VPC of its predecessor during migration"
`
      : '';
  return `apiVersion: cluster.x-k8s.io/v1beta2
kind: Cluster
metadata:
  name: ${c.name}
  namespace: fleet-${c.stage}
  labels:
    stage: ${c.stage}
    region: ${c.region}
spec:
  clusterNetwork:
    pods:
      cidrBlocks:
        - ${c.pods}
    services:
      cidrBlocks:
        - 172.20.0.0/16
  controlPlaneRef:
    apiGroup: controlplane.cluster.x-k8s.io
    kind: KubeadmControlPlane
    name: ${c.name}-control-plane
  infrastructureRef:
    apiGroup: infrastructure.cluster.x-k8s.io
    kind: AWSCluster
    name: ${c.name}
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta2
kind: AWSCluster
metadata:
  name: ${c.name}
  namespace: fleet-${c.stage}
${ignore}spec:
  region: ${c.region}
  sshKeyName: platform-${c.stage}
  network:
    vpc:
      cidrBlock: ${c.vpc}
      availabilityZoneUsageLimit: 3
  controlPlaneLoadBalancer:
    loadBalancerType: nlb
---
apiVersion: controlplane.cluster.x-k8s.io/v1beta2
kind: KubeadmControlPlane
metadata:
  name: ${c.name}-control-plane
  namespace: fleet-${c.stage}
spec:
  replicas: 3
  version: v1.36.${c.index % 5}
  machineTemplate:
    spec:
      infrastructureRef:
        apiGroup: infrastructure.cluster.x-k8s.io
        kind: AWSMachineTemplate
        name: ${c.name}-control-plane
  kubeadmConfigSpec:
    clusterConfiguration:
      apiServer:
        certSANs:
          - api.${c.name}.k8s.example.com
      controllerManager:
        extraArgs:
          - name: cloud-provider
            value: external
`;
}

function secretYaml(c: Cluster): string {
  return `apiVersion: v1
kind: Secret
metadata:
  name: cluster-${c.name}
  namespace: argocd
  labels:
    argocd.argoproj.io/secret-type: cluster
    stage: ${c.stage}
    region: ${c.region}
type: Opaque
stringData:
  name: ${c.name}
  server: https://api.${c.name}.k8s.example.com:6443
  config: |
    {"awsAuthConfig": {"clusterName": "${c.name}", "roleARN": "arn:aws:iam::777788889999:role/argocd"}}
`;
}

function ciliumYaml(c: Cluster): string {
  // Every member peers with the first of its mesh; the first with the second.
  const first = c.index - (c.index % meshSize);
  const peer = cluster(first === c.index ? c.index + 1 : first).name;
  return `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ${c.name}-cilium
  namespace: argocd
spec:
  project: platform
  source:
    repoURL: https://helm.cilium.io
    chart: cilium
    targetRevision: 1.19.1
    helm:
      releaseName: cilium
      valuesObject:
        cluster:
          name: ${c.name}
          id: ${(c.index % meshSize) + 1}
        ipam:
          mode: kubernetes
        routingMode: tunnel
        tunnelProtocol: vxlan
        clustermesh:
          useAPIServer: true
          maxConnectedClusters: 255
          config:
            enabled: true
            clusters:
              - name: ${peer}
                address: clustermesh.${peer}.k8s.example.com
                port: 2379
  destination:
    server: https://api.${c.name}.k8s.example.com:6443
    namespace: kube-system
  syncPolicy:
    automated:
      prune: false
      selfHeal: true
`;
}

function istiodYaml(c: Cluster): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ${c.name}-istiod
  namespace: argocd
spec:
  project: platform
  source:
    repoURL: https://istio-release.storage.googleapis.com/charts
    chart: istiod
    targetRevision: 1.28.0
    helm:
      values: |
        global:
          meshID: fleet
          multiCluster:
            clusterName: ${c.name}
          network: network-${c.name}
  destination:
    server: https://api.${c.name}.k8s.example.com:6443
    namespace: istio-system
`;
}

function externalDnsYaml(c: Cluster): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: external-dns
  namespace: external-dns
  labels:
    app.kubernetes.io/name: external-dns
spec:
  replicas: 1
  strategy:
    type: Recreate
  selector:
    matchLabels:
      app.kubernetes.io/name: external-dns
  template:
    metadata:
      labels:
        app.kubernetes.io/name: external-dns
    spec:
      serviceAccountName: external-dns
      containers:
        - name: external-dns
          image: registry.k8s.io/external-dns/external-dns:v0.20.0
          args:
            - --source=service
            - --source=ingress
            - --provider=aws
            - --aws-zone-type=public
            - --registry=txt
            - --txt-owner-id=${c.name}
            - --domain-filter=${c.name}.k8s.example.com
            - --policy=upsert-only
          resources:
            requests:
              cpu: 50m
              memory: 64Mi
`;
}
