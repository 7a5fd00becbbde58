import { kubernetesYaml, toJsOptions } from '@fleetops/core';
import { parseAllDocuments, stringify } from 'yaml';

/**
 * The YAML Argo CD reads (sigs.k8s.io/yaml over go-yaml v2), core's Kubernetes dialect;
 * go-yaml v2's Unmarshal keeps the last of duplicate keys rather than failing.
 */
const argoCdYaml = { ...kubernetesYaml, uniqueKeys: false };

/**
 * The first document of a YAML stream as JSON-like data, as go-yaml v2's Unmarshal reads
 * it; throws the parser's first error. Keys that are not strings become strings, as
 * sigs.k8s.io/yaml's conversion to JSON makes them.
 */
export function parseFirstDocument(text: string): unknown {
  const documents = parseAllDocuments(text, argoCdYaml);
  const first = Array.isArray(documents) ? documents[0] : documents;
  if (!first) return null;
  if (first.errors.length > 0) throw first.errors[0]!;
  return first.toJS(toJsOptions) ?? null;
}

/** Every document of a YAML stream as JSON-like data; throws the first parse error. */
export function parseAllDocumentsJs(text: string): unknown[] {
  const documents = parseAllDocuments(text, argoCdYaml);
  const list = Array.isArray(documents) ? documents : [documents];
  return list.map((document) => {
    if (document.errors.length > 0) throw document.errors[0]!;
    return document.toJS(toJsOptions) ?? null;
  });
}

/** YAML for output: block style, no line folding. */
export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0 });
}
