import { describe, expect, it } from 'vitest';
import {
  type Application,
  type ApplicationSetSpec,
  diffRevisions,
  markdownReport,
  type RevisionPreview,
  renderMarkdownReport,
} from '../src/index.ts';

// Names and values as hostile as a repository can make them: table pipes, HTML that would
// close the <details>, a mention, emphasis, a link and a line break.
const evilSet = 'web|<details>';
const evilApp = '@platform-team *bold*';
const evilCluster = '[prod](https://evil.example)';

function app(name: string, cluster: string, revision: string, namespace = 'apps'): Application {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name,
      namespace: 'argocd',
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      project: 'default',
      source: { repoURL: 'https://github.com/o/r', path: 'web', targetRevision: revision },
      destination: { name: cluster, namespace },
    },
  };
}

function revision(
  rev: string,
  sets: Array<{ name: string; apps: Application[]; spec?: ApplicationSetSpec }>,
): RevisionPreview {
  return {
    revision: rev,
    applicationSets: sets.map(({ name, apps, spec }) => ({
      preview: {
        name,
        namespace: 'argocd',
        file: `argocd/${name}.yaml`,
        line: 1,
        status: 'ok',
        applications: apps,
        errors: [],
        warnings: [],
      },
      spec: spec ?? { metadata: { name } },
    })),
    clusters: [evilCluster, 'dev-1'].map((name) => ({
      name,
      server: `https://${name.length}.example`,
      labels: {},
      annotations: {},
    })),
    stages: new Map([
      [evilCluster, 'production'],
      ['dev-1', 'dev'],
    ]),
    stageOrder: ['dev', 'staging', 'production'],
  };
}

const base = revision('a'.repeat(40), [
  {
    name: evilSet,
    apps: [
      app(evilApp, evilCluster, 'v1'),
      app('api', 'dev-1', 'v1'),
      app('gone', evilCluster, 'v1'),
      app('same', 'dev-1', 'v1'),
    ],
  },
  { name: 'quiet', apps: [app('quiet', 'dev-1', 'v1')] },
]);

const head = revision('feature/x', [
  {
    name: evilSet,
    apps: [
      app(evilApp, evilCluster, '</details><script>alert(1)</script>\nline two'),
      app('api', evilCluster, 'v1'),
      app('new|app', 'dev-1', 'v1'),
      app('same', 'dev-1', 'v1'),
    ],
  },
  { name: 'quiet', apps: [app('quiet', 'dev-1', 'v1')] },
]);

describe('Markdown report', () => {
  const report = diffRevisions(base, head);

  it('renders risks, the summary table, clusters and one section per ApplicationSet, escaped', () => {
    const markdown = renderMarkdownReport(markdownReport(report));
    expect(markdown).toMatchSnapshot();
  });

  it('lets no name or value open markup', () => {
    const rendered = markdownReport(report);
    const markdown = renderMarkdownReport(rendered);
    const collapsed = rendered.sections.filter((s) => s.collapsedTitle !== undefined).length;
    expect(markdown.split('</details>').length - 1).toBe(collapsed);
    expect(markdown).not.toContain('<script>');
    expect(markdown).not.toContain('@platform');
    expect(markdown).not.toContain('*bold*');
    expect(markdown).not.toContain('](https');
    // Every table row keeps its column count: no cell splits on a `|` from a name.
    for (const line of markdown.split('\n').filter((l) => l.startsWith('| ') && l.includes('web')))
      expect(line.split(' | ').length).toBe(8);
  });

  it('says there is no ApplicationSet change when nothing differs', () => {
    const same = diffRevisions(base, base);
    const rendered = markdownReport(same);
    expect(rendered.sections).toEqual([]);
    expect(rendered.heading).toBe(
      '### fleetops appset preview: no ApplicationSet change\n\naaaaaaa → aaaaaaa: 2 ApplicationSets, 5 Applications, all generated as before.',
    );
  });

  it('caps every list at maxRows and says how many more', () => {
    const many = (rev: string, v: string) =>
      revision(rev, [
        {
          name: 'many',
          apps: Array.from({ length: 120 }, (_, i) => app(`app-${i}`, 'dev-1', v)),
        },
      ]);
    const rendered = markdownReport(diffRevisions(many('a', 'v1'), many('b', 'v2')), {
      maxRows: 10,
    });
    const section = rendered.sections.at(-1)!.body;
    expect(section.split('\n').filter((l) => l.startsWith('| app-'))).toHaveLength(10);
    expect(section).toContain('…and 110 more changed fields.');
  });
});
