import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { type AppSetDiffReport, markdownReport, renderMarkdownReport } from '@fleetops/appset';
import { escapeMarkdown, markdownLink } from '@fleetops/core';
import {
  appendStepSummary,
  type ClientLog,
  clientOptionsFromEnv,
  createClient,
  parseRepo,
  upsertStickyComment,
} from '@fleetops/github';
import { type ArtifactResult, uploadArtifact } from '@fleetops/github/artifact';
import type { PreviewInputs } from './inputs.ts';

export interface Delivered {
  reportFile: string;
  markdownFile: string;
  /** The report artifact, when it was uploaded. */
  artifact?: Extract<ArtifactResult, { status: 'uploaded' }>;
  commentUrl?: string;
  notices: string[];
  /** What did not work but leaves the preview usable: the artifact upload. */
  warnings: string[];
}

/** Rows per list in the comment; the job summary and the files have every row. */
const commentRows = 50;
const fullRows = Number.MAX_SAFE_INTEGER;

/**
 * Where the preview goes on this run: the report files (JSON and Markdown), the job
 * summary (the full report, cut at the runner's 1 MiB), the files as an artifact of the run
 * and, on a pull request with a token, one sticky comment cut under GitHub's limit that
 * then links to the summary and the artifact. A failed upload is a warning, never a failure.
 */
export async function deliver(inputs: PreviewInputs, report: AppSetDiffReport): Promise<Delivered> {
  const full = renderMarkdownReport(markdownReport(report, { maxRows: fullRows }));
  await mkdir(inputs.reportDir, { recursive: true });
  const reportFile = path.join(inputs.reportDir, 'appset-preview.json');
  const markdownFile = path.join(inputs.reportDir, 'appset-preview.md');
  await writeFile(reportFile, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(markdownFile, full);
  if (inputs.summaryFile) await appendStepSummary(inputs.summaryFile, full);
  const delivered: Delivered = { reportFile, markdownFile, notices: [], warnings: [] };
  if (inputs.artifact) {
    const artifact = await uploadArtifact(
      { ...inputs.artifact, files: [reportFile, markdownFile], rootDirectory: inputs.reportDir },
      { log: (message) => core.info(message) },
    );
    if (artifact.status === 'uploaded') delivered.artifact = artifact;
    else
      delivered.warnings.push(
        `The report artifact ${artifact.name} was not uploaded: ${artifact.reason}. The full report is in the job summary.`,
      );
  }
  const pull = inputs.event.pullRequest;
  if (!pull) return delivered;
  if (!inputs.githubToken || !inputs.repository) {
    delivered.notices.push('No github-token: the preview is in the job summary only.');
    return delivered;
  }
  const client = createClient({ ...clientOptionsFromEnv(inputs.githubToken), log });
  const comment = markdownReport(report, { maxRows: commentRows });
  try {
    const sticky = await upsertStickyComment(client, {
      repo: parseRepo(inputs.repository),
      issueNumber: pull.number,
      key: 'appset-preview',
      body: {
        heading: comment.heading,
        sections: comment.sections,
        overflowNote: overflowNote(inputs.runUrl, delivered.artifact),
      },
    });
    if (sticky.url) delivered.commentUrl = sticky.url;
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status !== 403 && status !== 404) throw error;
    // A fork's pull request gets a read-only token: the summary still has everything.
    delivered.notices.push(
      `Cannot comment on pull request #${pull.number} (HTTP ${status}): the token may not write to pull requests${pull.fromFork ? ' (a fork’s pull request gets a read-only token)' : ''}. The preview is in the job summary.`,
    );
  }
  return delivered;
}

/** Where a comment cut to fit sends the reader: the job summary and the artifact, linked. */
function overflowNote(runUrl: string | undefined, artifact: Delivered['artifact']): string {
  const summary = runUrl ? markdownLink('the job summary', runUrl) : 'the job summary';
  if (!artifact) return `The full report is in ${summary}.`;
  const label = `the artifact ${artifact.name}`;
  const link = artifact.url ? markdownLink(label, artifact.url) : escapeMarkdown(label);
  return `The full report is in ${summary} and in ${link}.`;
}

// Retries and rate-limit waits go to the log as plain lines, not annotations.
const log: ClientLog = {
  debug: (message) => core.debug(message),
  info: (message) => core.info(message),
  warn: (message) => core.info(message),
  error: (message) => core.info(message),
};
