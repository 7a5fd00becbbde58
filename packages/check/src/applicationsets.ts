import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  type Application,
  type ApplicationSetPreview,
  clusterInventory,
  gitRepository,
  previewApplicationSets,
} from '@fleetops/appset';
import {
  type Finding,
  type JsonPath,
  type Repository,
  type Resource,
  resourcesOfKind,
  ruleCatalog,
  splitApiVersion,
} from '@fleetops/core';
import type { LoadedFleet } from '@fleetops/fleet';

const run = promisify(execFile);

const appSetDocs = 'https://argo-cd.readthedocs.io/en/stable/operator-manual/applicationset/';

export const applicationSetRules = ruleCatalog([
  {
    id: 'appset/frozen',
    summary: 'An ApplicationSet fails to generate or render its Applications.',
    defaultSeverity: 'error',
    rationale:
      "On any generator or template error the controller changes none of the ApplicationSet's Applications: every later change to it is silently held back until the error is fixed.",
    helpUri: `${appSetDocs}Controlling-Resource-Modification/`,
  },
  {
    id: 'appset/invalid-application',
    summary: 'An ApplicationSet generates an Application the controller rejects.',
    defaultSeverity: 'error',
    rationale:
      'A nameless or duplicate Application, an unknown AppProject or destination: the controller skips that Application (every copy of a duplicate) and reports the ApplicationSet as erroring.',
    helpUri: appSetDocs,
  },
  {
    id: 'appset/generator-warning',
    summary: 'A generator is written in a way the controller ignores.',
    defaultSeverity: 'warning',
    rationale:
      'A misspelt generator key produces no parameters and so no Applications, without an error.',
    helpUri: `${appSetDocs}Generators/`,
  },
  {
    id: 'appset/not-previewable',
    summary: 'A generator needs something outside the repository to be evaluated.',
    defaultSeverity: 'note',
    rationale:
      'SCM provider, pull request, cluster decision resource and plugin generators, and git generators reading another repository, are evaluated only by a running controller; the Applications they generate are not checked.',
    helpUri: `${appSetDocs}Generators/`,
  },
]);

export interface RenderedApplicationSets {
  /** The generated Applications, located at their ApplicationSet's template. */
  generated: Resource[];
  findings: Finding[];
}

/**
 * Expands every ApplicationSet as the controller would, with the fleet's clusters as Argo CD
 * cluster secrets and git generators reading this checkout with git. Errors become findings
 * at the ApplicationSet; each generated Application becomes a resource whose positions are
 * those of the template it came from, so a finding about it points where the fix goes.
 */
export async function renderApplicationSets(loaded: LoadedFleet): Promise<RenderedApplicationSets> {
  const { repository, fleet, config } = loaded;
  const applicationSets = resourcesOfKind(repository.resources, 'ApplicationSet').filter(
    isApplicationSet,
  );
  if (applicationSets.length === 0) return { generated: [], findings: [] };
  const clusters = clusterInventory(repository, fleet);
  // Outside a git checkout the git generators cannot be read as Argo CD reads them.
  const repo = (await isGitWorkTree(repository.root))
    ? await gitRepository(repository.root, { urls: config.repository?.urls ?? [] })
    : undefined;
  let previews: ApplicationSetPreview[];
  try {
    previews = await previewApplicationSets(repository, {
      clusters,
      validateDestinations: clusters.length > 0,
      ...(repo ? { repo } : {}),
    });
  } finally {
    await repo?.close();
  }
  // previewApplicationSets expands the ApplicationSets in the repository's order.
  const rendered: RenderedApplicationSets = { generated: [], findings: [] };
  for (const [i, preview] of previews.entries()) {
    const applicationSet = applicationSets[i]!;
    rendered.findings.push(...distinct(previewFindings(repository, applicationSet, preview)));
    rendered.generated.push(
      ...preview.applications.map((app) => generatedResource(app, applicationSet)),
    );
  }
  return rendered;
}

async function isGitWorkTree(root: string): Promise<boolean> {
  try {
    const { stdout } = await run('git', ['-C', root, 'rev-parse', '--is-inside-work-tree']);
    return stdout.trim() === 'true';
  } catch {
    return false;
  }
}

/** One finding per distinct problem: a template error repeats for every parameter set. */
function distinct(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.ruleId}\0${finding.location.line}\0${finding.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function isApplicationSet(resource: Resource): boolean {
  return resource.group === 'argoproj.io' && resource.kind === 'ApplicationSet';
}

function previewFindings(
  repository: Repository,
  applicationSet: Resource,
  preview: ApplicationSetPreview,
): Finding[] {
  const name = `ApplicationSet ${preview.namespace}/${preview.name}`;
  const at = (generator?: number): JsonPath =>
    generator === undefined ? [] : ['spec', 'generators', generator];
  const findings: Finding[] = preview.errors.map((error) => {
    const location = repository.locate(applicationSet, at(error.generator));
    switch (error.kind) {
      case 'generation':
      case 'render':
        return {
          ruleId: 'appset/frozen',
          severity: 'error',
          message: `${name} is frozen — the controller changes none of its Applications: ${error.message}`,
          location,
        };
      case 'validation':
        return {
          ruleId: 'appset/invalid-application',
          severity: 'error',
          message: `${name}: ${error.message}`,
          location: repository.locate(applicationSet, ['spec', 'template']),
        };
      default:
        return {
          ruleId: 'appset/not-previewable',
          severity: 'note',
          message: `${name}: ${error.message}`,
          location,
        };
    }
  });
  for (const warning of preview.warnings) {
    findings.push({
      ruleId: 'appset/generator-warning',
      severity: 'warning',
      message: `${name}: ${warning}`,
      location: repository.locate(applicationSet, ['spec', 'generators']),
    });
  }
  return findings;
}

function generatedResource(app: Application, applicationSet: Resource): Resource {
  const resource: Resource = {
    apiVersion: app.apiVersion,
    ...splitApiVersion(app.apiVersion),
    kind: 'Application',
    name: app.metadata.name,
    object: app as unknown as Resource['object'],
    file: applicationSet.file,
    documentIndex: applicationSet.documentIndex,
    path: [...applicationSet.path, 'spec', 'template'],
  };
  if (app.metadata.namespace) resource.namespace = app.metadata.namespace;
  return resource;
}
