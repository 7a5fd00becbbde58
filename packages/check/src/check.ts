import { ruleCatalog } from '@fleetops/core';
import { type CheckResult, checkLoaded, type LoadedFleet, loadFleet } from '@fleetops/fleet';
import { validateRules } from '@fleetops/validate';
import { applicationSetRules, renderApplicationSets } from './applicationsets.ts';
import { validationFindings } from './validation.ts';

/** Rules the other jobs bring to `check`, beside the fleet's own (`checkRules`). */
export const jobRules = ruleCatalog([...validateRules.values(), ...applicationSetRules.values()]);

/**
 * Every offline check of a fleet repository, from one load: loading problems, the fleet
 * model and its invariants, validation and cross-references, and the ApplicationSets as
 * the controller would expand them — whose Applications the invariants then see too.
 */
export async function runCheck(options: { root: string }): Promise<CheckResult> {
  return checkRepository(await loadFleet(options.root));
}

export async function checkRepository(loaded: LoadedFleet): Promise<CheckResult> {
  const [applicationSets, validation] = await Promise.all([
    renderApplicationSets(loaded),
    validationFindings(loaded),
  ]);
  return checkLoaded(loaded, {
    findings: [...validation, ...applicationSets.findings],
    rules: jobRules,
    generated: applicationSets.generated,
    stats: { generatedApplications: applicationSets.generated.length },
  });
}
