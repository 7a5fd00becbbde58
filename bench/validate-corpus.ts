import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

// The corpus of issue 3's bar: 50,000 resources in 5,000 files, Deployments, Services,
// ConfigMaps, Cluster API Clusters and Argo CD Applications, one in twenty invalid.

const deployment = (i: number, invalid: boolean) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${i}
  namespace: apps
  labels: {app: web-${i}}
spec:
  replicas: ${invalid ? '"3"' : 3}
  selector:
    matchLabels: {app: web-${i}}
  template:
    metadata:
      labels: {app: web-${i}}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 80
          resources:
            limits: {cpu: 500m, memory: 256Mi}
`;
const service = (i: number, invalid: boolean) => `apiVersion: v1
kind: Service
metadata:
  name: web-${i}
spec:
  selector: {app: web-${i}}
  ports:
    - port: ${invalid ? 'eighty' : 80}
      targetPort: http
`;
const configMap = (i: number, invalid: boolean) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg-${i}
data:
  key: ${invalid ? '{nested: true}' : `value-${i}`}
`;
const cluster = (i: number, invalid: boolean) => `apiVersion: cluster.x-k8s.io/v1beta1
kind: Cluster
metadata:
  name: c-${i}
spec:
  paused: ${invalid ? '"no"' : 'false'}
  clusterNetwork:
    pods: {cidrBlocks: ["10.0.0.0/16"]}
`;
const application = (i: number, invalid: boolean) => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: app-${i}
spec:
  project: default
  destination: {server: https://kubernetes.default.svc, namespace: x}
  source: {repoURL: https://example.com/r.git, path: p, targetRevision: ${invalid ? '[HEAD]' : 'HEAD'}}
`;

const makers = [deployment, service, configMap, cluster, application];

export const corpusSize = { files: 5_000, perFile: 10 };

/** Writes the corpus under `dir` once; later runs reuse it. */
export async function ensureCorpus(dir: string): Promise<string> {
  const root = join(dir, 'validate');
  if (existsSync(join(root, 'done'))) return root;
  let n = 0;
  for (let f = 0; f < corpusSize.files; f++) {
    const docs: string[] = [];
    for (let d = 0; d < corpusSize.perFile; d++, n++)
      docs.push(makers[n % makers.length]!(n, n % 20 === 7));
    const folder = join(root, 'manifests', `team-${f % 50}`);
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, `app-${f}.yaml`), docs.join('---\n'));
  }
  await writeFile(join(root, 'done'), '');
  return root;
}
