import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  type GeneratorFixtures,
  latestArgocdVersion,
  type PreviewDiffOptions,
  parseArgocdVersion,
  parseClusters,
  parseYamlDocuments,
  syncPolicies,
} from '@fleetops/appset';
import { ActionInputs, type RunEvent, readRunEvent, runnerContext } from '@fleetops/github';
import { artifactNameProblem } from '@fleetops/github/artifact';

/** The inputs of action.yml and the runner context, parsed once: the action sees only this. */
export interface PreviewInputs {
  /** Absolute root of the fleet repository. */
  path: string;
  /** What previewDiff needs, files already read. */
  diff: PreviewDiffOptions;
  failOnErrors: boolean;
  /** Absolute directory for the report files. */
  reportDir: string;
  /** The run artifact of the report files; absent with `upload-artifact: false`. */
  artifact?: ReportArtifact;
  githubToken?: string;
  /** GITHUB_REPOSITORY: where the comment goes. */
  repository?: string;
  event: RunEvent;
  /** The run's page, which shows the job summary. */
  runUrl?: string;
  /** GITHUB_STEP_SUMMARY; absent outside a runner. */
  summaryFile?: string;
}

export interface ReportArtifact {
  name: string;
  /** Absent: the repository's retention. */
  retentionDays?: number;
}

/**
 * Reads the inputs from the runner's INPUT_* variables. Throws an Error that names the
 * input on a bad value. Relative paths resolve against the workspace.
 */
export function readInputs(): PreviewInputs {
  const env = process.env;
  const inputs = new ActionInputs(env);
  const { workspace, repository, runUrl, summaryFile } = runnerContext(env);
  const event = readRunEvent(env);
  const base = inputs.optional('base') ?? event.pullRequest?.baseSha;
  if (base === undefined)
    throw new Error(
      "Input 'base' is required outside pull_request events: give the revision to compare from.",
    );
  const head = inputs.optional('head');
  const clusters = inputs.optional('clusters');
  const fixtures = inputs.optional('fixtures');
  const policy = inputs.optional('controller-policy');
  if (policy !== undefined && !(syncPolicies as readonly string[]).includes(policy))
    throw new Error(
      `Input 'controller-policy' must be one of ${syncPolicies.join(', ')}; got '${policy}'.`,
    );
  const temp = env.RUNNER_TEMP;
  const argocdVersion = inputs.optional('argocd-version') ?? latestArgocdVersion;
  try {
    parseArgocdVersion(argocdVersion);
  } catch (error) {
    throw new Error(`Input 'argocd-version': ${(error as Error).message}.`);
  }
  const globbing = inputs.optional('git-file-globbing') ?? 'pathspec';
  if (globbing !== 'pathspec' && globbing !== 'doublestar')
    throw new Error(
      `Input 'git-file-globbing' must be one of pathspec, doublestar; got '${globbing}'.`,
    );
  const reportDir = inputs.optional('report-dir');
  const artifact = inputs.boolean('upload-artifact', true) ? readArtifact(inputs) : undefined;
  const githubToken = inputs.optional('github-token');
  return {
    path: inputs.directory('path', workspace),
    diff: {
      base,
      ...(head === undefined ? {} : { head }),
      ...(clusters === undefined ? {} : { extraClusters: readClusters(workspace, clusters) }),
      ...(fixtures === undefined
        ? {}
        : { fixtures: readJsonOrYaml('fixtures', workspace, fixtures) }),
      argocdNamespace: inputs.optional('argocd-namespace') ?? 'argocd',
      repoUrls: inputs.list('repo-urls'),
      argocdVersion,
      gitFileGlobbing: globbing,
      // The pull request generator answers for the pull request of this run.
      ...(event.pullRequest ? { pullRequestEvent: eventPayload(env) } : {}),
      ...(policy === undefined
        ? {}
        : { controller: { policy: policy as (typeof syncPolicies)[number] } }),
    },
    failOnErrors: inputs.boolean('fail-on-errors', false),
    reportDir: path.resolve(
      workspace,
      reportDir ?? path.join(temp || workspace, 'fleetops-appset-preview'),
    ),
    ...(artifact && { artifact }),
    event,
    ...(githubToken && { githubToken }),
    ...(repository && { repository }),
    ...(runUrl && { runUrl }),
    ...(summaryFile && { summaryFile }),
  };
}

function readArtifact(inputs: ActionInputs): ReportArtifact {
  const name = inputs.optional('artifact-name') ?? 'appset-preview';
  const problem = artifactNameProblem(name);
  if (problem) throw new Error(`Input 'artifact-name' ${problem}; got '${name}'.`);
  const days = inputs.optional('retention-days');
  if (days !== undefined && !/^\d+$/.test(days))
    throw new Error(
      `Input 'retention-days' must be a whole number of days, or 0 for the repository's setting; got '${days}'.`,
    );
  // 0 is the repository's setting, as with actions/upload-artifact.
  const retentionDays = Number(days ?? 0);
  return retentionDays > 0 ? { name, retentionDays } : { name };
}

/**
 * The pull_request payload, for the pull request generator. readRunEvent has parsed the
 * same file already (and reported a broken one), so this only reads it once more.
 */
function eventPayload(env: NodeJS.ProcessEnv): unknown {
  return JSON.parse(readFileSync(env.GITHUB_EVENT_PATH ?? '', 'utf8'));
}

function readText(name: string, workspace: string, file: string): string {
  try {
    return readFileSync(path.resolve(workspace, file), 'utf8');
  } catch (error) {
    throw new Error(
      `Input '${name}': cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? error}).`,
    );
  }
}

function readClusters(workspace: string, file: string) {
  const text = readText('clusters', workspace, file);
  try {
    return parseClusters(text, file);
  } catch (error) {
    throw new Error(`Input 'clusters': ${file} is not YAML or JSON: ${(error as Error).message}`);
  }
}

function readJsonOrYaml(name: string, workspace: string, file: string): GeneratorFixtures {
  const text = readText(name, workspace, file);
  try {
    const [data] = parseYamlDocuments(text);
    if (typeof data === 'object' && data !== null && !Array.isArray(data))
      return data as GeneratorFixtures;
  } catch {
    // Reported below with what was expected.
  }
  throw new Error(
    `Input '${name}': ${file} must be a map of generator kind to a list of parameter sets.`,
  );
}
