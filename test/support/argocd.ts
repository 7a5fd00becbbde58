/** Argo CD objects as YAML text, for fixtures that write a fleet repository. */

/**
 * Labels of a cluster Secret after `argocd.argoproj.io/secret-type: cluster`: a map whose
 * values are written as given (quote them yourself: `{ addons: '"on"' }`), or the YAML
 * lines themselves, every line after the first indented by four spaces.
 */
export type ClusterLabels = Record<string, string> | string;

export interface ClusterSecretOptions {
  /** The API server; `https://<name>.example.com` unless given. */
  server?: string;
  /** `metadata.name`; `cluster-<name>` unless given. */
  secretName?: string;
  /** The Secret's `type` (such as `Opaque`); no `type` line unless given. */
  type?: string;
}

/** An Argo CD cluster Secret in namespace `argocd` for the cluster `name`. */
export function clusterSecret(
  name: string,
  labels: ClusterLabels = {},
  {
    server = `https://${name}.example.com`,
    secretName = `cluster-${name}`,
    type,
  }: ClusterSecretOptions = {},
): string {
  const lines =
    typeof labels === 'string'
      ? labels
      : Object.entries(labels)
          .map(([key, value]) => `${key}: ${value}`)
          .join('\n    ');
  return `apiVersion: v1
kind: Secret
metadata:
  name: ${secretName}
  namespace: argocd
  labels:
    argocd.argoproj.io/secret-type: cluster
${lines ? `    ${lines}\n` : ''}${type ? `type: ${type}\n` : ''}stringData:
  name: ${name}
  server: ${server}
`;
}
