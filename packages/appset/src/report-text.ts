/** The diff as plain text for a terminal: risks, then every difference, then clusters. */
import { type ApplicationSetDiff, type AppSetDiffReport, hasDifference } from './diff.ts';
import { shortRevision } from './report.ts';
import { count, where } from './risk.ts';

export function textReport(report: AppSetDiffReport): string {
  const { totals } = report;
  const lines = [
    `${shortRevision(report.base.revision)} → ${shortRevision(report.head.revision)}: +${totals.added} −${totals.removed} ~${totals.changed} Applications in ${count(totals.changedApplicationSets, 'ApplicationSet')}, ${totals.unchanged} unchanged${totals.frozen > 0 ? `, ${count(totals.frozen, 'ApplicationSet')} frozen` : ''}`,
  ];
  if (report.risks.length > 0) {
    lines.push('', 'Risks:');
    for (const risk of report.risks) {
      const who = risk.applicationSet === undefined ? '' : `${risk.applicationSet}: `;
      lines.push(`  ${risk.severity.toUpperCase()} ${who}${risk.message}`);
      for (const item of risk.items) lines.push(`    ${item}`);
    }
  }
  for (const diff of report.applicationSets.filter(hasDifference)) lines.push('', ...section(diff));
  if (report.clusters.length > 0) {
    lines.push('', 'Clusters:');
    for (const cluster of report.clusters)
      lines.push(
        `  ${cluster.cluster}${cluster.stage ? ` (${cluster.stage})` : ''}: +${cluster.gains.length} −${cluster.loses.length} ~${cluster.changes.length}`,
      );
  }
  return `${lines.join('\n')}\n`;
}

function section(diff: ApplicationSetDiff): string[] {
  const at = diff.line === undefined ? diff.file : `${diff.file}:${diff.line}`;
  const state =
    diff.head.status === 'frozen'
      ? `FROZEN (${diff.head.condition ?? 'generation failed'}): the controller changes none of its ${count(diff.base.applications, 'Application')}`
      : `+${diff.added.length} −${diff.removed.length} ~${diff.changed.length}, ${diff.unchanged} unchanged`;
  const lines = [
    `${diff.namespace}/${diff.name} (${at}) [${diff.policy.applicationsSync}]: ${state}`,
  ];
  for (const note of diff.notes) lines.push(`  note: ${note}`);
  for (const error of diff.head.errors)
    if (diff.head.status !== 'frozen') lines.push(`  ${error.kind} error: ${error.message}`);
  for (const app of diff.added)
    lines.push(`  + ${app.name} → ${where(app.cluster, app.destinationNamespace)}`);
  for (const app of diff.removed) {
    const effect =
      app.effect === 'kept'
        ? `kept by ${diff.policy.applicationsSync}`
        : app.deletesResources
          ? 'deleted with its resources'
          : 'deleted, resources kept';
    lines.push(`  - ${app.name} ← ${where(app.cluster, app.destinationNamespace)} (${effect})`);
  }
  for (const app of diff.changed) {
    const moved = app.movedFrom
      ? `, moved from ${where(app.movedFrom.cluster, app.movedFrom.destinationNamespace)}`
      : '';
    const effect = app.effect === 'updated' ? '' : ` (${app.effect})`;
    lines.push(
      `  ~ ${app.name} → ${where(app.cluster, app.destinationNamespace)}${moved}${effect}`,
    );
    for (const field of app.fields)
      lines.push(
        `      ${field.path}: ${json(field.base)} → ${json(field.head)}${field.ignoredBy ? ` (ignored: ${field.ignoredBy})` : ''}`,
      );
  }
  return lines;
}

function json(value: unknown): string {
  return value === undefined ? '(none)' : JSON.stringify(value);
}
