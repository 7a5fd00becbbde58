/** Check runs and their annotations. */
import { type Handler, notFound, numberParam, tooLong, unprocessable } from '../exchange.ts';
import type { AnnotationRecord, CheckRunRecord } from '../state.ts';

/** The Checks API takes at most 50 annotations per request; more are sent by updating the run. */
const maxAnnotations = 50;
/** 65,535 characters is the Checks API's limit on output.summary and output.text. */
const maxOutputText = 65_535;

interface OutputInput {
  title?: string;
  summary?: string;
  text?: string;
  annotations?: AnnotationRecord[];
}

function applyOutput(run: CheckRunRecord, output: OutputInput | undefined): void {
  if (!output) return;
  const annotations = output.annotations ?? [];
  if (annotations.length > maxAnnotations) {
    throw unprocessable('Invalid request.\n\nOnly 50 annotations are allowed per request.');
  }
  for (const field of ['summary', 'text'] as const) {
    if ((output[field]?.length ?? 0) > maxOutputText)
      throw tooLong('CheckRun', field, maxOutputText);
  }
  run.output = {
    title: output.title ?? run.output.title,
    summary: output.summary ?? run.output.summary,
    text: output.text ?? run.output.text,
  };
  // Annotations accumulate across updates, which is how more than 50 reach one run.
  run.annotations.push(...annotations);
}

function applyStatus(run: CheckRunRecord, body: Record<string, unknown>, now: string): void {
  if (typeof body.conclusion === 'string') {
    run.conclusion = body.conclusion;
    run.status = 'completed';
    run.completedAt = (body.completed_at as string | undefined) ?? now;
  } else if (typeof body.status === 'string') {
    run.status = body.status;
  }
}

export const checkHandlers: Record<string, Handler> = {
  'checks/create': (x) => {
    const now = x.state.now();
    const run: CheckRunRecord = {
      id: x.state.id(),
      name: x.body.name,
      headSha: x.body.head_sha,
      detailsUrl: x.body.details_url ?? null,
      status: 'queued',
      conclusion: null,
      output: { title: null, summary: null, text: null },
      annotations: [],
      startedAt: x.body.started_at ?? now,
      completedAt: null,
    };
    applyOutput(run, x.body.output);
    applyStatus(run, x.body, now);
    x.state.checkRuns.push(run);
    return { status: 201, body: x.views.checkRun(run) };
  },

  'checks/update': (x) => {
    const id = numberParam(x, 'check_run_id');
    const run = x.state.checkRuns.find((candidate) => candidate.id === id);
    if (!run) throw notFound();
    applyOutput(run, x.body.output);
    applyStatus(run, x.body, x.state.now());
    return { status: 200, body: x.views.checkRun(run) };
  },
};
