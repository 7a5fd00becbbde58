/**
 * What a reviewer must see first in an ApplicationSet diff: what deletes workloads, moves
 * them, touches production, or stops the controller.
 */
import { type ApplicationSetDiff, type AppSetDiffReport, compare } from './diff.ts';

export type RiskKind =
  | 'deletes-resources'
  | 'frozen'
  | 'moves'
  | 'production'
  | 'invalid-applications'
  | 'empty-generator'
  | 'nondeterministic'
  | 'not-previewable';

export interface Risk {
  kind: RiskKind;
  severity: 'high' | 'medium' | 'low';
  /** `namespace/name` of the ApplicationSet, absent for fleet-wide risks. */
  applicationSet?: string;
  /** Plain text; renderers escape it. */
  message: string;
  /** The Applications or clusters concerned, sorted. */
  items: string[];
}

const rank = { high: 0, medium: 1, low: 2 } as const;

/** Every risk of a diff, most severe first, then by ApplicationSet. */
export function risksOf(report: AppSetDiffReport): Risk[] {
  const risks: Risk[] = [];
  for (const diff of report.applicationSets) risks.push(...applicationSetRisks(diff));
  const production = productionRisk(report);
  if (production) risks.push(production);
  return risks.sort(
    (a, b) =>
      rank[a.severity] - rank[b.severity] ||
      compare(a.applicationSet ?? '', b.applicationSet ?? '') ||
      compare(a.kind, b.kind),
  );
}

function applicationSetRisks(diff: ApplicationSetDiff): Risk[] {
  const risks: Risk[] = [];
  const applicationSet = `${diff.namespace}/${diff.name}`;
  const add = (kind: RiskKind, severity: Risk['severity'], message: string, items: string[]) =>
    risks.push({ kind, severity, applicationSet, message, items });

  const deleting = diff.removed.filter((app) => app.deletesResources);
  if (deleting.length > 0)
    add(
      'deletes-resources',
      'high',
      `${count(deleting.length, 'Application')} deleted with the resources finalizer: Argo CD deletes every resource ${deleting.length === 1 ? 'it' : 'they'} deployed`,
      deleting.map((app) => `${app.name} (${where(app.cluster, app.destinationNamespace)})`),
    );
  if (diff.head.status === 'frozen')
    add(
      'frozen',
      'high',
      `frozen: ${diff.head.condition ?? 'a generator or template fails'}; the controller changes none of its ${count(diff.base.applications, 'Application')} until this is fixed`,
      [],
    );
  const moved = diff.changed.filter((app) => app.movedFrom);
  if (moved.length > 0)
    add(
      'moves',
      'high',
      `${count(moved.length, 'Application')} ${moved.length === 1 ? 'moves' : 'move'} to another cluster or namespace: deployed afresh there, and the old resources are left behind unmanaged`,
      moved.map(
        (app) =>
          `${app.name}: ${where(app.movedFrom!.cluster, app.movedFrom!.destinationNamespace)} → ${where(app.cluster, app.destinationNamespace)}`,
      ),
    );
  const invalid = diff.head.errors.filter((error) => error.kind === 'validation');
  if (invalid.length > 0)
    add(
      'invalid-applications',
      'medium',
      `${count(invalid.length, 'Application')} invalid: the controller skips ${invalid.length === 1 ? 'it' : 'them'}`,
      invalid.map((error) => error.message),
    );
  const empty = diff.head.warnings.filter(
    (warning) =>
      warning.includes('produced no parameters') || warning.includes('unrecognized generators'),
  );
  if (empty.length > 0)
    add('empty-generator', 'medium', 'generator entries that produce nothing', empty);
  if (diff.nondeterministic.length > 0)
    add(
      'nondeterministic',
      'medium',
      'templates call functions whose result changes on every reconcile: the controller rewrites the Applications each time',
      diff.nondeterministic,
    );
  const dynamic = diff.head.errors.filter((error) => error.kind === 'not-previewable');
  if (dynamic.length > 0)
    add(
      'not-previewable',
      'low',
      'some generators are not previewable offline: their Applications are not compared',
      dynamic.map((error) => error.message),
    );
  return risks;
}

function productionRisk(report: AppSetDiffReport): Risk | undefined {
  const stage = report.productionStage;
  if (stage === undefined) return undefined;
  const clusters = report.clusters.filter((cluster) => cluster.stage === stage);
  if (clusters.length === 0) return undefined;
  const appSets = report.applicationSets
    .filter((diff) => diff.stages.includes(stage))
    .map((diff) => `${diff.namespace}/${diff.name}`);
  return {
    kind: 'production',
    severity: 'medium',
    message: `${count(clusters.length, `${stage} cluster`)} affected, by ${appSets.join(', ')}`,
    items: clusters.map(
      (cluster) =>
        `${cluster.cluster}: +${cluster.gains.length} −${cluster.loses.length} ~${cluster.changes.length}`,
    ),
  };
}

export function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

export function where(cluster: string, namespace: string): string {
  return namespace === '' ? cluster : `${cluster}/${namespace}`;
}
