import type { Repository, Resource } from '@fleetops/core';
import { type Fleet, isArgoCdClusterSecret } from '@fleetops/fleet';
import { secretTypeLabel } from './generators/clusters.ts';
import { isPlainObject } from './params.ts';
import type { ClusterSecret } from './types.ts';
import { parseAllDocumentsJs } from './yaml.ts';

/**
 * The clusters Argo CD would know: every cluster Secret in the repository as written, and
 * every other cluster of the fleet model presented as the Secret it would have (name,
 * server, labels). No credential is read or needed.
 */
export function clusterInventory(
  repository: Repository,
  fleet: Fleet,
  argocdNamespace = 'argocd',
): ClusterSecret[] {
  const secrets = repository.resources.filter(isArgoCdClusterSecret).map(clusterFromSecret);
  const byName = new Set(secrets.map((secret) => secret.name));
  for (const cluster of fleet.clusters) {
    if (byName.has(cluster.name) || cluster.argocdSecret) continue;
    const labels: Record<string, string> = { [secretTypeLabel]: 'cluster' };
    for (const [key, fact] of Object.entries(cluster.labels)) labels[key] = fact.value;
    secrets.push({
      name: cluster.name,
      server: cluster.server?.value ?? '',
      labels,
      annotations: {},
      namespace: argocdNamespace,
      source: cluster.directory ?? cluster.sources[0]?.file ?? 'fleet model',
    });
  }
  return secrets;
}

/** A cluster Secret read the way the cluster generator reads it (stringData over data). */
export function clusterFromSecret(secret: Pick<Resource, 'object' | 'file'>): ClusterSecret {
  const object = secret.object;
  const metadata = isPlainObject(object.metadata) ? object.metadata : {};
  const field = (name: string): string | undefined => {
    const plain = isPlainObject(object.stringData) ? object.stringData[name] : undefined;
    if (typeof plain === 'string') return plain;
    const encoded = isPlainObject(object.data) ? object.data[name] : undefined;
    return typeof encoded === 'string'
      ? Buffer.from(encoded.replace(/\s+/g, ''), 'base64').toString('utf8')
      : undefined;
  };
  const cluster: ClusterSecret = {
    name: field('name') ?? '',
    server: field('server') ?? '',
    labels: stringMap(metadata.labels),
    annotations: stringMap(metadata.annotations),
    source: secret.file,
  };
  const project = field('project');
  if (project !== undefined) cluster.project = project;
  if (typeof metadata.namespace === 'string' && metadata.namespace !== '')
    cluster.namespace = metadata.namespace;
  return cluster;
}

/**
 * Clusters from a file (`--clusters FILE`): Kubernetes cluster Secrets, a List of them, or
 * plain entries `{name, server, labels, annotations, project}`, in YAML or JSON.
 */
export function parseClusters(text: string, file: string): ClusterSecret[] {
  const out: ClusterSecret[] = [];
  const add = (item: unknown) => {
    if (Array.isArray(item)) return item.forEach(add);
    if (!isPlainObject(item)) return;
    if (Array.isArray(item.items) && item.kind !== 'Secret') return item.items.forEach(add);
    if (Array.isArray(item.clusters)) return item.clusters.forEach(add);
    if (item.kind === 'Secret') {
      out.push(clusterFromSecret({ object: item, file }));
      return;
    }
    const cluster: ClusterSecret = {
      name: String(item.name ?? ''),
      server: String(item.server ?? ''),
      labels: { [secretTypeLabel]: 'cluster', ...stringMap(item.labels) },
      annotations: stringMap(item.annotations),
      source: file,
    };
    if (typeof item.project === 'string') cluster.project = item.project;
    if (typeof item.namespace === 'string') cluster.namespace = item.namespace;
    out.push(cluster);
  };
  for (const document of parseAllDocumentsJs(text)) add(document);
  return out;
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isPlainObject(value)) for (const [k, v] of Object.entries(value)) out[k] = String(v);
  return out;
}
