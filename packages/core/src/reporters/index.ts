export {
  annotationsShownPerStep,
  escapeData,
  escapeProperty,
  renderGithubAnnotations,
} from './annotations.ts';
export { renderMarkdownSummary, stepSummaryLimit } from './job-summary.ts';
export { renderJson } from './json.ts';
export { renderJunit } from './junit.ts';
export { formatLocation } from './location.ts';
export { encodePath, escapeMarkdown, escapeMarkdownUrl, markdownLink } from './markdown-escape.ts';
export { isFormat, render } from './render.ts';
export * from './report.ts';
export { fingerprintKey, renderSarif, sarifSchemaUri } from './sarif.ts';
export { renderText } from './text.ts';
export { escapeXmlAttribute, escapeXmlText } from './xml-escape.ts';
