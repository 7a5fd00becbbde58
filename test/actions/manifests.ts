// What the validate action's tests validate: a Deployment, broken or not, and the schemas it
// is checked against, the real upstream ones in ../shared/schemas read in place (offline).
import { fileURLToPath } from 'node:url';

const shared = fileURLToPath(new URL('../../../shared/schemas/', import.meta.url));

/** The two default locations, served from disk: the Kubernetes schemas and the CRD catalog. */
export const schemaLocations = [
  `${shared}kubernetes-json-schema`,
  `${shared}crds-catalog/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`,
].join('\n');

/** A Deployment `web` of nginx; `replicas`, when given, is its line 6. */
function deployment(replicas?: string): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    'spec:',
    ...(replicas === undefined ? [] : [`  replicas: ${replicas}`]),
    '  selector:',
    '    matchLabels: { app: web }',
    '  template:',
    '    metadata:',
    '      labels: { app: web }',
    '    spec:',
    '      containers:',
    '        - name: web',
    '          image: nginx',
    '',
  ].join('\n');
}

export const validDeployment = deployment();

/** A Deployment whose replicas is a string: a schema error on `invalidDeploymentLine`. */
export const invalidDeployment = deployment('three');
export const invalidDeploymentLine = 6;
