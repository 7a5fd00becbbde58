import { describe, expect, it } from 'vitest';
import {
  CRDS_CATALOG_LOCATION,
  DEFAULT_LOCATION,
  parseSchemaLocation,
  SchemaLocationError,
  schemaUrl,
  templateValues,
} from '../src/location.ts';
import { expandTemplate, parseTemplate, TemplateError } from '../src/template.ts';

const values = (apiVersion: string, kind: string, kubernetesVersion = 'master', strict = false) =>
  templateValues({ apiVersion, kind, kubernetesVersion, strict });

const url = (
  location: string,
  apiVersion: string,
  kind: string,
  version = 'master',
  strict = false,
) => schemaUrl(parseSchemaLocation(location), values(apiVersion, kind, version, strict));

describe('templateValues (kubeconform pkg/registry)', () => {
  it('gives a core kind the version as group and a one-part kind suffix', () => {
    expect(values('v1', 'ConfigMap')).toEqual({
      NormalizedKubernetesVersion: 'master',
      StrictSuffix: '',
      ResourceKind: 'configmap',
      ResourceAPIVersion: 'v1',
      Group: 'v1',
      KindSuffix: '-v1',
    });
  });

  it('uses the first label of the group and the version in the kind suffix', () => {
    expect(values('cluster.x-k8s.io/v1beta2', 'MachineDeployment', '1.30.10', true)).toEqual({
      NormalizedKubernetesVersion: 'v1.30.10',
      StrictSuffix: '-strict',
      ResourceKind: 'machinedeployment',
      ResourceAPIVersion: 'v1beta2',
      Group: 'cluster.x-k8s.io',
      KindSuffix: '-cluster-v1beta2',
    });
    expect(values('apps/v1', 'Deployment').KindSuffix).toBe('-apps-v1');
    expect(values('Networking.K8s.io/V1', 'Ingress').KindSuffix).toBe('-networking-v1');
  });
});

describe('parseSchemaLocation', () => {
  it('expands default to the yannh/kubernetes-json-schema URL', () => {
    expect(url('default', 'apps/v1', 'Deployment')).toBe(
      'https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/master-standalone/deployment-apps-v1.json',
    );
    expect(url('default', 'v1', 'Service', '1.30.10', true)).toBe(
      'https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/v1.30.10-standalone-strict/service-v1.json',
    );
    const location = parseSchemaLocation('default');
    expect(location).toMatchObject({ template: DEFAULT_LOCATION, remote: true, fixed: false });
  });

  it('appends the standard path to a location not ending in json, by concatenation', () => {
    expect(url('/schemas', 'policy/v1', 'PodDisruptionBudget', '1.30.10')).toBe(
      '/schemas/v1.30.10-standalone/poddisruptionbudget-policy-v1.json',
    );
    expect(url('https://example.test/k8s/', 'v1', 'Pod')).toBe(
      'https://example.test/k8s//master-standalone/pod-v1.json',
    );
    expect(parseSchemaLocation('./schemas').remote).toBe(false);
  });

  it('treats a location ending in json as a template', () => {
    const location =
      'https://example.test/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json';
    expect(url(location, 'argoproj.io/v1alpha1', 'ApplicationSet')).toBe(
      'https://example.test/argoproj.io/applicationset_v1alpha1.json',
    );
    expect(url(CRDS_CATALOG_LOCATION, 'cluster.x-k8s.io/v1beta1', 'Cluster')).toBe(
      'https://raw.githubusercontent.com/datreeio/CRDs-catalog/main/cluster.x-k8s.io/cluster_v1beta1.json',
    );
  });

  it('marks a template without variables as one fixed schema', () => {
    const location = parseSchemaLocation('/tmp/one-schema.json');
    expect(location.fixed).toBe(true);
    expect(schemaUrl(location, values('v1', 'Pod'))).toBe('/tmp/one-schema.json');
    expect(schemaUrl(location, values('apps/v1', 'Deployment'))).toBe('/tmp/one-schema.json');
  });

  it('fails on a bad template with an error naming the location', () => {
    for (const bad of [
      'https://x.test/{{ .Kind }}.json',
      'https://x.test/{{ .ResourceKind .json',
      'https://x.test/{{ if .Group }}x.json',
      '/base/{{ nosuchfunc .Group }}',
      // Sprig is not there: kubeconform registers no functions beyond Go's.
      'https://x.test/{{ .Group | lower }}.json',
    ]) {
      expect(() => parseSchemaLocation(bad)).toThrow(SchemaLocationError);
      expect(() => parseSchemaLocation(bad)).toThrow(`"${bad}"`);
    }
  });
});

describe('template expander', () => {
  const all = {
    NormalizedKubernetesVersion: 'master',
    StrictSuffix: '-strict',
    ResourceKind: 'pod',
    ResourceAPIVersion: 'v1',
    Group: 'v1',
    KindSuffix: '-v1',
  };

  it('accepts spacing variants and Go trim markers and comments', () => {
    expect(expandTemplate(parseTemplate('a/{{.ResourceKind}}{{  .KindSuffix  }}.json'), all)).toBe(
      'a/pod-v1.json',
    );
    expect(expandTemplate(parseTemplate('a  {{- .ResourceKind -}}  .json'), all)).toBe('apod.json');
    expect(expandTemplate(parseTemplate('x{{/* note */}}y{{ .StrictSuffix }}'), all)).toBe(
      'xy-strict',
    );
  });

  it('keeps text without actions and a stray closing brace as they are', () => {
    expect(expandTemplate(parseTemplate('plain}}text'), all)).toBe('plain}}text');
  });

  it('runs if/else/end as Go text/template does', () => {
    const template = parseTemplate(
      'x/{{ .ResourceKind }}{{ if .StrictSuffix }}-strict{{ else }}-open{{ end }}.json',
    );
    expect(expandTemplate(template, all)).toBe('x/pod-strict.json');
    expect(expandTemplate(template, { ...all, StrictSuffix: '' })).toBe('x/pod-open.json');
    const location = parseSchemaLocation(
      'https://x.test/{{ if eq .Group "v1" }}core{{ else }}{{ .Group }}{{ end }}/{{ .ResourceKind }}.json',
    );
    expect(location.fixed).toBe(false);
    expect(schemaUrl(location, values('v1', 'Pod'))).toBe('https://x.test/core/pod.json');
    expect(schemaUrl(location, values('apps/v1', 'Deployment'))).toBe(
      'https://x.test/apps/deployment.json',
    );
  });

  it('runs pipelines with the go builtins', () => {
    expect(
      expandTemplate(parseTemplate('{{ .ResourceKind | printf "%s_%s" .Group }}.json'), all),
    ).toBe('v1_pod.json');
    expect(expandTemplate(parseTemplate('{{ $k := .ResourceKind }}{{ $k | len }}'), all)).toBe('3');
    const location = parseSchemaLocation(
      '/s/{{ .Group | printf "%s" }}/{{ .ResourceKind }}{{ .KindSuffix | print }}.json',
    );
    expect(schemaUrl(location, values('apps/v1', 'Deployment'))).toBe(
      '/s/apps/deployment-apps-v1.json',
    );
    // A template whose output never depends on the values is one fixed schema.
    expect(parseSchemaLocation('/s/{{ "one" | printf "%s" }}.json').fixed).toBe(true);
  });

  it('names what is wrong', () => {
    expect(() => parseTemplate('{{ .Foo }}')).toThrow(/unknown field \.Foo.*\.ResourceKind/);
    expect(() => parseTemplate('a{{ .Group')).toThrow(TemplateError);
    expect(() => parseTemplate('{{ $x }}')).toThrow(/undefined variable "\$x"/);
  });
});
