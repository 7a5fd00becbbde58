import { ruleCatalog } from '@fleetops/core';
import { type CheckResult, checkLoaded, type LoadedFleet, loadFleet } from '@fleetops/fleet';
import { validateRules } from '@fleetops/validate';
import { applicationSetRules, renderApplicationSets } from './applicationsets.ts';
import { type ValidationOverrides, validationFindings } from './validation.ts';

/** Rules the other jobs bring to `check`, beside the fleet's own (`checkRules`). */
export const jobRules = ruleCatalog([...validateRules.values(), ...applicationSetRules.values()]);

/**
 * Every offline check of a fleet repository, from one load: loading problems, the fleet
 * model and its invariants, validation and cross-references, and the ApplicationSets as
 * the controller would expand them — whose Applications the invariants then see too.
 */
export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  return checkRepository(await loadFleet(options.root), options);
}

export interface CheckOptions {
  readonly root: string;
  /** Schema settings from the command line, over `.fleetops.yaml`'s `validation:`. */
  readonly validation?: ValidationOverrides;
}

export async function checkRepository(
  loaded: LoadedFleet,
  options: { readonly validation?: ValidationOverrides } = {},
): Promise<CheckResult> {
  const [applicationSets, validation] = await Promise.all([
    renderApplicationSets(loaded),
    validationFindings(loaded, options.validation),
  ]);
  return checkLoaded(loaded, {
    findings: [...validation, ...applicationSets.findings],
    rules: jobRules,
    generated: applicationSets.generated,
    stats: { generatedApplications: applicationSets.generated.length },
  });
}
