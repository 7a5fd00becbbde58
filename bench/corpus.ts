import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { clusterSecret } from '../test/support/argocd.ts';

/**
 * A synthetic fleet repository of realistic shape: one directory per cluster with its
 * Cluster API objects and Argo CD secret, plus application manifests. Deterministic, so
 * two runs measure the same bytes.
 */
export interface CorpusShape {
  clusters: number;
  filesPerCluster: number;
  resourcesPerFile: number;
}

export const loadCorpus: CorpusShape = { clusters: 500, filesPerCluster: 10, resourcesPerFile: 10 };

export async function ensureCorpus(
  root: string,
  shape: CorpusShape,
): Promise<{ files: number; resources: number }> {
  const files = shape.clusters * shape.filesPerCluster;
  const resources = files * shape.resourcesPerFile;
  const existing = await readdir(join(root, 'clusters')).catch(() => []);
  if (existing.length === shape.clusters) return { files, resources };
  for (let c = 0; c < shape.clusters; c++) {
    const name = `cluster-${String(c).padStart(4, '0')}`;
    const dir = join(root, 'clusters', name);
    await mkdir(join(dir, 'apps'), { recursive: true });
    await writeFile(join(dir, 'cluster.yaml'), clusterFile(name, c, shape.resourcesPerFile));
    for (let f = 1; f < shape.filesPerCluster; f++) {
      await writeFile(
        join(dir, 'apps', `app-${f}.yaml`),
        appFile(`${name}-app-${f}`, shape.resourcesPerFile),
      );
    }
  }
  return { files, resources };
}

function clusterFile(name: string, index: number, count: number): string {
  const stage = ['dev', 'staging', 'production'][index % 3];
  const octet2 = index % 250;
  const docs = [
    `apiVersion: cluster.x-k8s.io/v1beta2
kind: Cluster
metadata:
  name: ${name}
  namespace: fleet
  labels:
    stage: ${stage}
    region: ${index % 2 === 0 ? 'us-east' : 'eu-west'}
spec:
  clusterNetwork:
    pods:
      cidrBlocks: ["100.${64 + (index % 64)}.${octet2}.0/24"]
    services:
      cidrBlocks: ["172.20.0.0/16"]
  controlPlaneRef:
    apiGroup: controlplane.cluster.x-k8s.io
    kind: KubeadmControlPlane
    name: ${name}-control-plane
  infrastructureRef:
    apiGroup: infrastructure.cluster.x-k8s.io
    kind: AWSCluster
    name: ${name}
`,
    `apiVersion: controlplane.cluster.x-k8s.io/v1beta2
kind: KubeadmControlPlane
metadata:
  name: ${name}-control-plane
  namespace: fleet
spec:
  replicas: 3
  version: v1.33.${index % 5}
  machineTemplate:
    spec:
      infrastructureRef:
        apiGroup: infrastructure.cluster.x-k8s.io
        kind: AWSMachineTemplate
        name: ${name}-control-plane
  kubeadmConfigSpec:
    clusterConfiguration:
      apiServer:
        extraArgs:
          - name: cloud-provider
            value: external
`,
    `apiVersion: infrastructure.cluster.x-k8s.io/v1beta2
kind: AWSCluster
metadata:
  name: ${name}
  namespace: fleet
spec:
  region: us-east-1
  sshKeyName: platform
  network:
    vpc:
      cidrBlock: "10.${octet2}.0.0/16"
`,
    clusterSecret(
      name,
      { stage: `${stage}` },
      { server: `https://${name}.k8s.example.com`, type: 'Opaque' },
    ),
  ];
  while (docs.length < count) docs.push(configMap(`${name}-settings-${docs.length}`));
  return docs.join('---\n');
}

function appFile(name: string, count: number): string {
  const docs: string[] = [];
  for (let i = 0; docs.length < count; i++) {
    docs.push(i % 2 === 0 ? deployment(`${name}-${i}`) : configMap(`${name}-${i}`));
  }
  return docs.join('---\n');
}

function deployment(name: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: apps
  labels: {app.kubernetes.io/name: ${name}}
spec:
  replicas: 2
  selector:
    matchLabels: {app.kubernetes.io/name: ${name}}
  template:
    metadata:
      labels: {app.kubernetes.io/name: ${name}}
    spec:
      containers:
        - name: app
          image: registry.example.com/${name}:1.4.2
          args: ["--port=8080", "--log-level=info"]
          ports: [{containerPort: 8080, name: http}]
          resources:
            requests: {cpu: 100m, memory: 128Mi}
`;
}

function configMap(name: string): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: apps
data:
  LOG_LEVEL: info
  FEATURE_FLAGS: "a,b,c"
`;
}
