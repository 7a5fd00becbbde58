import {
  applySuppressions,
  type Finding,
  loadRules,
  type Report,
  type RuleCatalog,
  ruleCatalog,
  sortFindings,
  suppressionRules,
  tool,
} from '@fleetops/core';
import { type LoadedFleet, loadFleet } from './load.ts';
import { invariantFindings, invariantRules } from './rules/index.ts';
import { modelRules } from './rules/model.ts';

export interface CheckResult extends LoadedFleet {
  findings: Finding[];
  rules: RuleCatalog;
  stats: Record<string, number>;
}

/** Every rule `check` can report, for reporters (SARIF rule metadata) and docs. */
export const checkRules: RuleCatalog = ruleCatalog([
  ...loadRules.values(),
  ...modelRules.values(),
  ...invariantRules.values(),
  ...suppressionRules.values(),
]);

/**
 * The offline checks of a fleet repository: what loading found plus the fleet model's
 * own consistency. Later jobs add their rules here, so `fleetops check` stays the one
 * command that says whether a repository is sound. Findings accepted by a
 * `fleetops.io/ignore` annotation stay in the result, marked as suppressed.
 */
export async function runCheck(options: { root: string }): Promise<CheckResult> {
  const loaded = await loadFleet(options.root);
  return checkLoaded(loaded);
}

export function checkLoaded(loaded: LoadedFleet): CheckResult {
  const { repository, fleet } = loaded;
  return {
    ...loaded,
    findings: sortFindings(
      applySuppressions(
        [...repository.findings, ...fleet.findings, ...invariantFindings(repository, fleet)],
        repository,
        checkRules,
      ),
    ),
    rules: checkRules,
    stats: { ...repository.stats, clusters: fleet.clusters.length },
  };
}

/** The check's result as reporters take it. */
export function checkReport(result: CheckResult): Report {
  return {
    tool,
    findings: result.findings,
    rules: result.rules,
    stats: result.stats,
    root: result.repository.root,
    subjects: [...result.repository.files.keys()],
  };
}
