import {
  describeResource,
  type Finding,
  type Repository,
  type Resource,
  relatedLocation,
} from '@fleetops/core';
import { CrdError, isCustomResourceDefinition, type SchemaRegistry } from '@fleetops/schemas';
import type { KindFilter } from './filters.ts';
import { resultFindings } from './findings.ts';
import { type ReferenceOptions, referenceFindings } from './references.ts';
import { ResourceValidator } from './validator.ts';

export interface ValidateResourcesOptions extends ReferenceOptions {
  readonly skip?: KindFilter;
  readonly reject?: KindFilter;
  /**
   * A resource whose schema cannot be had (offline, unreachable, unknown kind) is an error.
   * Otherwise one warning per kind names the resources that were not validated.
   */
  readonly requireSchemas?: boolean;
  /** Leave out the cross-reference rules. */
  readonly references?: boolean;
  /** Resolves relative schema paths in messages. */
  readonly cwd?: string;
}

/**
 * Validates every resource of a loaded repository against its schema, then checks the
 * cross-references: the job `fleetops check` runs. CustomResourceDefinitions in the
 * repository serve their kinds first. Files that are not Kubernetes resources were already
 * set aside by the loader, so nothing here fails for a Helm values file.
 */
export async function validateResources(
  repository: Repository,
  registry: SchemaRegistry,
  options: ValidateResourcesOptions = {},
): Promise<Finding[]> {
  for (const resource of repository.resources) {
    if (!isCustomResourceDefinition(resource.object)) continue;
    try {
      registry.addCrd(resource.object, resource.file);
    } catch (error) {
      if (!(error instanceof CrdError)) throw error;
    }
  }
  const validator = new ResourceValidator({
    registry,
    ...(options.skip ? { skip: options.skip } : {}),
    ...(options.reject ? { reject: options.reject } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  await Promise.all(repository.resources.map((resource) => validator.prefetch(resource.object)));
  const findings: Finding[] = [];
  const unvalidated = new Map<string, { resources: Resource[]; why: string }>();
  for (const resource of repository.resources) {
    const verdict = await validator.validate(resource.object);
    const missing = verdict.reason === 'schema-not-found' || verdict.reason === 'schema-error';
    if (missing && !options.requireSchemas) {
      const key = `${resource.apiVersion} ${resource.kind}`;
      const entry = unvalidated.get(key) ?? { resources: [], why: verdict.error ?? '' };
      entry.resources.push(resource);
      unvalidated.set(key, entry);
      continue;
    }
    findings.push(
      ...resultFindings({
        ...verdict,
        file: resource.file,
        locate: (path = [], locateOptions) => repository.locate(resource, path, locateOptions),
      }),
    );
  }
  for (const [type, { resources, why }] of unvalidated) {
    const [first, ...rest] = resources;
    findings.push({
      ruleId: 'validate/not-validated',
      severity: 'warning',
      message: `${resources.length} ${type} resource${resources.length > 1 ? 's were' : ' was'} not validated (${why}): ${resources
        .slice(0, 5)
        .map(describeResource)
        .join(', ')}${resources.length > 5 ? ', …' : ''}`,
      location: repository.locate(first!),
      related: rest
        .slice(0, 20)
        .map((resource) =>
          relatedLocation(repository.locate(resource), describeResource(resource)),
        ),
      data: { apiVersion: first!.apiVersion, kind: first!.kind, count: resources.length },
    });
  }
  if (options.references !== false)
    findings.push(
      ...referenceFindings(
        repository.resources,
        (resource, path, o) => repository.locate(resource, path, o),
        options,
      ),
    );
  return findings;
}
