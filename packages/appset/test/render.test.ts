import { float64 } from '@fleetops/gotemplate';
import { describe, expect, it } from 'vitest';
import {
  type ApplicationSetSpec,
  type ClusterSecret,
  expandApplicationSet,
  renderApplication,
} from '../src/index.ts';

function appSet(spec: Record<string, unknown>, name = 'apps'): ApplicationSetSpec {
  return { metadata: { name, namespace: 'argocd' }, spec } as ApplicationSetSpec;
}

const template = {
  metadata: { name: '{{name}}-app', namespace: 'ignored', labels: { env: '{{env}}' } },
  spec: {
    project: 'default',
    source: { repoURL: 'https://example.com/repo', path: 'apps/{{name}}', targetRevision: 'HEAD' },
    destination: { server: 'https://kubernetes.default.svc', namespace: '{{ name }}' },
  },
};

describe('renderApplication', () => {
  it('fasttemplate: substitutes string parameters; unknown keys stay as written', () => {
    const app = renderApplication(appSet({ template }), { name: 'web' });
    expect(app.metadata).toEqual({
      name: 'web-app',
      namespace: 'argocd',
      labels: { env: '{{env}}' },
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    });
    expect(app.spec.destination).toEqual({
      server: 'https://kubernetes.default.svc',
      namespace: 'web',
    });
  });

  it('goTemplate: missingkey=error fails with Go text wrapped as the controller wraps it', () => {
    const set = appSet({
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      template: { metadata: { name: '{{.name}}-{{.env}}' }, spec: { project: 'default' } },
    });
    expect(renderApplication(set, { name: 'a', env: 'b' }).metadata.name).toBe('a-b');
    expect(() => renderApplication(set, { name: 'a' })).toThrow(
      'failed to execute go template {{.name}}-{{.env}}: template: :1:12: executing "" at <.env>: map has no entry for key "env"',
    );
  });

  it('goTemplate renders map keys and Sprig, and numbers print as Go prints float64', () => {
    const set = appSet({
      goTemplate: true,
      template: {
        metadata: { name: '{{.name | upper}}', annotations: { '{{.name}}/replicas': '{{.n}}' } },
        spec: { project: 'default' },
      },
    });
    const app = renderApplication(set, { name: 'web', n: float64(3) });
    expect(app.metadata.name).toBe('WEB');
    expect(app.metadata.annotations).toEqual({ 'web/replicas': '3' });
  });

  it('keeps finalizers the template sets, and adds none with preserveResourcesOnDeletion', () => {
    const own = { ...template, metadata: { ...template.metadata, finalizers: ['x'] } };
    expect(renderApplication(appSet({ template: own }), { name: 'a' }).metadata.finalizers).toEqual(
      ['x'],
    );
    const preserved = appSet({ template, syncPolicy: { preserveResourcesOnDeletion: true } });
    expect(renderApplication(preserved, { name: 'a' }).metadata.finalizers).toBeUndefined();
  });

  it('templatePatch: a strategic merge where lists are replaced and spec.project is restored', () => {
    const set = appSet({
      goTemplate: true,
      template: {
        metadata: { name: '{{.name}}' },
        spec: {
          project: 'default',
          source: { repoURL: 'r', path: 'p', targetRevision: 'HEAD' },
          syncPolicy: { syncOptions: ['A=true', 'B=true'] },
          destination: { server: 'https://kubernetes.default.svc' },
        },
      },
      templatePatch: [
        'spec:',
        '  project: stolen',
        '  syncPolicy:',
        '    syncOptions: [C=true]',
        '  {{- if .auto }}',
        '    automated: {prune: true}',
        '  {{- end }}',
        '  source:',
        '    path: null',
        '    helm: {releaseName: "{{.name}}"}',
      ].join('\n'),
    });
    const app = renderApplication(set, { name: 'web', auto: true });
    expect(app.spec).toEqual({
      project: 'default',
      source: { repoURL: 'r', targetRevision: 'HEAD', helm: { releaseName: 'web' } },
      syncPolicy: { syncOptions: ['C=true'], automated: { prune: true } },
      destination: { server: 'https://kubernetes.default.svc' },
    });
  });
});

const clusters: ClusterSecret[] = [
  {
    name: 'prod',
    server: 'https://prod.example.com',
    labels: { 'argocd.argoproj.io/secret-type': 'cluster' },
    annotations: {},
  },
];

describe('expandApplicationSet', () => {
  const list = (elements: object[]) => ({ list: { elements } });

  it('merges a generator template over the ApplicationSet template', async () => {
    const result = await expandApplicationSet(
      appSet({
        generators: [
          {
            list: {
              elements: [{ name: 'a' }],
              template: { metadata: { name: 'override-{{name}}' } },
            },
          },
          list([{ name: 'b' }]),
        ],
        template,
      }),
    );
    expect(result.status).toBe('ok');
    const [a, b] = result.applications;
    expect(a!.metadata.name).toBe('override-a');
    expect(a!.spec.source).toEqual({ ...template.spec.source, path: 'apps/a' });
    expect(b!.metadata.name).toBe('b-app');
  });

  it('drops every copy of a duplicated name and names the nameless, with controller texts', async () => {
    const result = await expandApplicationSet(
      appSet({
        generators: [list([{ name: 'a' }, { name: 'a' }, { name: 'b' }])],
        template,
      }),
    );
    expect(result.applications.map((a) => a.metadata.name)).toEqual(['b-app']);
    expect(result.errors).toEqual([
      {
        kind: 'validation',
        application: 'argocd/a-app',
        message: 'ApplicationSet apps contains applications with duplicate name: a-app',
      },
    ]);
    const nameless = await expandApplicationSet(
      appSet({
        generators: [list([{ x: '1' }])],
        template: { metadata: {}, spec: { project: 'default' } },
      }),
    );
    expect(nameless.errors[0]!.message).toBe(
      "ApplicationSet apps contains an application with no name; a name must be set in the template's metadata.name or via a templatePatch (generateName is not supported)",
    );
  });

  it('reports unknown projects and destinations when they are known, with a status condition', async () => {
    const set = appSet({
      generators: [
        list([
          { name: 'a', project: 'nope' },
          { name: 'b', project: 'default' },
          { name: 'c', project: 'default' },
        ]),
      ],
      template: {
        metadata: { name: '{{name}}' },
        spec: {
          project: '{{project}}',
          destination: { name: '{{name}}' },
        },
      },
    });
    const result = await expandApplicationSet(set, {
      projects: new Set(['default']),
      clusters: [
        ...clusters,
        { ...clusters[0]!, name: 'c', server: 'https://c1' },
        { ...clusters[0]!, name: 'c', server: 'https://c2' },
      ],
      validateDestinations: true,
    });
    expect(result.applications).toEqual([]);
    expect(result.errors.map((e) => e.message)).toEqual([
      'application references project nope which does not exist',
      'application destination spec is invalid: there are no clusters with this name: b',
      'application destination spec is invalid: there are 2 clusters with the same name: [https://c1 https://c2]',
    ]);
    expect(result.condition).toBe(
      'application destination spec is invalid: there are 2 clusters with the same name: [https://c1 https://c2] (and 2 more)',
    );
  });

  it.each([
    [
      { server: 'https://gone.example.com/' },
      'application destination spec is invalid: error getting cluster by server "https://gone.example.com/": rpc error: code = NotFound desc = cluster "https://gone.example.com" not found',
    ],
    [{ server: 'https://prod.example.com/' }, undefined],
    [{ name: 'in-cluster' }, undefined],
    [
      { name: 'prod', server: 'https://prod.example.com' },
      "application destination spec is invalid: application destination can't have both name and server defined: prod https://prod.example.com",
    ],
    [
      { namespace: 'x' },
      'application destination spec is invalid: Destination server missing from app spec',
    ],
  ])('destination %j: %s', async (destination, message) => {
    const set = appSet({
      generators: [list([{ name: 'a' }])],
      template: { metadata: { name: '{{name}}' }, spec: { project: 'default', destination } },
    });
    const result = await expandApplicationSet(set, { clusters, validateDestinations: true });
    expect(result.errors[0]?.message).toBe(message);
  });

  it('gives no verdict on a server when a fleet cluster has no known server', async () => {
    const set = appSet({
      generators: [list([{ name: 'a' }])],
      template: {
        metadata: { name: '{{name}}' },
        spec: { project: 'default', destination: { server: 'https://a.k8s.example.com' } },
      },
    });
    // A Cluster API cluster without its Argo CD secret: its server may be this one.
    const withUnknown = [...clusters, { ...clusters[0]!, name: 'a', server: '' }];
    const result = await expandApplicationSet(set, {
      clusters: withUnknown,
      validateDestinations: true,
    });
    expect(result.errors).toEqual([]);
    expect(result.applications.map((app) => app.metadata.name)).toEqual(['a']);
  });

  it('freezes the whole ApplicationSet on a generation or render error', async () => {
    const set = appSet({
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [list([{ name: 'a', env: 'x' }, { name: 'b' }])],
      template: { metadata: { name: '{{.name}}-{{.env}}' }, spec: { project: 'default' } },
    });
    const result = await expandApplicationSet(set);
    expect(result.status).toBe('frozen');
    expect(result.applications).toEqual([]);
    expect(result.errors[0]).toMatchObject({ kind: 'render', generator: 0 });
    const broken = await expandApplicationSet(
      appSet({ generators: [{ matrix: { generators: [list([])] } }], template }),
    );
    expect(broken).toMatchObject({
      status: 'frozen',
      condition: 'found less than two generators, Matrix support only two',
    });
  });

  it('warns of an unrecognized generator key, which generates nothing', async () => {
    const result = await expandApplicationSet(
      appSet({
        generators: [{ lists: { elements: [{ name: 'a' }] } }, list([{ name: 'b' }])],
        template,
      }),
    );
    expect(result.status).toBe('ok');
    expect(result.applications.map((a) => a.metadata.name)).toEqual(['b-app']);
    expect(result.warnings).toEqual([
      'ApplicationSet apps contains unrecognized generators: lists (generator 1 generates nothing)',
    ]);
  });

  it('marks a dynamic generator not previewable and keeps what the others generate', async () => {
    const result = await expandApplicationSet(
      appSet({
        generators: [{ pullRequest: { github: { owner: 'o', repo: 'r' } } }, list([{ name: 'b' }])],
        template,
      }),
    );
    expect(result.status).toBe('incomplete');
    expect(result.errors).toEqual([
      {
        kind: 'not-previewable',
        generator: 0,
        message: 'pullRequest generator: dynamic — not previewable offline',
      },
    ]);
    expect(result.applications.map((a) => a.metadata.name)).toEqual(['b-app']);
  });
});
