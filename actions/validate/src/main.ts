import * as core from '@actions/core';
import { actionsCacheStore, withSchemaCache } from '@fleetops/schema-cache';
import { mergeReportFiles, runValidationJob } from '@fleetops/validate';
import { deliver } from './delivery.ts';
import { readInputs } from './inputs.ts';
import { errorMessage, failureReason, startLine } from './outcome.ts';

/**
 * The action: inputs, the validate job (or the merge of its shards) with its schema folder
 * kept in the Actions cache, reporters, outputs.
 */
export async function run(): Promise<void> {
  try {
    const inputs = readInputs();
    core.info(startLine(inputs));
    const outcome =
      inputs.mode === 'merge'
        ? await mergeReportFiles(inputs.reports, { cwd: inputs.workspace })
        : await withSchemaCache(inputs.schemaCache, () => runValidationJob(inputs.job), {
            store: actionsCacheStore(),
            log: core,
          });
    const delivered = await deliver(inputs, outcome);
    for (const notice of delivered.notices) core.notice(notice);
    const { totals, files } = outcome.tally;
    core.setOutput('valid', totals.valid);
    core.setOutput('invalid', totals.invalid);
    core.setOutput('errors', totals.errors);
    core.setOutput('skipped', totals.skipped);
    core.setOutput('files', files);
    if (delivered.reportFile) core.setOutput('report-file', delivered.reportFile);
    if (delivered.sarifFile) core.setOutput('sarif-file', delivered.sarifFile);
    if (delivered.commentUrl) core.setOutput('comment-url', delivered.commentUrl);
    const reason = failureReason(outcome.tally);
    if (reason) core.setFailed(reason);
  } catch (error) {
    core.setFailed(errorMessage(error));
  }
}
