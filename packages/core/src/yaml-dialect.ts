import type { DocumentOptions, ParseOptions, SchemaOptions, Tags, ToJSOptions } from 'yaml';

/**
 * The YAML that Kubernetes reads. The API machinery (sigs.k8s.io/yaml over go-yaml v2)
 * resolves plain scalars by YAML 1.1 rules: `yes`/`no`/`on`/`off`/`y`/`n` are booleans,
 * `0777` is octal, `<<` merges. It does not read sexagesimal numbers (`1:20` stays a
 * string) and leaves timestamps as strings, so those two 1.1 tags are dropped.
 */
export const kubernetesYaml: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  customTags: (tags: Tags) => tags.filter((tag) => !isSexagesimalOrTimestamp(tag)),
  merge: true,
  // Duplicate keys are rejected by the API server's strict decoding; report them.
  uniqueKeys: true,
  prettyErrors: true,
};

/** JSON files are parsed as YAML 1.2 (a superset of JSON) to keep source positions. */
export const jsonYaml: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.2',
  schema: 'core',
  uniqueKeys: true,
  prettyErrors: true,
};

/**
 * A "billion laughs" file expands a few aliases into gigabytes. 100 is the yaml
 * library's own default, stated here because it is a security limit, not a tuning knob.
 */
export const toJsOptions: ToJSOptions = { maxAliasCount: 100 };

function isSexagesimalOrTimestamp(tag: Tags[number]): boolean {
  if (typeof tag !== 'object') return false;
  return tag.tag === 'tag:yaml.org,2002:timestamp' || ('format' in tag && tag.format === 'TIME');
}
