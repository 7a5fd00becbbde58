import {
  applySuppressions,
  type Finding,
  loadRules,
  type Report,
  type Resource,
  type RuleCatalog,
  ruleCatalog,
  sortFindings,
  suppressionRules,
  tool,
} from '@fleetops/core';
import type { LoadedFleet } from './load.ts';
import { invariantFindings, invariantRules } from './rules/index.ts';
import { modelRules } from './rules/model.ts';

export interface CheckResult extends LoadedFleet {
  findings: Finding[];
  rules: RuleCatalog;
  stats: Record<string, number>;
}

/** Every rule of the fleet's own checks, for reporters (SARIF rule metadata) and docs. */
export const checkRules: RuleCatalog = ruleCatalog([
  ...loadRules.values(),
  ...modelRules.values(),
  ...invariantRules.values(),
  ...suppressionRules.values(),
]);

/** What other jobs add to the fleet's own checks (packages/check gathers them). */
export interface CheckExtras {
  /** Their findings, reported and suppressed together with the fleet's. */
  findings?: readonly Finding[];
  /** Metadata of the rules behind those findings. */
  rules?: RuleCatalog;
  /**
   * Objects that reach clusters without being files of their own: the Applications
   * ApplicationSets generate. The fleet invariants see them as they see files, so an
   * ExternalDNS chart rendered for every cluster with one owner id is caught.
   */
  generated?: readonly Resource[];
  stats?: Readonly<Record<string, number>>;
}

/**
 * The fleet's checks over a loaded repository: what loading found, the model's own
 * consistency and the invariants across clusters, plus whatever other jobs add. Findings
 * accepted by a `fleetops.io/ignore` annotation stay in the result, marked suppressed.
 */
export function checkLoaded(loaded: LoadedFleet, extras: CheckExtras = {}): CheckResult {
  const { repository, fleet } = loaded;
  const seen = extras.generated?.length
    ? { ...repository, resources: [...repository.resources, ...extras.generated] }
    : repository;
  const rules = extras.rules
    ? ruleCatalog([...checkRules.values(), ...extras.rules.values()])
    : checkRules;
  const findings = [
    ...repository.findings,
    ...fleet.findings,
    ...invariantFindings(seen, fleet),
    ...(extras.findings ?? []),
  ];
  return {
    ...loaded,
    findings: sortFindings(applySuppressions(findings, repository, rules)),
    rules,
    stats: { ...repository.stats, clusters: fleet.clusters.length, ...extras.stats },
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
