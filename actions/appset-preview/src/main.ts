import * as core from '@actions/core';
import { previewDiff } from '@fleetops/appset';
import { deliver } from './delivery.ts';
import { readInputs } from './inputs.ts';
import { errorMessage, failureReason } from './outcome.ts';

/** The action: inputs, the base vs head diff, the preview delivered for this event, outputs. */
export async function run(): Promise<void> {
  try {
    const inputs = readInputs();
    const report = await previewDiff(inputs.path, inputs.diff);
    const delivered = await deliver(inputs, report);
    for (const notice of delivered.notices) core.notice(notice);
    for (const warning of delivered.warnings) core.warning(warning);
    const { totals } = report;
    core.setOutput('added', totals.added);
    core.setOutput('removed', totals.removed);
    core.setOutput('changed', totals.changed);
    core.setOutput('errors', totals.errors);
    core.setOutput('frozen', totals.frozen);
    core.setOutput('report-file', delivered.reportFile);
    core.setOutput('markdown-file', delivered.markdownFile);
    if (delivered.commentUrl) core.setOutput('comment-url', delivered.commentUrl);
    const { artifact } = delivered;
    if (artifact) {
      core.setOutput('artifact-id', artifact.id);
      core.setOutput('artifact-name', artifact.name);
      if (artifact.url) core.setOutput('artifact-url', artifact.url);
    }
    const reason = failureReason(report, inputs.failOnErrors);
    if (reason) core.setFailed(reason);
  } catch (error) {
    core.setFailed(errorMessage(error));
  }
}
