import { fileURLToPath, pathToFileURL } from 'node:url';
import { SchemaRegistry } from '@fleetops/schemas';
import { writeTree } from '@fleetops/test/tree';
import { type OutputOptions, renderKubeconform, runValidation } from '../src/index.ts';
import type { KubeconformFormat } from '../src/output/kubeconform.ts';
import type { RunOptions } from '../src/run.ts';

/** The real upstream schemas and CRDs, read in place (see shared/schemas/PROVENANCE.md). */
export const shared = fileURLToPath(new URL('../../../../shared/schemas/', import.meta.url));
export const kubernetesSchemas = `${shared}kubernetes-json-schema`;
export const schemaFileUrl = (name: string, version = 'master-standalone') =>
  pathToFileURL(`${kubernetesSchemas}/${version}/${name}`).href;

export const replicationController = `apiVersion: v1
kind: ReplicationController
metadata:
  name: bob
spec:
  replicas: 2
  selector:
    app: nginx
  template:
    metadata:
      name: nginx
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx
        ports:
        - containerPort: 80
`;

export const configMap = (name: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  key: value\n`;

export interface Kubeconform {
  out: string;
  exit: number;
}

/** Runs the job as `fleetops validate` does, from `files` in a fresh folder. */
export async function kubeconform(
  files: Record<string, string>,
  paths: string[],
  options: Partial<RunOptions> &
    OutputOptions & { output?: KubeconformFormat; input?: string } = {},
): Promise<Kubeconform> {
  const cwd = await writeTree(files);
  const registry =
    options.registry ??
    new SchemaRegistry({
      locations: [kubernetesSchemas],
      strict: options.strict ?? false,
    });
  const run = await runValidation({
    paths,
    cwd,
    readStdin: async () => options.input ?? '',
    ...options,
    registry,
  });
  const out = renderKubeconform(options.output ?? 'text', run.results, {
    summary: options.summary ?? false,
    verbose: options.verbose ?? false,
    stdin: run.stdin,
  });
  const failed = run.results.some((r) => r.status === 'invalid' || r.status === 'error');
  return { out, exit: failed ? 1 : 0 };
}
