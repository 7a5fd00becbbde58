import path from 'node:path';
import type { ValidationOverrides } from '@fleetops/check';
import type { LoadedFleet } from '@fleetops/fleet';
import { planSchemaCache, type SchemaCachePlan } from '@fleetops/schema-cache';

/**
 * The schema folder of `.fleetops.yaml`'s `validation:` to keep in the Actions cache, with
 * the override that points the check at it; nothing when the cache is off or the check
 * fetches no schema (it validates against schemas only when `schemaLocations` are named).
 * The folder is `cacheDirectory` (under the repository root), else one under RUNNER_TEMP.
 */
export function schemaCacheFor(
  loaded: LoadedFleet,
  enabled: boolean,
  env: NodeJS.ProcessEnv = process.env,
): { plan?: SchemaCachePlan; validation?: ValidationOverrides } {
  const settings = loaded.config.validation ?? {};
  if (!settings.schemaLocations?.length) return {};
  const plan = planSchemaCache(
    {
      enabled,
      locations: settings.schemaLocations,
      kubernetesVersion: settings.kubernetesVersion,
      strict: settings.strict,
      offline: settings.offline,
      directory:
        settings.cacheDirectory && path.resolve(loaded.repository.root, settings.cacheDirectory),
    },
    env,
  );
  return plan ? { plan, validation: { cacheDirectory: plan.directory } } : {};
}
