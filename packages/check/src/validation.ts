import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Finding, FleetConfig } from '@fleetops/core';
import type { LoadedFleet } from '@fleetops/fleet';
import { SchemaRegistry } from '@fleetops/schemas';
import { referenceFindings, validateResources } from '@fleetops/validate';

/** Validation settings given on the command line, each over its `.fleetops.yaml` setting. */
export type ValidationOverrides = Partial<NonNullable<FleetConfig['validation']>>;

/**
 * The validate job inside `check`. The cross-references that schemas cannot see (a
 * Cluster's infrastructureRef, an Application's project and destination) are always
 * checked; schemas only when `.fleetops.yaml` names where they come from, because fetching
 * them needs the network or a cache that a first run on a laptop does not have. `overrides`
 * (the command line's) replace the settings of `.fleetops.yaml` they name; a relative cache
 * directory is under the repository root, an absolute one is used as it is, and it is
 * created when missing: a first run, a fresh clone or CI has none yet. (`fleetops validate
 * -cache` requires an existing folder, as kubeconform does.)
 */
export async function validationFindings(
  loaded: LoadedFleet,
  overrides: ValidationOverrides = {},
): Promise<Finding[]> {
  const { repository, fleet, config } = loaded;
  const settings = { ...config.validation, ...defined(overrides) };
  const clusters = fleet.clusters.map((cluster) => ({
    name: cluster.name,
    ...(cluster.server ? { server: cluster.server.value } : {}),
  }));
  const references = { clusters, disabled: new Set(settings.disabledRules ?? []) };
  if (!settings.schemaLocations?.length) {
    return referenceFindings(repository.resources, repository.locate, references);
  }
  const cacheDirectory = settings.cacheDirectory
    ? await createdFolder(resolve(repository.root, settings.cacheDirectory))
    : undefined;
  const registry = new SchemaRegistry({
    locations: settings.schemaLocations,
    ...(settings.kubernetesVersion ? { kubernetesVersion: settings.kubernetesVersion } : {}),
    strict: settings.strict ?? false,
    offline: settings.offline ?? false,
    ...(cacheDirectory ? { cacheDirectory } : {}),
  });
  return validateResources(repository, registry, {
    ...references,
    requireSchemas: settings.requireSchemas ?? false,
    cwd: repository.root,
  });
}

/**
 * Creates the cache folder and its parents when missing. A file in the way is left to the
 * registry, which says the cache folder is not a directory.
 */
async function createdFolder(directory: string): Promise<string> {
  try {
    await mkdir(directory, { recursive: true });
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code !== 'EEXIST') throw new Error(`failed creating cache folder ${directory}: ${message}`);
  }
  return directory;
}

/** The overrides actually given: an `undefined` leaves the file's setting in place. */
function defined(overrides: ValidationOverrides): ValidationOverrides {
  return Object.fromEntries(
    Object.entries(overrides).filter(([, value]) => value !== undefined),
  ) as ValidationOverrides;
}
