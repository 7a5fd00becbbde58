import { mkdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  ConfigError,
  configFileName,
  type Finding,
  type FleetConfig,
  kindCounts,
  type Location,
  type Repository,
} from '@fleetops/core';
import type { LoadedFleet } from '@fleetops/fleet';
import { CrdError, OpenApiError, SchemaRegistry } from '@fleetops/schemas';
import { addCrdFiles, referenceFindings, validateResources } from '@fleetops/validate';

/** Validation settings given on the command line, each over its `.fleetops.yaml` setting. */
export type ValidationOverrides = Partial<NonNullable<FleetConfig['validation']>>;

/**
 * A `crds` or `openapi` source given as an override (the command line's) that cannot be
 * read or converted; the CLI names its flag. The same problem in `.fleetops.yaml` is a
 * ConfigError.
 */
export class SchemaSourceError extends Error {
  override name = 'SchemaSourceError';
  constructor(
    readonly setting: 'crds' | 'openapi',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The validate job inside `check`. The cross-references that schemas cannot see (a
 * Cluster's infrastructureRef, an Application's project and destination) are always
 * checked; schemas only when a schema source is named (schema locations, CRD files or
 * folders, an OpenAPI v2 document), because fetching them needs the network or a cache
 * that a first run on a laptop does not have. Without one the run says so in a
 * `validate/schemas-off` note rather than passing silently. `overrides` (the command
 * line's) replace the settings of `.fleetops.yaml` they name. Relative `crds`, `openapi`
 * and cache paths are under the repository root, absolute ones are used as they are; the
 * cache directory is created when missing: a first run, a fresh clone or CI has none yet.
 * (`fleetops validate -cache` requires an existing folder, as kubeconform does.) CRDs serve
 * their kinds before the OpenAPI document and both before any location.
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
  const crds = settings.crds ?? [];
  if (!settings.schemaLocations?.length && crds.length === 0 && !settings.openapi) {
    const findings = referenceFindings(repository.resources, repository.locate, references);
    // With no resource at all, nothing went unvalidated: there is nothing to say.
    if (references.disabled.has(schemasOffRule) || repository.resources.length === 0)
      return findings;
    return [...findings, schemasOff(repository, config.source)];
  }
  const cacheDirectory = settings.cacheDirectory
    ? await createdFolder(resolve(repository.root, settings.cacheDirectory))
    : undefined;
  const registry = new SchemaRegistry({
    locations: settings.schemaLocations ?? [],
    ...(settings.kubernetesVersion ? { kubernetesVersion: settings.kubernetesVersion } : {}),
    strict: settings.strict ?? false,
    offline: settings.offline ?? false,
    ...(cacheDirectory ? { cacheDirectory } : {}),
  });
  const origin = (key: keyof ValidationOverrides) =>
    defined(overrides)[key] === undefined ? (config.source ?? configFileName) : undefined;
  if (settings.openapi)
    await addOpenApi(registry, repository.root, settings.openapi, origin('openapi'));
  // Added after the OpenAPI document: a CRD takes precedence for its kinds.
  if (crds.length > 0) await addCrds(registry, crds, repository.root, origin('crds'));
  return validateResources(repository, registry, {
    ...references,
    requireSchemas: settings.requireSchemas ?? false,
    cwd: repository.root,
  });
}

export const schemasOffRule = 'validate/schemas-off';

/**
 * The note that schemas were not checked at all: how many resources (at least one) of which
 * kinds went through the references only, and how to turn schemas on. At `.fleetops.yaml` when there is
 * one, else at the repository root.
 */
function schemasOff(repository: Repository, source: string | undefined): Finding {
  const kinds = kindCounts(repository.resources);
  const named = [...kinds.entries()]
    .sort(([, a], [, b]) => b - a)
    .map(([kind]) => kind)
    .slice(0, 5);
  const count = repository.resources.length;
  const checked = `${count} resource${count === 1 ? '' : 's'} of ${kinds.size} kind${kinds.size === 1 ? '' : 's'} (${named.join(', ')}${kinds.size > named.length ? ', …' : ''}) ${count === 1 ? 'was' : 'were'} checked for references only`;
  const location: Location = { file: source ?? '.' };
  return {
    ruleId: schemasOffRule,
    severity: 'note',
    message: `schema validation is off: no schema source is configured; ${checked}. Set validation.schemaLocations in ${configFileName} or pass --schema-location default (and --crd/--openapi for offline use)`,
    location,
    data: { resources: count, kinds: Object.fromEntries(kinds) },
  };
}

/** Reads CRD files and folders into the registry; `config` names the file they came from. */
async function addCrds(
  registry: SchemaRegistry,
  paths: readonly string[],
  root: string,
  config: string | undefined,
): Promise<void> {
  try {
    await addCrdFiles(registry, paths, { cwd: root });
  } catch (error) {
    if (!(error instanceof CrdError)) throw error;
    if (config) throw new ConfigError(`validation.crds: ${error.message}`, { file: config });
    throw new SchemaSourceError('crds', error.message);
  }
}

/** Serves the kinds of a saved /openapi/v2 document (JSON); `config` as for addCrds. */
async function addOpenApi(
  registry: SchemaRegistry,
  root: string,
  file: string,
  config: string | undefined,
): Promise<void> {
  const path = resolve(root, file);
  try {
    registry.addOpenApi(JSON.parse(await readFile(path, 'utf8')), path);
  } catch (error) {
    if (!(error instanceof OpenApiError || error instanceof SyntaxError || isFsError(error)))
      throw error;
    const message = (error as Error).message;
    if (config) throw new ConfigError(`validation.openapi ${file}: ${message}`, { file: config });
    throw new SchemaSourceError('openapi', message);
  }
}

const isFsError = (error: unknown): boolean =>
  error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';

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
