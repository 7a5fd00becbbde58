import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { checkRepository } from '@fleetops/check';
import { countFindings, type Report, render, tool } from '@fleetops/core';
import { loadFleet } from '@fleetops/fleet';
import { publishFindings } from '@fleetops/github';
import { actionsCacheStore, withSchemaCache } from '@fleetops/schema-cache';
import { deliveryFor } from './delivery.ts';
import { readInputs } from './inputs.ts';
import {
  annotationOverflow,
  countOutputs,
  deliveryOutputs,
  errorMessage,
  failureReason,
} from './outcome.ts';
import { schemaCacheFor } from './schema-cache.ts';
import { relativeToWorkspace } from './workspace.ts';

/**
 * The action: inputs, the check job (its schema folder kept in the Actions cache), its
 * findings published for this event, outputs.
 */
export async function run(): Promise<void> {
  try {
    const inputs = readInputs();
    const loaded = await loadFleet(inputs.path);
    const { plan, validation } = schemaCacheFor(loaded, inputs.schemaCache);
    const result = await withSchemaCache(plan, () => checkRepository(loaded, { validation }), {
      store: actionsCacheStore(),
      log: core,
    });
    const findings = relativeToWorkspace(result.findings, inputs.path, inputs.workspace);
    const { rules, stats } = result;
    const report: Report = { tool, findings, rules, stats, root: inputs.workspace };
    const published = await publishFindings(deliveryFor(inputs, report));
    for (const notice of published.notices) core.notice(notice);
    const overflow = annotationOverflow(published.annotated);
    if (overflow) core.info(overflow);
    if (inputs.sarifFile) {
      await mkdir(path.dirname(inputs.sarifFile), { recursive: true });
      await writeFile(inputs.sarifFile, render('sarif', report));
      core.setOutput('sarif-file', inputs.sarifFile);
    }
    const counts = countFindings(findings);
    for (const [name, value] of Object.entries(countOutputs(findings))) {
      core.setOutput(name, value);
    }
    for (const [name, value] of Object.entries(deliveryOutputs(published))) {
      core.setOutput(name, value);
    }
    const reason = failureReason(counts, inputs.failOn);
    if (reason) core.setFailed(reason);
  } catch (error) {
    core.setFailed(errorMessage(error));
  }
}
