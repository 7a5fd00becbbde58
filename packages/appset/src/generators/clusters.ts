import { wrap } from '../errors.ts';
import { markStringMap, type Params, sanitizeName } from '../params.ts';
import { compileSelector, selectorIsEmpty } from '../selector.ts';
import type { ClusterSecret } from '../types.ts';
import type { Context } from './context.ts';
import { appendValues } from './values.ts';

export const inClusterName = 'in-cluster';
export const inClusterServer = 'https://kubernetes.default.svc';
export const secretTypeLabel = 'argocd.argoproj.io/secret-type';

/**
 * The clusters generator: one parameter set per cluster Secret in Argo CD's namespace that
 * the selector matches, then the local cluster (`in-cluster`) when the selector is empty and
 * no matched Secret already points at the in-cluster address.
 */
export function clusterParams(generator: Record<string, unknown>, context: Context): Params[] {
  const selector = generator.selector;
  const ignoreLocal = !selectorIsEmpty(selector);
  let matches: (labels: Record<string, string>) => boolean;
  try {
    matches = compileSelector(selector);
  } catch (error) {
    throw wrap('error getting cluster secrets', wrap('error converting label selector', error));
  }
  // Keyed by name: two Secrets with one name are one cluster to the generator.
  const byName = new Map<string, ClusterSecret>();
  for (const cluster of context.clusters) {
    if ((cluster.namespace ?? context.argocdNamespace) !== context.argocdNamespace) continue;
    if (cluster.labels[secretTypeLabel] !== 'cluster' || !matches(cluster.labels)) continue;
    byName.set(cluster.name, cluster);
  }
  const secrets = [...byName.values()].sort((a, b) => compare(a.name, b.name));
  const res: Params[] = [];
  for (const secret of secrets) {
    const params = secretParams(secret, context);
    try {
      appendValues(generator.values, params, context.mode);
    } catch (error) {
      throw wrap('error appending templated values for cluster', error);
    }
    res.push(params);
  }
  if (!ignoreLocal && !secrets.some((secret) => secret.server === inClusterServer)) {
    const params: Params = {
      name: inClusterName,
      nameNormalized: inClusterName,
      server: inClusterServer,
      project: '',
    };
    try {
      appendValues(generator.values, params, context.mode);
    } catch (error) {
      throw wrap('error appending templated values for local cluster', error);
    }
    // The controller lists Argo CD's clusters with the local one first, then the secrets.
    res.unshift(params);
  }
  return generator.flatList === true ? [{ clusters: res }] : res;
}

function secretParams(secret: ClusterSecret, context: Context): Params {
  const params: Params = {
    name: secret.name,
    nameNormalized: sanitizeName(secret.name),
    server: secret.server,
    project: secret.project ?? '',
  };
  if (context.mode.goTemplate) {
    const metadata: Params = {};
    if (Object.keys(secret.annotations).length > 0)
      metadata.annotations = markStringMap({ ...secret.annotations });
    if (Object.keys(secret.labels).length > 0)
      metadata.labels = markStringMap({ ...secret.labels });
    params.metadata = metadata;
  } else {
    for (const [key, value] of Object.entries(secret.annotations))
      params[`metadata.annotations.${key}`] = value;
    for (const [key, value] of Object.entries(secret.labels))
      params[`metadata.labels.${key}`] = value;
  }
  return params;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
