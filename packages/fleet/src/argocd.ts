import { getPath, isObject, type Location, type Repository, type Resource } from '@fleetops/core';
import { LabelFact } from './label.ts';
import type { Fact } from './model.ts';

/** The label by which Argo CD recognises a Secret as a cluster definition. */
export const secretTypeLabel = 'argocd.argoproj.io/secret-type';

export interface ArgoCdClusterFacts {
  resource: Resource;
  name?: Fact<string>;
  server?: Fact<string>;
  /** The secret's labels, which ApplicationSet cluster generators select on. */
  labels: Record<string, Fact<string>>;
  /** Fields present but unreadable (bad base64), with where they are. */
  problems: { message: string; location: Location }[];
}

export function isArgoCdClusterSecret(resource: Resource): boolean {
  if (resource.group !== '' || resource.kind !== 'Secret') return false;
  const labels = getPath(resource.object, labelsPath);
  return isObject(labels) && labels[secretTypeLabel] === 'cluster';
}

// Read of every Secret: one path, not one per secret.
const labelsPath = ['metadata', 'labels'];

export function argoCdClusterFacts(repository: Repository, secret: Resource): ArgoCdClusterFacts {
  const facts: ArgoCdClusterFacts = { resource: secret, labels: {}, problems: [] };
  for (const field of ['name', 'server'] as const) {
    const read = readSecretField(repository, secret, field);
    if (read && 'problem' in read) facts.problems.push(read.problem);
    else if (read)
      facts[field] = { value: read.value, source: 'argocd-secret', location: read.location };
  }
  const labels = getPath(secret.object, labelsPath);
  if (isObject(labels)) {
    for (const key of Object.keys(labels)) {
      const value = labels[key];
      if (key === secretTypeLabel || typeof value !== 'string') continue;
      facts.labels[key] = new LabelFact(value, 'argocd-secret', repository, secret, key);
    }
  }
  return facts;
}

type ReadField =
  | { value: string; location: Location }
  | { problem: { message: string; location: Location } };

/** stringData wins over data, as the API server merges them on write. */
function readSecretField(
  repository: Repository,
  secret: Resource,
  field: string,
): ReadField | undefined {
  const plain = getPath(secret.object, ['stringData', field]);
  if (typeof plain === 'string')
    return { value: plain, location: repository.locate(secret, ['stringData', field]) };
  const encoded = getPath(secret.object, ['data', field]);
  if (typeof encoded !== 'string') return undefined;
  const location = repository.locate(secret, ['data', field]);
  const decoded = decodeBase64(encoded);
  if (decoded === undefined) {
    return {
      problem: { message: `data.${field} of Secret/${secret.name} is not valid base64`, location },
    };
  }
  return { value: decoded, location };
}

function decodeBase64(text: string): string | undefined {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) return undefined;
  return Buffer.from(compact, 'base64').toString('utf8');
}
