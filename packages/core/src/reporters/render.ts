import { renderGithubAnnotations } from './annotations.ts';
import { renderMarkdownSummary } from './job-summary.ts';
import { renderJson } from './json.ts';
import { renderJunit } from './junit.ts';
import { type Format, formats, type RenderOptions, type Report } from './report.ts';
import { renderSarif } from './sarif.ts';
import { renderText } from './text.ts';

/** The one entry the CLI and the actions use: a format name in, the rendered report out. */
export function render(format: Format, report: Report, options: RenderOptions = {}): string {
  switch (format) {
    case 'text':
      return renderText(report, options);
    case 'json':
      return renderJson(report);
    case 'sarif':
      return renderSarif(report);
    case 'junit':
      return renderJunit(report);
    case 'github':
      return renderGithubAnnotations(report);
    case 'markdown':
      return renderMarkdownSummary(report, options);
  }
}

/** Narrows a user's `--format` value; the caller turns `false` into a usage error. */
export function isFormat(value: string): value is Format {
  return (formats as readonly string[]).includes(value);
}
