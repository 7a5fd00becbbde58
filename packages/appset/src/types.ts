import type { Params } from './params.ts';

/** An Argo CD cluster as the cluster generator sees it: the fields of its cluster Secret. */
export interface ClusterSecret {
  name: string;
  server: string;
  /** Every label of the Secret, `argocd.argoproj.io/secret-type: cluster` included. */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** `data.project`, when the cluster is scoped to a project. */
  project?: string;
  /** The Secret's namespace; the cluster generator reads only Argo CD's own namespace. */
  namespace?: string;
  /** Where the cluster was defined, for messages. */
  source?: string;
}

/**
 * What the git generator reads, at a revision. Paths are relative to the repository root
 * with forward slashes, as Argo CD's repo-server returns them.
 */
export interface RepoReader {
  /** Every directory of the tree, hidden ones (a segment starting with `.`) excluded. */
  listDirectories(repoURL: string, revision: string): Promise<string[]>;
  /** Tracked files matching a git pathspec (`git ls-files -- PATTERN`). */
  listFiles(repoURL: string, revision: string, pattern: string): Promise<string[]>;
  readFile(repoURL: string, revision: string, path: string): Promise<string | Uint8Array>;
}

/** Parameter sets for a generator the preview cannot evaluate offline, by generator kind. */
export type GeneratorFixtures = Partial<
  Record<'scmProvider' | 'pullRequest' | 'clusterDecisionResource' | 'plugin', Params[]>
>;

export interface GenerateOptions {
  /** `spec.goTemplate` of the ApplicationSet. */
  goTemplate?: boolean;
  /** `spec.goTemplateOptions`, such as `missingkey=error`. */
  goTemplateOptions?: readonly string[];
  /** Registered clusters; the in-cluster entry is added by the generator's own rule. */
  clusters?: readonly ClusterSecret[];
  /** Namespace of Argo CD (default `argocd`): only cluster Secrets there are read. */
  argocdNamespace?: string;
  /** Repository access for the git generator. */
  repo?: RepoReader;
  /** Parameter sets standing in for scmProvider, pullRequest, clusterDecisionResource, plugin. */
  fixtures?: GeneratorFixtures;
  /**
   * AppProjects known to exist. When given, the git generator fails as the controller does
   * when the template's (untemplated) project is missing.
   */
  projects?: ReadonlySet<string>;
  /** `spec.template.spec.project` of the ApplicationSet (for the git generator's lookup). */
  templateProject?: string;
  /**
   * The Argo CD release to imitate, `MAJOR.MINOR` (a patch is accepted and ignored) from
   * 2.14 to 3.5; default the latest, 3.5. Rejects with `UnsupportedVersionError` outside.
   */
  argocdVersion?: string;
  /** `spec.applyNestedSelectors` of the ApplicationSet (read before Argo CD 3.0 only). */
  applyNestedSelectors?: boolean;
  /**
   * A GitHub `pull_request` event payload (GITHUB_EVENT_PATH's JSON): a `pullRequest`
   * generator with the `github` provider for the event's repository yields that pull
   * request's parameter set; without it, such a generator is not previewable.
   */
  pullRequestEvent?: unknown;
  /**
   * How the git files generator matches its paths: `pathspec` (default) runs `git ls-files
   * -- PATTERN` (`*` crosses `/`); `doublestar` is Argo CD's new git file globbing
   * (`applicationsetcontroller.enable.new.git.file.globbing`): doublestar's FilepathGlob
   * over the repo-server's checkout (`*` stays within a segment, `**` crosses `/`), which
   * matches directories too — and a matched directory fails the generator with the
   * repo-server's "is a directory" error, as in Argo CD. The checkout is the repository
   * reader's tree when it has one (gitRepository); otherwise every file that
   * `listFiles(repoURL, revision, '.')` gives, as regular files.
   */
  gitFileGlobbing?: GitFileGlobbing;
}

export type GitFileGlobbing = 'pathspec' | 'doublestar';

/** `spec.template` of an ApplicationSet or a generator. */
export interface ApplicationTemplate {
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
  };
  spec?: Record<string, unknown>;
}

/** A generated Argo CD Application, as the controller would create it. */
export interface Application {
  apiVersion: 'argoproj.io/v1alpha1';
  kind: 'Application';
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
  };
  spec: Record<string, unknown>;
}
