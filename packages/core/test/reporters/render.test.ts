import { describe, expect, it } from 'vitest';
import {
  formats,
  isFormat,
  render,
  renderGithubAnnotations,
  renderJson,
  renderJunit,
  renderMarkdownSummary,
  renderSarif,
  renderText,
} from '../../src/reporters/index.ts';
import { fleetReport } from './sample-reports.ts';

describe('render', () => {
  const report = fleetReport();
  const options = { color: true, sourceUrl: 'https://github.com/acme/fleet/blob/abc/' };

  it('hands each format to its reporter, with the options that reporter takes', () => {
    expect(render('text', report, options)).toBe(renderText(report, options));
    expect(render('json', report, options)).toBe(renderJson(report));
    expect(render('sarif', report, options)).toBe(renderSarif(report));
    expect(render('junit', report, options)).toBe(renderJunit(report));
    expect(render('github', report, options)).toBe(renderGithubAnnotations(report));
    expect(render('markdown', report, options)).toBe(renderMarkdownSummary(report, options));
  });

  it('gives every format a different, newline-terminated rendering', () => {
    const outputs = formats.map((format) => render(format, report));
    expect(new Set(outputs).size).toBe(formats.length);
    for (const output of outputs) expect(output.endsWith('\n')).toBe(true);
  });

  it('recognises exactly the format names', () => {
    expect(formats.filter(isFormat)).toEqual([...formats]);
    expect(isFormat('tap')).toBe(false);
    expect(isFormat('JSON')).toBe(false);
    expect(isFormat('')).toBe(false);
  });
});
