import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { countFindings, type Report, render, tool } from '@fleetops/core';
import { runCheck } from '@fleetops/fleet';
import { readInputs } from './inputs.ts';
import { annotationOverflow, errorMessage, failureReason } from './outcome.ts';
import { relativeToWorkspace } from './workspace.ts';

/** The action: inputs, the check job, its findings rendered for the runner, outputs. */
export async function run(): Promise<void> {
  try {
    const inputs = readInputs();
    const result = await runCheck({ root: inputs.path });
    const findings = relativeToWorkspace(result.findings, inputs.path, inputs.workspace);
    const { rules, stats } = result;
    const report: Report = { tool, findings, rules, stats, root: inputs.workspace };
    if (inputs.annotations) process.stdout.write(render('github', report));
    // Outside a runner (a local `node dist/index.js`) there is no summary file to write.
    if (process.env.GITHUB_STEP_SUMMARY) {
      const summary = render('markdown', report, { sourceUrl: inputs.sourceUrl });
      await core.summary.addRaw(summary).write();
    }
    if (inputs.sarifFile) {
      await mkdir(path.dirname(inputs.sarifFile), { recursive: true });
      await writeFile(inputs.sarifFile, render('sarif', report));
      core.setOutput('sarif-file', inputs.sarifFile);
    }
    const counts = countFindings(findings);
    const overflow = inputs.annotations ? annotationOverflow(counts) : undefined;
    if (overflow) core.info(overflow);
    core.setOutput('findings', findings.length);
    core.setOutput('errors', counts.error);
    core.setOutput('warnings', counts.warning);
    core.setOutput('notes', counts.note);
    const reason = failureReason(counts, inputs.failOn);
    if (reason) core.setFailed(reason);
  } catch (error) {
    core.setFailed(errorMessage(error));
  }
}
