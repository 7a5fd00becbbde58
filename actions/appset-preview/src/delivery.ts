import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { type AppSetDiffReport, markdownReport, renderMarkdownReport } from '@fleetops/appset';
import { markdownLink } from '@fleetops/core';
import {
  appendStepSummary,
  type ClientLog,
  clientOptionsFromEnv,
  createClient,
  parseRepo,
  upsertStickyComment,
} from '@fleetops/github';
import type { PreviewInputs } from './inputs.ts';

export interface Delivered {
  reportFile: string;
  markdownFile: string;
  commentUrl?: string;
  notices: string[];
}

/** Rows per list in the comment; the job summary and the files have every row. */
const commentRows = 50;
const fullRows = Number.MAX_SAFE_INTEGER;

/**
 * Where the preview goes on this run: the report files (JSON and Markdown, for an
 * artifact), the job summary (the full report, cut at the runner's 1 MiB) and, on a pull
 * request with a token, one sticky comment cut under GitHub's limit.
 */
export async function deliver(inputs: PreviewInputs, report: AppSetDiffReport): Promise<Delivered> {
  const full = renderMarkdownReport(markdownReport(report, { maxRows: fullRows }));
  await mkdir(inputs.reportDir, { recursive: true });
  const reportFile = path.join(inputs.reportDir, 'appset-preview.json');
  const markdownFile = path.join(inputs.reportDir, 'appset-preview.md');
  await writeFile(reportFile, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(markdownFile, full);
  if (inputs.summaryFile) await appendStepSummary(inputs.summaryFile, full);
  const delivered: Delivered = { reportFile, markdownFile, notices: [] };
  const pull = inputs.event.pullRequest;
  if (!pull) return delivered;
  if (!inputs.githubToken || !inputs.repository) {
    delivered.notices.push('No github-token: the preview is in the job summary only.');
    return delivered;
  }
  const client = createClient({ ...clientOptionsFromEnv(inputs.githubToken), log });
  const comment = markdownReport(report, { maxRows: commentRows });
  const where = inputs.runUrl ? markdownLink('the job summary', inputs.runUrl) : 'the job summary';
  try {
    const sticky = await upsertStickyComment(client, {
      repo: parseRepo(inputs.repository),
      issueNumber: pull.number,
      key: 'appset-preview',
      body: {
        heading: comment.heading,
        sections: comment.sections,
        overflowNote: `The full report is in ${where} and in the report files.`,
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

// Retries and rate-limit waits go to the log as plain lines, not annotations.
const log: ClientLog = {
  debug: (message) => core.debug(message),
  info: (message) => core.info(message),
  warn: (message) => core.info(message),
  error: (message) => core.info(message),
};
