/**
 * The diff as Markdown: a heading, then sections in the order a reviewer needs them (risks,
 * the summary table, clusters, one collapsible section per ApplicationSet), so a renderer
 * that must stay under a size limit can drop whole sections from the end. Every name and
 * value comes from the repository and is escaped.
 */
import { escapeMarkdown } from '@fleetops/core';
import {
  type ApplicationSetDiff,
  type AppSetDiffReport,
  type ChangedApplication,
  hasDifference,
} from './diff.ts';
import { count, type Risk, where } from './risk.ts';

export interface ReportSection {
  /** Markdown, escaped. */
  body: string;
  /** Plain text: when given, the section is collapsed under this summary line. */
  collapsedTitle?: string;
}

export interface MarkdownReport {
  /** Markdown shown first: the title and the totals. */
  heading: string;
  sections: ReportSection[];
}

export interface MarkdownOptions {
  /** First line, plain text. Default: `fleetops appset preview`. */
  title?: string;
  /** Rows per list (Applications, fields, clusters) before "and N more". Default 50. */
  maxRows?: number;
}

const severityMark = { high: '🔴', medium: '🟠', low: '⚪' } as const;
const e = escapeMarkdown;

export function markdownReport(
  report: AppSetDiffReport,
  options: MarkdownOptions = {},
): MarkdownReport {
  const maxRows = options.maxRows ?? 50;
  const { totals } = report;
  const title = e(options.title ?? 'fleetops appset preview');
  const revisions = `${e(shortRevision(report.base.revision))} → ${e(shortRevision(report.head.revision))}`;
  const changed = report.applicationSets.filter(hasDifference);
  if (changed.length === 0 && report.risks.every((risk) => risk.severity === 'low')) {
    return {
      heading: `### ${title}: no ApplicationSet change\n\n${revisions}: ${count(totals.applicationSets, 'ApplicationSet')}, ${count(totals.unchanged, 'Application')}, all generated as before.`,
      sections: report.risks.length > 0 ? [{ body: risksSection(report.risks, maxRows) }] : [],
    };
  }
  const frozen = totals.frozen > 0 ? `, ${count(totals.frozen, 'ApplicationSet')} frozen` : '';
  const heading = [
    `### ${title}: +${n(totals.added)} −${n(totals.removed)} ~${n(totals.changed)} Applications in ${count(totals.changedApplicationSets, 'ApplicationSet')}${frozen}`,
    '',
    `${revisions}. ${n(totals.unchanged)} Applications unchanged.`,
  ].join('\n');
  const sections: ReportSection[] = [];
  if (report.risks.length > 0) sections.push({ body: risksSection(report.risks, maxRows) });
  sections.push({ body: summaryTable(report, changed, maxRows) });
  if (report.clusters.length > 0)
    sections.push({
      collapsedTitle: `Per cluster: ${count(report.clusters.length, 'cluster')} gain, lose or change Applications`,
      body: clustersTable(report, maxRows),
    });
  for (const diff of changed)
    sections.push({
      collapsedTitle: `${diff.namespace}/${diff.name}: ${tally(diff)}`,
      body: applicationSetSection(diff, maxRows),
    });
  return { heading, sections };
}

/** The whole report as one Markdown document (the CLI, the job summary). */
export function renderMarkdownReport(report: MarkdownReport): string {
  const parts = [report.heading];
  for (const section of report.sections)
    parts.push(
      section.collapsedTitle === undefined
        ? section.body
        : `<details><summary>${e(section.collapsedTitle)}</summary>\n\n${section.body}\n\n</details>`,
    );
  return `${parts.join('\n\n')}\n`;
}

function risksSection(risks: readonly Risk[], maxRows: number): string {
  const lines = ['**Risks**', ''];
  for (const risk of risks) {
    const who = risk.applicationSet === undefined ? '' : `**${e(risk.applicationSet)}**: `;
    lines.push(`- ${severityMark[risk.severity]} ${who}${e(risk.message)}`);
    for (const item of capped(risk.items, maxRows)) lines.push(`  - ${e(item)}`);
  }
  return lines.join('\n');
}

function summaryTable(
  report: AppSetDiffReport,
  changed: readonly ApplicationSetDiff[],
  maxRows: number,
): string {
  const lines = [
    '| ApplicationSet | added | removed | changed | unchanged | clusters | stages | status |',
    '| --- | --: | --: | --: | --: | --- | --- | --- |',
  ];
  for (const diff of changed.slice(0, maxRows))
    lines.push(
      row([
        e(`${diff.namespace}/${diff.name}`),
        `+${n(diff.added.length)}`,
        `−${n(diff.removed.length)}`,
        `~${n(diff.changed.length)}`,
        n(diff.unchanged),
        e(listed(diff.clusters, 5)),
        e(diff.stages.join(', ')),
        e(statusOf(diff)),
      ]),
    );
  if (changed.length > maxRows)
    lines.push('', `…and ${count(changed.length - maxRows, 'more ApplicationSet')}.`);
  const quiet = report.applicationSets.length - changed.length;
  if (quiet > 0)
    lines.push(
      '',
      `${count(quiet, 'other ApplicationSet')} ${quiet === 1 ? 'generates' : 'generate'} the same Applications.`,
    );
  return lines.join('\n');
}

function clustersTable(report: AppSetDiffReport, maxRows: number): string {
  const lines = [
    '| cluster | stage | gains | loses | changes |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const cluster of report.clusters.slice(0, maxRows))
    lines.push(
      row([
        e(cluster.cluster),
        e(cluster.stage ?? ''),
        e(
          listed(
            cluster.gains.map((g) => g.application),
            5,
          ),
        ),
        e(
          listed(
            cluster.loses.map((l) =>
              l.deletesResources ? `${l.application} (deletes resources)` : l.application,
            ),
            5,
          ),
        ),
        e(
          listed(
            cluster.changes.map((c) => c.application),
            5,
          ),
        ),
      ]),
    );
  if (report.clusters.length > maxRows)
    lines.push('', `…and ${count(report.clusters.length - maxRows, 'more cluster')}.`);
  return lines.join('\n');
}

function applicationSetSection(diff: ApplicationSetDiff, maxRows: number): string {
  const where_ = diff.line === undefined ? diff.file : `${diff.file}:${diff.line}`;
  const policy = diff.policy;
  const lines = [
    `${e(where_)}. Policy: ${e(policy.applicationsSync)} (${e(policySource(policy.from))})${policy.preserveResourcesOnDeletion ? ', preserveResourcesOnDeletion' : ''}${policy.ignoreApplicationDifferences > 0 ? `, ${count(policy.ignoreApplicationDifferences, 'ignoreApplicationDifferences rule')}` : ''}.`,
  ];
  if (diff.head.status === 'frozen')
    lines.push(
      '',
      `**Frozen**: ${e(diff.head.condition ?? 'generation failed')}. The controller changes none of its ${count(diff.base.applications, 'Application')}.`,
    );
  for (const error of diff.head.errors)
    if (error.kind !== 'generation' && error.kind !== 'render' && diff.head.status !== 'frozen')
      lines.push('', `- ${e(error.kind)}: ${e(error.message)}`);
  for (const note of diff.notes) lines.push('', `_${e(note)}_`);
  if (diff.added.length > 0) {
    lines.push(
      '',
      `**Added** (${n(diff.added.length)})`,
      '',
      '| Application | destination | project |',
      '| --- | --- | --- |',
    );
    for (const app of diff.added.slice(0, maxRows))
      lines.push(
        row([e(app.name), e(where(app.cluster, app.destinationNamespace)), e(app.project ?? '')]),
      );
    more(lines, diff.added.length, maxRows);
  }
  if (diff.removed.length > 0) {
    lines.push(
      '',
      `**Removed** (${n(diff.removed.length)})`,
      '',
      '| Application | destination | on the cluster |',
      '| --- | --- | --- |',
    );
    for (const app of diff.removed.slice(0, maxRows))
      lines.push(
        row([
          e(app.name),
          e(where(app.cluster, app.destinationNamespace)),
          app.effect === 'kept'
            ? `kept (${e(policy.applicationsSync)})`
            : app.deletesResources
              ? '**deleted with its resources**'
              : 'deleted, resources kept',
        ]),
      );
    more(lines, diff.removed.length, maxRows);
  }
  if (diff.changed.length > 0) {
    lines.push(
      '',
      `**Changed** (${n(diff.changed.length)})`,
      '',
      '| Application | field | base | head | on the cluster |',
      '| --- | --- | --- | --- | --- |',
    );
    let rows = 0;
    for (const app of diff.changed) {
      for (const field of app.fields) {
        if (rows++ >= maxRows) break;
        lines.push(
          row([
            e(app.name),
            e(field.path),
            e(value(field.base)),
            e(value(field.head)),
            fieldEffect(app, field.ignoredBy, policy.applicationsSync),
          ]),
        );
      }
    }
    const total = diff.changed.reduce((sum, app) => sum + app.fields.length, 0);
    if (total > maxRows) lines.push('', `…and ${count(total - maxRows, 'more changed field')}.`);
  }
  if (diff.unchanged > 0) lines.push('', `${count(diff.unchanged, 'Application')} unchanged.`);
  return lines.join('\n');
}

function fieldEffect(
  app: ChangedApplication,
  ignoredBy: string | undefined,
  policy: string,
): string {
  if (app.effect === 'kept') return `not applied (${e(policy)})`;
  if (ignoredBy !== undefined) return `ignored (${e(ignoredBy)})`;
  return app.movedFrom ? '**moved**' : 'applied';
}

function statusOf(diff: ApplicationSetDiff): string {
  if (diff.head.status === 'frozen') return 'frozen';
  if (diff.head.status === 'absent') return 'removed';
  if (diff.base.status === 'absent') return 'new';
  if (diff.head.status === 'incomplete') return 'incomplete';
  return diff.head.errors.length > 0 ? `${count(diff.head.errors.length, 'error')}` : 'ok';
}

function policySource(from: ApplicationSetDiff['policy']['from']): string {
  return from === 'applicationSet'
    ? 'its applicationsSync'
    : from === 'controller'
      ? "the controller's --policy"
      : 'default';
}

function tally(diff: ApplicationSetDiff): string {
  const state =
    diff.head.status === 'frozen' ? ' (frozen)' : diff.head.status === 'absent' ? ' (removed)' : '';
  return `+${n(diff.added.length)} −${n(diff.removed.length)} ~${n(diff.changed.length)}${state}`;
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function more(lines: string[], total: number, shown: number): void {
  if (total > shown) lines.push('', `…and ${n(total - shown)} more.`);
}

function capped(items: readonly string[], max: number): string[] {
  if (items.length <= max) return [...items];
  return [...items.slice(0, max), `…and ${n(items.length - max)} more`];
}

function listed(items: readonly string[], max: number): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${n(items.length - max)} more`;
}

/** A field's value on one line: strings as they are, anything else as JSON, long ones cut. */
function value(v: unknown): string {
  if (v === undefined) return '(none)';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

function n(value: number): string {
  return value.toLocaleString('en-US');
}

/** A commit id shortened as git shows it; branch names and "working tree" as they are. */
export function shortRevision(revision: string): string {
  return /^[0-9a-f]{40}$/.test(revision) ? revision.slice(0, 7) : revision;
}
