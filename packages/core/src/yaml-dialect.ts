import type {
  DocumentOptions,
  ParseOptions,
  ScalarTag,
  SchemaOptions,
  Tags,
  ToJSOptions,
} from 'yaml';
import { exponentFloat, plainFloat } from './yaml-scalars.ts';

/**
 * The YAML that Kubernetes reads. The API machinery (sigs.k8s.io/yaml over go-yaml v2)
 * resolves plain scalars by YAML 1.1 rules: `yes`/`no`/`on`/`off`/`y`/`n` are booleans,
 * `0777` is octal, `<<` merges. It does not read sexagesimal numbers (`1:20` stays a
 * string) and leaves timestamps as strings, so those two 1.1 tags are dropped; and its
 * floats need a digit (`.` is a string).
 */
export const kubernetesYaml: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  customTags: (tags: Tags) =>
    tags.filter((tag) => !isSexagesimalOrTimestamp(tag)).map(withFloatNeedingADigit),
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

/**
 * The 1.1 float tags read `.` and `-.` as NaN; go-yaml v2 reads them as strings. The
 * exponent and plain forms get the patterns of yaml-scalars.ts, which need a digit.
 */
function withFloatNeedingADigit(tag: Tags[number]): Tags[number] {
  if (typeof tag !== 'object' || tag.tag !== 'tag:yaml.org,2002:float') return tag;
  const scalar = tag as ScalarTag;
  if (scalar.format === 'EXP') return { ...scalar, test: exponentFloat };
  if (scalar.format === undefined && !scalar.test?.source.includes('inf'))
    return { ...scalar, test: plainFloat };
  return tag;
}

function isSexagesimalOrTimestamp(tag: Tags[number]): boolean {
  if (typeof tag !== 'object') return false;
  return tag.tag === 'tag:yaml.org,2002:timestamp' || ('format' in tag && tag.format === 'TIME');
}
