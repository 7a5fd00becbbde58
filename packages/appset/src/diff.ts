/**
 * Base vs head: what every ApplicationSet generates at two revisions, compared, and what of
 * it the controller would actually apply to the cluster.
 */
import { resourcesFinalizer } from './application.ts';
import { ClusterIndex, type Placement } from './destination.ts';
import type { ExpandError } from './expand.ts';
import { type FieldChange, fieldChanges, jsonEqual, underPointer } from './field-diff.ts';
import {
  type ControllerSettings,
  effectivePolicy,
  ignoreRules,
  type SyncPolicy,
} from './policy.ts';
import type { RevisionPreview } from './revision.ts';
import { type Risk, risksOf } from './risk.ts';
import { nondeterministicFunctions } from './template-scan.ts';
import type { Application } from './types.ts';

export interface ApplicationRef {
  name: string;
  /** The Application's own namespace (the ApplicationSet's). */
  namespace: string;
  /** Destination cluster (its name when known) and namespace. */
  cluster: string;
  destinationNamespace: string;
  project?: string;
}

export interface AddedApplication extends ApplicationRef {
  /** Every policy lets the controller create. */
  effect: 'created';
}

export interface RemovedApplication extends ApplicationRef {
  /** `deleted`: the controller deletes it; `kept`: the policy forbids deletion. */
  effect: 'deleted' | 'kept';
  /**
   * Its resources finalizer makes Argo CD delete every resource it deployed. False when the
   * Application has no such finalizer, or its destination is gone (the controller then
   * removes the finalizer).
   */
  deletesResources: boolean;
}

export interface ChangedField extends FieldChange {
  /** Why the controller leaves this field as it is on the live Application. */
  ignoredBy?: 'ignoreApplicationDifferences' | 'preservedFields';
}

export interface ChangedApplication extends ApplicationRef {
  /**
   * `updated`: applied; `ignored`: every changed field is ignored; `kept`: the policy
   * forbids updates.
   */
  effect: 'updated' | 'ignored' | 'kept';
  fields: ChangedField[];
  /** Set when the destination cluster or namespace changes (and the change is applied). */
  movedFrom?: { cluster: string; destinationNamespace: string };
}

export type SideStatus = 'ok' | 'frozen' | 'incomplete' | 'absent';

export interface ApplicationSetDiff {
  name: string;
  namespace: string;
  file: string;
  line?: number;
  base: { status: SideStatus; applications: number };
  head: {
    status: SideStatus;
    applications: number;
    errors: ExpandError[];
    warnings: string[];
    condition?: string;
  };
  policy: SyncPolicy;
  /** Generated Applications compared; empty when head is frozen (nothing would change). */
  added: AddedApplication[];
  removed: RemovedApplication[];
  changed: ChangedApplication[];
  unchanged: number;
  /** Clusters and stages where something is applied (created, updated or deleted). */
  clusters: string[];
  stages: string[];
  /** Sprig functions in goTemplate templates whose value changes on every reconcile. */
  nondeterministic: string[];
  /** Notes on what the preview could not evaluate (jq expressions, frozen base). */
  notes: string[];
}

export interface ClusterDiff {
  cluster: string;
  stage?: string;
  gains: Array<{ applicationSet: string; application: string }>;
  loses: Array<{ applicationSet: string; application: string; deletesResources: boolean }>;
  changes: Array<{ applicationSet: string; application: string }>;
}

export interface DiffTotals {
  applicationSets: number;
  /** ApplicationSets with any difference, error or note. */
  changedApplicationSets: number;
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
  /** Generation, render and validation errors at head. */
  errors: number;
  frozen: number;
}

export interface AppSetDiffReport {
  base: { revision: string };
  head: { revision: string };
  totals: DiffTotals;
  /** What a reviewer must see first, most severe first. */
  risks: Risk[];
  /** Production stage (the last configured one), when stages are configured. */
  productionStage?: string;
  applicationSets: ApplicationSetDiff[];
  clusters: ClusterDiff[];
}

export interface DiffOptions {
  controller?: ControllerSettings;
}

type Side = RevisionPreview['applicationSets'][number];

/** Compares two expanded revisions. Pure: both are loaded already. */
export function diffRevisions(
  base: RevisionPreview,
  head: RevisionPreview,
  options: DiffOptions = {},
): AppSetDiffReport {
  const context: Context = {
    baseIndex: new ClusterIndex(base.clusters),
    headIndex: new ClusterIndex(head.clusters),
    stageOf: (cluster) => head.stages.get(cluster) ?? base.stages.get(cluster),
    controller: options.controller ?? {},
    clusters: new Map(),
  };
  const keyOf = (side: Side) => `${side.preview.namespace}/${side.preview.name}`;
  const bases = new Map(base.applicationSets.map((side) => [keyOf(side), side]));
  const heads = new Map(head.applicationSets.map((side) => [keyOf(side), side]));
  const keys = [...new Set([...bases.keys(), ...heads.keys()])].sort(compare);
  const applicationSets = keys.map((key) =>
    diffApplicationSet(bases.get(key), heads.get(key), context),
  );
  const clusters = [...context.clusters.values()].sort((a, b) => compare(a.cluster, b.cluster));
  for (const cluster of clusters) {
    cluster.gains.sort(byApplication);
    cluster.loses.sort(byApplication);
    cluster.changes.sort(byApplication);
  }
  const productionStage = head.stageOrder.at(-1);
  const report: AppSetDiffReport = {
    base: { revision: base.revision ?? 'working tree' },
    head: { revision: head.revision ?? 'working tree' },
    totals: totalsOf(applicationSets),
    risks: [],
    ...(productionStage === undefined ? {} : { productionStage }),
    applicationSets,
    clusters,
  };
  report.risks = risksOf(report);
  return report;
}

interface Context {
  baseIndex: ClusterIndex;
  headIndex: ClusterIndex;
  stageOf(cluster: string): string | undefined;
  controller: ControllerSettings;
  clusters: Map<string, ClusterDiff>;
}

function diffApplicationSet(
  base: Side | undefined,
  head: Side | undefined,
  context: Context,
): ApplicationSetDiff {
  const current = (head ?? base)!;
  const { preview } = current;
  const diff: ApplicationSetDiff = {
    name: preview.name,
    namespace: preview.namespace,
    file: preview.file,
    ...(preview.line === undefined ? {} : { line: preview.line }),
    base: sideSummary(base),
    head: { ...sideSummary(head), errors: head?.preview.errors ?? [], warnings: [] },
    policy: effectivePolicy(current.spec, context.controller),
    added: [],
    removed: [],
    changed: [],
    unchanged: 0,
    clusters: [],
    stages: [],
    nondeterministic: head ? nondeterministicFunctions(head.spec) : [],
    notes: [],
  };
  if (head) {
    diff.head.warnings = head.preview.warnings;
    if (head.preview.condition !== undefined) diff.head.condition = head.preview.condition;
  }
  const touched = new Set<string>();
  const label = `${preview.namespace}/${preview.name}`;
  const cluster = (name: string) => {
    touched.add(name);
    let entry = context.clusters.get(name);
    if (!entry) {
      const stage = context.stageOf(name);
      entry = { cluster: name, ...(stage ? { stage } : {}), gains: [], loses: [], changes: [] };
      context.clusters.set(name, entry);
    }
    return entry;
  };

  if (head?.preview.status === 'frozen') {
    // The controller changes none of the Applications: whatever the base made stays.
    diff.unchanged = base?.preview.applications.length ?? 0;
  } else if (!head) {
    // Deleting an ApplicationSet deletes its Applications through their owner references,
    // whatever its policy says.
    diff.notes.push(
      'the ApplicationSet is gone at head: once it is deleted from the cluster, Kubernetes deletes its Applications (owner references), whatever applicationsSync says',
    );
    for (const app of base!.preview.applications) {
      const entry = removedEntry(app, context, 'deleted');
      diff.removed.push(entry);
      cluster(entry.cluster).loses.push({
        applicationSet: label,
        application: entry.name,
        deletesResources: entry.deletesResources,
      });
    }
  } else {
    const before =
      base && base.preview.status !== 'frozen' ? base.preview.applications : ([] as Application[]);
    if (base?.preview.status === 'frozen')
      diff.notes.push(
        'the ApplicationSet is frozen at base: the cluster holds whatever it generated before the error, so every Application is listed as added',
      );
    const rules = ignoreRules(head.spec);
    diff.notes.push(...rules.notes);
    const beforeByName = new Map(before.map((app) => [app.metadata.name, app]));
    for (const app of head.preview.applications) {
      const old = beforeByName.get(app.metadata.name);
      if (!old) {
        const entry: AddedApplication = { ...refOf(app, context.headIndex), effect: 'created' };
        diff.added.push(entry);
        cluster(entry.cluster).gains.push({ applicationSet: label, application: entry.name });
        continue;
      }
      beforeByName.delete(app.metadata.name);
      if (jsonEqual(old, app)) {
        diff.unchanged++;
        continue;
      }
      const entry = changedEntry(old, app, context, diff.policy, rules.pointersFor(app));
      diff.changed.push(entry);
      if (entry.effect !== 'updated') continue;
      if (entry.movedFrom) {
        cluster(entry.movedFrom.cluster).loses.push({
          applicationSet: label,
          application: entry.name,
          deletesResources: false,
        });
        cluster(entry.cluster).gains.push({ applicationSet: label, application: entry.name });
      } else {
        cluster(entry.cluster).changes.push({ applicationSet: label, application: entry.name });
      }
    }
    const canDelete = diff.policy.allowDelete;
    for (const app of beforeByName.values()) {
      const entry = removedEntry(app, context, canDelete ? 'deleted' : 'kept');
      diff.removed.push(entry);
      if (entry.effect === 'deleted')
        cluster(entry.cluster).loses.push({
          applicationSet: label,
          application: entry.name,
          deletesResources: entry.deletesResources,
        });
    }
  }
  diff.added.sort(byName);
  diff.removed.sort(byName);
  diff.changed.sort(byName);
  diff.clusters = [...touched].sort(compare);
  diff.stages = [
    ...new Set(diff.clusters.map(context.stageOf).filter((s) => s !== undefined)),
  ].sort(compare);
  return diff;
}

function sideSummary(side: Side | undefined): { status: SideStatus; applications: number } {
  if (!side) return { status: 'absent', applications: 0 };
  return { status: side.preview.status, applications: side.preview.applications.length };
}

function refOf(app: Application, index: ClusterIndex): ApplicationRef {
  const placement = index.placement(app);
  const project = app.spec.project;
  return {
    name: app.metadata.name,
    namespace: app.metadata.namespace ?? '',
    cluster: placement.cluster,
    destinationNamespace: placement.namespace,
    ...(typeof project === 'string' ? { project } : {}),
  };
}

function removedEntry(
  app: Application,
  context: Context,
  effect: RemovedApplication['effect'],
): RemovedApplication {
  const ref = refOf(app, context.baseIndex);
  // On deletion the controller drops the finalizer of an Application whose destination
  // no longer resolves, so nothing is deleted there (the cluster is gone anyway).
  const stillThere: Placement = context.headIndex.placement(app);
  const finalizer = (app.metadata.finalizers ?? []).some(
    (f) => f === resourcesFinalizer || f.startsWith(`${resourcesFinalizer}/`),
  );
  return {
    ...ref,
    effect,
    deletesResources: effect === 'deleted' && finalizer && stillThere.known,
  };
}

function changedEntry(
  old: Application,
  app: Application,
  context: Context,
  policy: SyncPolicy,
  ignored: { pointers: readonly string[]; preserved: readonly string[] },
): ChangedApplication {
  const fields: ChangedField[] = fieldChanges(old, app).map((change) => {
    if (underPointer(change.path, ignored.pointers))
      return { ...change, ignoredBy: 'ignoreApplicationDifferences' };
    if (underPointer(change.path, ignored.preserved))
      return { ...change, ignoredBy: 'preservedFields' };
    return change;
  });
  const applied = fields.some((field) => field.ignoredBy === undefined);
  const effect = !policy.allowUpdate ? 'kept' : applied ? 'updated' : 'ignored';
  const entry: ChangedApplication = { ...refOf(app, context.headIndex), effect, fields };
  if (effect === 'updated') {
    const from = context.baseIndex.placement(old);
    const destinationApplied = fields.some(
      (field) => field.category === 'destination' && field.ignoredBy === undefined,
    );
    if (
      destinationApplied &&
      (from.cluster !== entry.cluster || from.namespace !== entry.destinationNamespace)
    )
      entry.movedFrom = { cluster: from.cluster, destinationNamespace: from.namespace };
  }
  return entry;
}

function totalsOf(diffs: readonly ApplicationSetDiff[]): DiffTotals {
  const totals: DiffTotals = {
    applicationSets: diffs.length,
    changedApplicationSets: 0,
    added: 0,
    removed: 0,
    changed: 0,
    unchanged: 0,
    errors: 0,
    frozen: 0,
  };
  for (const diff of diffs) {
    totals.added += diff.added.length;
    totals.removed += diff.removed.length;
    totals.changed += diff.changed.length;
    totals.unchanged += diff.unchanged;
    totals.errors += diff.head.errors.filter((e) => e.kind !== 'not-previewable').length;
    if (diff.head.status === 'frozen') totals.frozen++;
    if (hasDifference(diff)) totals.changedApplicationSets++;
  }
  return totals;
}

/**
 * Whether an ApplicationSet has anything to show: a difference, a change of status, an
 * error. Generators that are not previewable at both revisions alone are not a change.
 */
export function hasDifference(diff: ApplicationSetDiff): boolean {
  return (
    diff.added.length + diff.removed.length + diff.changed.length > 0 ||
    diff.base.status !== diff.head.status ||
    diff.head.errors.some((error) => error.kind !== 'not-previewable') ||
    diff.head.status === 'frozen'
  );
}

function byName(a: { name: string }, b: { name: string }): number {
  return compare(a.name, b.name);
}

function byApplication(
  a: { applicationSet: string; application: string },
  b: { applicationSet: string; application: string },
): number {
  return compare(a.application, b.application) || compare(a.applicationSet, b.applicationSet);
}

/** Byte order, as Go sorts strings, independent of the machine's locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
