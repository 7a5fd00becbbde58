import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  type ApplicationSetPreview,
  type ApplicationSetSpec,
  type ClusterSecret,
  clusterInventory,
  type ExpandResult,
  expandApplicationSet,
  type GeneratorFixtures,
  gitRepository,
  latestArgocdVersion,
  markdownReport,
  parseArgocdVersion,
  parseClusters,
  parseYamlDocuments,
  previewApplicationSets,
  previewDiff,
  renderMarkdownReport,
  supportedArgocdVersions,
  syncPolicies,
  textReport,
  toYaml,
  UnsupportedVersionError,
} from '@fleetops/appset';
import { loadFleet } from '@fleetops/fleet';
import { Command, Option } from 'commander';
import { type CliIo, ExitCode, UsageError } from '../io.ts';
import { resolveRoot, withConfig } from '../workspace.ts';

type Format = 'json' | 'yaml' | 'text';

interface SourceOptions {
  clusters?: string;
  fixtures?: string;
  argocdNamespace: string;
  argocdVersion: string;
  pullRequestEvent?: string;
  gitFileGlobbing: 'pathspec' | 'doublestar';
}

interface RenderOptions extends SourceOptions {
  format: Format;
  revision?: string;
  repoUrl: string[];
}

interface DiffOptions extends SourceOptions {
  base: string;
  head?: string;
  format: 'json' | 'markdown' | 'text';
  repoUrl: string[];
  controllerPolicy?: (typeof syncPolicies)[number];
  policyOverride?: boolean;
}

interface GenerateOptions extends SourceOptions {
  format: 'json' | 'yaml';
  repo?: string;
  revision?: string;
}

export function appsetCommand(io: CliIo): Command {
  const command = new Command('appset').summary(
    'preview what Argo CD ApplicationSets generate, offline',
  );
  command.addCommand(renderCommand(io));
  command.addCommand(generateCommand(io));
  command.addCommand(diffCommand(io));
  return command;
}

function sourceOptions(command: Command): Command {
  return command
    .option(
      '--clusters <file>',
      'more Argo CD clusters: cluster Secrets or {name, server, labels} entries (YAML or JSON)',
    )
    .option(
      '--fixtures <file>',
      'parameter sets for dynamic generators: {scmProvider, pullRequest, clusterDecisionResource, plugin: [...]}',
    )
    .option('--argocd-namespace <ns>', "Argo CD's namespace", 'argocd')
    .option(
      '--argocd-version <version>',
      `the Argo CD release whose controller to imitate, MAJOR.MINOR (${supportedArgocdVersions})`,
      latestArgocdVersion,
    )
    .option(
      '--pull-request-event <file>',
      'a GitHub pull_request event payload (JSON): pullRequest generators with the github provider for its repository yield that pull request',
    )
    .addOption(
      new Option(
        '--git-file-globbing <mode>',
        "how git files generators match paths: pathspec (git ls-files, * crosses /) or doublestar (Argo CD's applicationsetcontroller.enable.new.git.file.globbing: * stays within a directory, ** crosses /)",
      )
        .choices(['pathspec', 'doublestar'])
        .default('pathspec'),
    );
}

/** The engine options every appset command shares, checked and read once. */
async function engineOptions(io: CliIo, options: SourceOptions) {
  try {
    parseArgocdVersion(options.argocdVersion);
  } catch (error) {
    if (error instanceof UnsupportedVersionError)
      throw new UsageError(`--argocd-version: ${error.message}`);
    throw error;
  }
  const pullRequestEvent = await readEvent(io, options.pullRequestEvent);
  return {
    argocdVersion: options.argocdVersion,
    gitFileGlobbing: options.gitFileGlobbing,
    ...(pullRequestEvent === undefined ? {} : { pullRequestEvent }),
  };
}

function renderCommand(io: CliIo): Command {
  return sourceOptions(
    new Command('render')
      .summary('every ApplicationSet of a repository with the Applications it generates')
      .description(
        "Expands every ApplicationSet of the repository as Argo CD's controller would: generators (the clusters generator reads the fleet's clusters and cluster Secrets, git generators read this repository with git), templates, templatePatch and the controller's validation.\nExit status: 0 all generated, 1 an ApplicationSet errors (the controller would freeze it) or an Application is invalid, 2 usage error.",
      )
      .argument('[path]', 'root of the fleet repository', '.')
      .addOption(
        new Option('-f, --format <format>', 'output format')
          .choices(['json', 'yaml', 'text'])
          .default('text'),
      )
      .option(
        '--revision <rev>',
        'read git generators at this revision (default: the working tree)',
      )
      .option(
        '--repo-url <url>',
        'a URL under which ApplicationSets refer to this repository (its git remotes always count)',
        (value: string, previous: string[]) => [...previous, value],
        [] as string[],
      ),
  ).action(async (path: string, options: RenderOptions) => {
    const root = await resolveRoot(io.cwd, path);
    const engine = await engineOptions(io, options);
    const { repository, fleet, config } = await withConfig(() => loadFleet(root));
    const extra = await readClusters(io, options.clusters);
    const clusters = [...clusterInventory(repository, fleet, options.argocdNamespace), ...extra];
    const repo = await gitRepository(root, {
      ...(options.revision === undefined ? {} : { revision: options.revision }),
      urls: [...(config.repository?.urls ?? []), ...options.repoUrl],
    }).catch((error: Error) => {
      throw new UsageError(`${path}: cannot read the repository with git (${firstLine(error)})`);
    });
    try {
      const previews = await previewApplicationSets(repository, {
        clusters,
        validateDestinations: clusters.length > 0,
        repo,
        fixtures: await readFixtures(io, options.fixtures),
        argocdNamespace: options.argocdNamespace,
        ...engine,
      });
      io.stdout.write(formatPreviews(previews, options.format));
      io.exitCode = previews.some(failed) ? ExitCode.findings : ExitCode.ok;
    } finally {
      await repo.close();
    }
  });
}

function repoUrlOption(command: Command): Command {
  return command.option(
    '--repo-url <url>',
    'a URL under which ApplicationSets refer to this repository (its git remotes always count)',
    (value: string, previous: string[]) => [...previous, value],
    [] as string[],
  );
}

function diffCommand(io: CliIo): Command {
  return repoUrlOption(
    sourceOptions(
      new Command('diff')
        .summary('what every ApplicationSet generates at two revisions, compared')
        .description(
          'Expands every ApplicationSet at --base and at --head (default: the working tree), both read with git, and compares the Applications: added, removed, changed field by field, with what the controller applies (applicationsSync, ignoreApplicationDifferences, preserveResourcesOnDeletion), the risks first and what each cluster gains and loses.\nExit status: 0 compared, 1 an ApplicationSet errors at head (the controller would freeze it) or an Application is invalid, 2 usage error.',
        )
        .argument('[path]', 'root of the fleet repository', '.')
        .requiredOption(
          '--base <rev>',
          'the revision the change starts from (a commit, branch or tag)',
        )
        .option('--head <rev>', 'the revision to compare with it (default: the working tree)')
        .addOption(
          new Option('-f, --format <format>', 'output format')
            .choices(['json', 'markdown', 'text'])
            .default('text'),
        )
        .addOption(
          new Option(
            '--controller-policy <policy>',
            "the ApplicationSet controller's --policy (default: none, each ApplicationSet's applicationsSync counts)",
          ).choices([...syncPolicies]),
        )
        .option(
          '--policy-override',
          'the controller runs with --enable-policy-override: applicationsSync counts even with --controller-policy',
        ),
    ),
  ).action(async (path: string, options: DiffOptions) => {
    const root = await resolveRoot(io.cwd, path);
    const engine = await engineOptions(io, options);
    const report = await withConfig(async () =>
      previewDiff(root, {
        base: options.base,
        ...(options.head === undefined ? {} : { head: options.head }),
        extraClusters: await readClusters(io, options.clusters),
        fixtures: await readFixtures(io, options.fixtures),
        argocdNamespace: options.argocdNamespace,
        repoUrls: options.repoUrl,
        ...engine,
        controller: {
          ...(options.controllerPolicy ? { policy: options.controllerPolicy } : {}),
          ...(options.policyOverride ? { policyOverride: true } : {}),
        },
      }),
    ).catch((error: Error) => {
      if (error instanceof UsageError || !/^(Command failed: )?(git|tar) /.test(error.message))
        throw error;
      throw new UsageError(`${path}: cannot read the revisions with git (${firstLine(error)})`);
    });
    if (options.format === 'json') io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else if (options.format === 'markdown')
      io.stdout.write(renderMarkdownReport(markdownReport(report, { maxRows: 1000 })));
    else io.stdout.write(textReport(report));
    io.exitCode = report.totals.errors > 0 ? ExitCode.findings : ExitCode.ok;
  });
}

function generateCommand(io: CliIo): Command {
  return sourceOptions(
    new Command('generate')
      .summary('the Applications one ApplicationSet file generates, like `argocd appset generate`')
      .description(
        'Prints the Applications of the ApplicationSet(s) in FILE, offline. Git generators read the repository given with --repo (at --revision, default the working tree) whatever their repoURL.\nExit status: 0 generated, 1 a generation or render error, 2 usage error.',
      )
      .argument('<file>', 'ApplicationSet manifest (YAML or JSON)')
      .addOption(
        new Option('-f, --format <format>', 'output format')
          .choices(['json', 'yaml'])
          .default('yaml'),
      )
      .option('--repo <dir>', 'a checkout that git generators read')
      .option('--revision <rev>', 'the revision of --repo to read (default: the working tree)'),
  ).action(async (file: string, options: GenerateOptions) => {
    const engine = await engineOptions(io, options);
    const appSets = await readApplicationSets(io, file);
    const clusters = await readClusters(io, options.clusters);
    if (options.revision !== undefined && options.repo === undefined)
      throw new UsageError('--revision needs --repo');
    const repo =
      options.repo === undefined
        ? undefined
        : await gitRepository(resolve(io.cwd, options.repo), {
            anyUrl: true,
            ...(options.revision === undefined ? {} : { revision: options.revision }),
          }).catch((error: Error) => {
            throw new UsageError(
              `${options.repo}: cannot read the repository with git (${firstLine(error)})`,
            );
          });
    try {
      const fixtures = await readFixtures(io, options.fixtures);
      const results: ExpandResult[] = [];
      for (const appSet of appSets)
        results.push(
          await expandApplicationSet(appSet, {
            clusters,
            fixtures,
            argocdNamespace: options.argocdNamespace,
            ...engine,
            ...(repo ? { repo } : {}),
          }),
        );
      const applications = results.flatMap((result) => result.applications);
      io.stdout.write(
        options.format === 'json'
          ? `${JSON.stringify(applications, null, 2)}\n`
          : toYaml(applications),
      );
      for (const [i, result] of results.entries()) {
        const name = appSets[i]!.metadata?.name ?? '';
        for (const error of result.errors)
          io.stderr.write(`${name}: ${errorLine(result, error)}\n`);
        for (const warning of result.warnings) io.stderr.write(`${name}: warning: ${warning}\n`);
      }
      io.exitCode = results.some((result) => result.status === 'frozen')
        ? ExitCode.findings
        : ExitCode.ok;
    } finally {
      await repo?.close();
    }
  });
}

function failed(preview: ExpandResult): boolean {
  return preview.errors.some((error) => error.kind !== 'not-previewable');
}

function formatPreviews(previews: ApplicationSetPreview[], format: Format): string {
  const document = {
    applicationSets: previews.map((p) => ({
      name: p.name,
      namespace: p.namespace,
      file: p.file,
      ...(p.line === undefined ? {} : { line: p.line }),
      status: p.status,
      applications: p.applications,
      errors: p.errors,
      warnings: p.warnings,
      ...(p.condition === undefined ? {} : { condition: p.condition }),
    })),
  };
  if (format === 'json') return `${JSON.stringify(document, null, 2)}\n`;
  if (format === 'yaml') return toYaml(document);
  return previews.map(textPreview).join('');
}

function textPreview(preview: ApplicationSetPreview): string {
  const where = preview.line === undefined ? preview.file : `${preview.file}:${preview.line}`;
  const count = `${preview.applications.length} application${preview.applications.length === 1 ? '' : 's'}`;
  const state =
    preview.status === 'frozen'
      ? 'FROZEN: the controller would change none of its Applications'
      : preview.status === 'incomplete'
        ? `${count} (incomplete: some generators are not previewable offline)`
        : count;
  let out = `${where}: ApplicationSet ${preview.namespace}/${preview.name}: ${state}\n`;
  for (const app of preview.applications) {
    const d = (app.spec.destination ?? {}) as {
      name?: string;
      server?: string;
      namespace?: string;
    };
    const target = d.name ?? d.server ?? '?';
    out += `  ${app.metadata.name} → ${target}${d.namespace ? `/${d.namespace}` : ''}\n`;
  }
  for (const error of preview.errors) out += `  ${errorLine(preview, error)}\n`;
  for (const warning of preview.warnings) out += `  warning: ${warning}\n`;
  return out;
}

function errorLine(_result: ExpandResult, error: ExpandResult['errors'][number]): string {
  const label =
    error.kind === 'not-previewable'
      ? 'not previewable'
      : error.kind === 'validation'
        ? `invalid ${error.application}`
        : `${error.kind} error`;
  return `${label}: ${error.message}`;
}

async function readText(io: CliIo, path: string, what: string): Promise<string> {
  return readFile(resolve(io.cwd, path), 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`${path}: cannot read the ${what} (${error.code ?? error.message})`);
  });
}

async function readClusters(io: CliIo, path: string | undefined): Promise<ClusterSecret[]> {
  if (path === undefined) return [];
  const text = await readText(io, path, 'clusters file');
  try {
    return parseClusters(text, path);
  } catch (error) {
    throw new UsageError(`${path}: not YAML or JSON: ${firstLine(error)}`);
  }
}

async function readFixtures(io: CliIo, path: string | undefined): Promise<GeneratorFixtures> {
  if (path === undefined) return {};
  const [data] = parseDocuments(await readText(io, path, 'fixtures file'), path);
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new UsageError(`${path}: expected a map of generator kind to a list of parameter sets`);
  return data as GeneratorFixtures;
}

async function readEvent(io: CliIo, path: string | undefined): Promise<unknown> {
  if (path === undefined) return undefined;
  const text = await readText(io, path, 'pull request event');
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path}: not JSON: ${firstLine(error)}`);
  }
  const pull = (payload as { pull_request?: unknown } | null)?.pull_request;
  if (typeof pull !== 'object' || pull === null)
    throw new UsageError(`${path}: not a pull_request event payload (no pull_request object)`);
  return payload;
}

async function readApplicationSets(io: CliIo, path: string): Promise<ApplicationSetSpec[]> {
  const documents = parseDocuments(await readText(io, path, 'ApplicationSet file'), path);
  const appSets = documents.filter(
    (d): d is ApplicationSetSpec =>
      typeof d === 'object' && d !== null && (d as { kind?: unknown }).kind === 'ApplicationSet',
  );
  if (appSets.length === 0) throw new UsageError(`${path}: no ApplicationSet in the file`);
  return appSets.map((appSet) => ({
    ...appSet,
    metadata: { namespace: 'argocd', ...appSet.metadata },
  }));
}

function parseDocuments(text: string, path: string): unknown[] {
  try {
    return parseYamlDocuments(text);
  } catch (error) {
    throw new UsageError(`${path}: not YAML or JSON: ${firstLine(error)}`);
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
