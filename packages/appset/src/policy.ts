/**
 * What of a generated change the ApplicationSet controller applies: its sync policy
 * (`applicationsSync`, or the controller's `--policy`), `ignoreApplicationDifferences`
 * and `preservedFields`.
 */
import type { ApplicationSetSpec } from './application.ts';
import { escapePointer, jqPathToPointer } from './field-diff.ts';
import { isPlainObject } from './params.ts';
import type { Application } from './types.ts';

export const syncPolicies = ['create-only', 'create-update', 'create-delete', 'sync'] as const;
export type ApplicationsSync = (typeof syncPolicies)[number];

/** How the controller is started (`--policy`, `--enable-policy-override`). */
export interface ControllerSettings {
  /** `--policy`; unset, the controller syncs (creates, updates and deletes). */
  policy?: ApplicationsSync;
  /**
   * `--enable-policy-override`: whether an ApplicationSet's own `applicationsSync` counts.
   * Argo CD defaults it to true exactly when `--policy` is not set.
   */
  policyOverride?: boolean;
}

export interface SyncPolicy {
  applicationsSync: ApplicationsSync;
  /** Where the policy comes from. */
  from: 'applicationSet' | 'controller' | 'default';
  allowUpdate: boolean;
  allowDelete: boolean;
  /** `syncPolicy.preserveResourcesOnDeletion`: Applications are generated without the resources finalizer. */
  preserveResourcesOnDeletion: boolean;
  /** Number of `ignoreApplicationDifferences` entries. */
  ignoreApplicationDifferences: number;
}

/**
 * The policy the controller applies to this ApplicationSet. As in Argo CD's reconciler,
 * the ApplicationSet's `applicationsSync` counts only when policy override is enabled.
 */
export function effectivePolicy(
  spec: ApplicationSetSpec,
  controller: ControllerSettings = {},
): SyncPolicy {
  const syncPolicy = isPlainObject(spec.spec?.syncPolicy) ? spec.spec.syncPolicy : {};
  const own = syncPolicies.find((policy) => policy === syncPolicy.applicationsSync);
  const override = controller.policyOverride ?? controller.policy === undefined;
  const [applicationsSync, from]: [ApplicationsSync, SyncPolicy['from']] =
    override && own
      ? [own, 'applicationSet']
      : controller.policy
        ? [controller.policy, 'controller']
        : ['sync', 'default'];
  const ignore = spec.spec?.ignoreApplicationDifferences;
  return {
    applicationsSync,
    from,
    allowUpdate: applicationsSync === 'sync' || applicationsSync === 'create-update',
    allowDelete: applicationsSync === 'sync' || applicationsSync === 'create-delete',
    preserveResourcesOnDeletion: syncPolicy.preserveResourcesOnDeletion === true,
    ignoreApplicationDifferences: Array.isArray(ignore) ? ignore.length : 0,
  };
}

export interface IgnoreRules {
  /** The pointers the controller leaves alone on an existing Application. */
  pointersFor(app: Application): { pointers: string[]; preserved: string[] };
  /** What the preview could not evaluate. */
  notes: string[];
}

/**
 * `spec.ignoreApplicationDifferences` (JSON pointers and the plain jq paths; a rule with a
 * `name` applies to that Application only) and `spec.preservedFields` (annotation and label
 * keys kept from the live Application).
 */
export function ignoreRules(spec: ApplicationSetSpec): IgnoreRules {
  const notes: string[] = [];
  const general: string[] = [];
  const byName = new Map<string, string[]>();
  const entries = Array.isArray(spec.spec?.ignoreApplicationDifferences)
    ? spec.spec.ignoreApplicationDifferences
    : [];
  for (const entry of entries) {
    if (!isPlainObject(entry)) continue;
    const pointers = Array.isArray(entry.jsonPointers)
      ? entry.jsonPointers.filter((p): p is string => typeof p === 'string')
      : [];
    const jq = Array.isArray(entry.jqPathExpressions) ? entry.jqPathExpressions : [];
    for (const expression of jq) {
      const pointer = jqPathToPointer(String(expression));
      if (pointer === undefined)
        notes.push(
          `ignoreApplicationDifferences: jq expression ${String(expression)} is not evaluated offline; changes it would ignore are shown as applied`,
        );
      else pointers.push(pointer);
    }
    const name = typeof entry.name === 'string' && entry.name !== '' ? entry.name : undefined;
    if (name === undefined) general.push(...pointers);
    else byName.set(name, [...(byName.get(name) ?? []), ...pointers]);
  }
  const preservedFields = isPlainObject(spec.spec?.preservedFields)
    ? spec.spec.preservedFields
    : {};
  const preserved: string[] = [];
  for (const kind of ['annotations', 'labels'] as const) {
    const keys = preservedFields[kind];
    if (Array.isArray(keys))
      for (const key of keys) preserved.push(`/metadata/${kind}/${escapePointer(String(key))}`);
  }
  return {
    pointersFor: (app) => ({
      pointers: [...general, ...(byName.get(app.metadata.name) ?? [])],
      preserved,
    }),
    notes,
  };
}
