// A fleet repository with two commits, for base vs head: `main` before the pull request,
// then the pull request's change committed on top. Built with real git in a temporary
// directory; `baseSha` and `headSha` name the two commits.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { clusterSecret as argocdClusterSecret } from '@fleetops/test/argocd';
import { revParse } from '@fleetops/test/git';
import { commit, gitRepo } from './git-repo.ts';

export const repoURL = 'https://github.com/example-org/fleet';

export const clusterSecret = (name: string, stage: string, extra = '') =>
  argocdClusterSecret(name, `stage: ${stage}${extra}`);

/** Addons on every cluster with `addons: on`: one Application per addon directory and cluster. */
export const addons = `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: addons
  namespace: argocd
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
    - matrix:
        generators:
          - clusters:
              selector:
                matchLabels:
                  addons: "on"
          - git:
              repoURL: ${repoURL}
              revision: HEAD
              directories:
                - path: addons/*
  template:
    metadata:
      name: '{{.path.basename}}-{{.name}}'
    spec:
      project: default
      source:
        repoURL: ${repoURL}
        targetRevision: HEAD
        path: '{{.path.path}}'
      destination:
        name: '{{.name}}'
        namespace: '{{.path.basename}}'
`;

/** Team web apps from a list, under a create-update policy that ignores targetRevision. */
export const web = (elements: string) => `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: web
  namespace: argocd
spec:
  generators:
    - list:
        elements:
${elements}
  syncPolicy:
    applicationsSync: create-update
  ignoreApplicationDifferences:
    - jsonPointers:
        - /spec/source/targetRevision
  template:
    metadata:
      name: 'web-{{team}}'
    spec:
      project: default
      source:
        repoURL: ${repoURL}
        targetRevision: '{{revision}}'
        path: web
      destination:
        server: https://{{cluster}}.example.com
        namespace: '{{namespace}}'
`;

export const element = (team: string, cluster: string, namespace: string, revision = 'v1') =>
  `          - team: ${team}\n            cluster: ${cluster}\n            namespace: ${namespace}\n            revision: ${revision}`;

export const baseFiles: Record<string, string> = {
  'clusters/prod-1.yaml': clusterSecret('prod-1', 'production', '\n    addons: "on"'),
  'clusters/dev-1.yaml': clusterSecret('dev-1', 'dev', '\n    addons: "on"'),
  'clusters/staging-1.yaml': clusterSecret('staging-1', 'staging'),
  'argocd/addons.yaml': addons,
  'argocd/web.yaml': web(
    [
      element('blue', 'dev-1', 'blue'),
      element('green', 'dev-1', 'green'),
      element('red', 'prod-1', 'red'),
    ].join('\n'),
  ),
  'addons/dns/values.yaml': 'a: 1\n',
  'addons/mesh/values.yaml': 'a: 1\n',
};

export interface TwoRevisions {
  root: string;
  baseSha: string;
  headSha: string;
}

/** `baseFiles` committed, then `change` (null deletes a file) committed on top. */
export async function twoRevisions(
  change: Record<string, string | null>,
  files = baseFiles,
): Promise<TwoRevisions> {
  const root = await gitRepo(files, `${repoURL}.git`);
  const baseSha = revParse(root);
  for (const [file, text] of Object.entries(change)) {
    const target = join(root, file);
    if (text === null) await rm(target);
    else {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, text);
    }
  }
  if (Object.keys(change).length > 0) commit(root, 'head');
  return { root, baseSha, headSha: revParse(root) };
}
