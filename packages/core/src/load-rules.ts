import { ruleCatalog } from './finding.ts';

/** Rules for what goes wrong while reading a repository, before any job runs. */
export const loadRules = ruleCatalog([
  {
    id: 'load/yaml-syntax',
    summary: 'The file is not valid YAML or JSON.',
    defaultSeverity: 'error',
    rationale:
      'A document that does not parse is applied by nobody and checked by nothing; the rest of the file is still read.',
    helpUri: 'https://yaml.org/spec/1.2.2/',
  },
  {
    id: 'load/duplicate-key',
    summary: 'A mapping has the same key twice.',
    defaultSeverity: 'error',
    rationale:
      "The Kubernetes API server's strict decoding rejects duplicate fields, and a lenient reader silently keeps only one of the values.",
    helpUri: 'https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation',
  },
  {
    id: 'load/alias-limit',
    summary: 'YAML aliases expand beyond the safety limit.',
    defaultSeverity: 'error',
    rationale:
      'A few nested aliases can expand into gigabytes ("billion laughs"); the document is refused instead of exhausting memory.',
  },
  {
    id: 'load/invalid-utf8',
    summary: 'The file is not valid UTF-8.',
    defaultSeverity: 'error',
    rationale:
      'Kubernetes manifests are UTF-8; a stray byte from another encoding corrupts the value it sits in.',
  },
  {
    id: 'load/invalid-resource',
    summary: 'A document looks like a Kubernetes object but lacks a valid apiVersion or kind.',
    defaultSeverity: 'error',
    rationale:
      'Without apiVersion and kind no tool can tell what the object is, and kubectl refuses it.',
    helpUri: 'https://kubernetes.io/docs/concepts/overview/working-with-objects/#required-fields',
  },
  {
    id: 'load/unreadable-file',
    summary: 'A file could not be read.',
    defaultSeverity: 'error',
  },
]);
