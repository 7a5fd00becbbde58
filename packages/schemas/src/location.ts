import {
  expandTemplate,
  hasVariables,
  type ParsedTemplate,
  parseTemplate,
  type TemplateValues,
} from './template.ts';

/** kubeconform's path below a base location: the layout of yannh/kubernetes-json-schema. */
export const STANDARD_PATH =
  '/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json';

/** What kubeconform's `-schema-location default` stands for. */
export const DEFAULT_LOCATION = `https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master${STANDARD_PATH}`;

/** The community CRD catalog, tried after the default location when none is given. */
export const CRDS_CATALOG_LOCATION =
  'https://raw.githubusercontent.com/datreeio/CRDs-catalog/main/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json';

export interface SchemaLocation {
  /** The location as the user wrote it. */
  readonly location: string;
  /** The template it stands for after kubeconform's rewriting. */
  readonly template: string;
  /** Parsed with Go's text/template (the `go` functions only, as kubeconform). */
  readonly parts: ParsedTemplate;
  /** A template without variables: one schema for every resource. */
  readonly fixed: boolean;
  /** Fetched over HTTP(S); kubeconform decides this by the "http" prefix. */
  readonly remote: boolean;
}

export class SchemaLocationError extends Error {
  override name = 'SchemaLocationError';
}

/**
 * Reads a `-schema-location` as kubeconform does: `default` is the standard URL template, a
 * location not ending in `json` is a base to which the standard path is appended (by plain
 * concatenation, as kubeconform does), anything else is a template. Throws a
 * SchemaLocationError naming the location when the template is invalid.
 */
export function parseSchemaLocation(location: string): SchemaLocation {
  let template = location;
  if (location === 'default') template = DEFAULT_LOCATION;
  else if (!location.endsWith('json')) template = location + STANDARD_PATH;
  let parts: ParsedTemplate;
  try {
    parts = parseTemplate(template);
  } catch (error) {
    throw new SchemaLocationError(
      `failed initialising schema location registry "${location}": ${(error as Error).message}`,
    );
  }
  return {
    location,
    template,
    parts,
    fixed: !hasVariables(parts),
    remote: template.startsWith('http'),
  };
}

export interface TemplateInput {
  readonly kind: string;
  readonly apiVersion: string;
  /** `master` or a version such as `1.30.10` (without the leading v). */
  readonly kubernetesVersion: string;
  readonly strict: boolean;
}

/** The values kubeconform gives its template variables (pkg/registry/registry.go). */
export function templateValues(input: TemplateInput): TemplateValues {
  const [group = '', ...rest] = input.apiVersion.split('/');
  const firstLabel = group.split('.')[0] ?? '';
  const version = rest.at(-1);
  return {
    NormalizedKubernetesVersion:
      input.kubernetesVersion === 'master' ? 'master' : `v${input.kubernetesVersion}`,
    StrictSuffix: input.strict ? '-strict' : '',
    ResourceKind: input.kind.toLowerCase(),
    // For a core apiVersion ("v1") the version and the "group" are both "v1", as in kubeconform.
    ResourceAPIVersion: version ?? group,
    Group: group,
    KindSuffix: `-${firstLabel.toLowerCase()}${rest.length > 0 ? `-${rest[0]!.toLowerCase()}` : ''}`,
  };
}

/** Throws a SchemaLocationError naming the location when the template fails to execute. */
export function schemaUrl(location: SchemaLocation, values: TemplateValues): string {
  try {
    return expandTemplate(location.parts, values);
  } catch (error) {
    throw new SchemaLocationError(
      `schema location "${location.location}": ${(error as Error).message}`,
    );
  }
}
