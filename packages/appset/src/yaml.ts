import type { DocumentOptions, ParseOptions, SchemaOptions, Tags } from 'yaml';
import { parseAllDocuments, stringify } from 'yaml';

/**
 * The YAML Argo CD reads (sigs.k8s.io/yaml over go-yaml v2): YAML 1.1 plain scalars
 * (`yes`/`no`/`on`/`off` are booleans, `0777` octal), `<<` merges, timestamps and
 * sexagesimal numbers left as strings; only the first document of a stream counts.
 */
export const kubernetesYaml: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  customTags: (tags: Tags) =>
    tags.filter(
      (tag) =>
        typeof tag !== 'object' ||
        !(tag.tag === 'tag:yaml.org,2002:timestamp' || ('format' in tag && tag.format === 'TIME')),
    ),
  merge: true,
  uniqueKeys: false,
};

/**
 * The first document of a YAML stream as JSON-like data, as go-yaml v2's Unmarshal reads
 * it; throws the parser's first error. Keys that are not strings become strings, as
 * sigs.k8s.io/yaml's conversion to JSON makes them.
 */
export function parseFirstDocument(text: string): unknown {
  const documents = parseAllDocuments(text, kubernetesYaml);
  const first = Array.isArray(documents) ? documents[0] : documents;
  if (!first) return null;
  if (first.errors.length > 0) throw first.errors[0]!;
  return first.toJS({ maxAliasCount: 100 }) ?? null;
}

/** Every document of a YAML stream as JSON-like data; throws the first parse error. */
export function parseAllDocumentsJs(text: string): unknown[] {
  const documents = parseAllDocuments(text, kubernetesYaml);
  const list = Array.isArray(documents) ? documents : [documents];
  return list.map((document) => {
    if (document.errors.length > 0) throw document.errors[0]!;
    return document.toJS({ maxAliasCount: 100 }) ?? null;
  });
}

/** YAML for output: block style, no line folding. */
export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0 });
}
