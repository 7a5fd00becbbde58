import {
  type Document,
  isMap,
  isScalar,
  LineCounter,
  parseAllDocuments,
  visit,
  type YAMLError,
} from 'yaml';
import type { TextFacts } from './block-yaml.ts';
import { parseFast } from './fast-yaml.ts';
import { jsonYaml, kubernetesYaml, toJsOptions } from './yaml-dialect.ts';

/** One YAML document (or a whole JSON file), as plain data plus where it starts. */
export interface SourceDocument {
  /** 0-based position among the documents of its file. */
  index: number;
  /** The document as JSON-like data; undefined for an empty or comment-only document. */
  value: unknown;
  empty: boolean;
  line: number;
  column: number;
}

/** A parse problem with its position; `code` names the kind for rule ids. */
export interface ParseProblem {
  code: 'yaml-syntax' | 'duplicate-key' | 'alias-limit';
  message: string;
  documentIndex: number;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

export interface ParsedSource {
  documents: SourceDocument[];
  problems: ParseProblem[];
  /** Set when the text is a Helm (Go) template rather than YAML: nothing else is reported. */
  helmTemplate: boolean;
}

export type SourceSyntax = 'yaml' | 'json';

export function syntaxOf(path: string): SourceSyntax {
  return path.toLowerCase().endsWith('.json') ? 'json' : 'yaml';
}

/**
 * Parses every document of a file; a broken document never hides the others. Plain
 * files take the fast path (fast-yaml.ts); everything else is read carefully here.
 */
export function parseSource(text: string, syntax: SourceSyntax, facts?: TextFacts): ParsedSource {
  return parseFast(text, syntax, facts) ?? parseCarefully(text, syntax);
}

/** The reference reader: the `yaml` library's tree, with positions for every problem. */
export function parseCarefully(text: string, syntax: SourceSyntax): ParsedSource {
  const lineCounter = new LineCounter();
  const options = syntax === 'json' ? jsonYaml : kubernetesYaml;
  const docs = parseAllDocuments(text, { ...options, lineCounter });
  const list = Array.isArray(docs) ? docs : [];
  const mayBeTemplate = text.includes('{{');
  const documents: SourceDocument[] = [];
  const problems: ParseProblem[] = [];
  for (const [index, doc] of list.entries()) {
    if (mayBeTemplate && isGoTemplate(doc, text))
      return { documents: [], problems: [], helmTemplate: true };
    if (doc.errors.length > 0) {
      problems.push(...doc.errors.map((error) => problemOf(error, index, lineCounter, text)));
      continue;
    }
    documents.push(toSourceDocument(doc, index, lineCounter, problems));
  }
  if (problems.length > 0 && mayBeTemplate && hasUnquotedTemplateAction(text)) {
    return { documents: [], problems: [], helmTemplate: true };
  }
  return { documents, problems, helmTemplate: false };
}

function toSourceDocument(
  doc: Document.Parsed,
  index: number,
  lineCounter: LineCounter,
  problems: ParseProblem[],
): SourceDocument {
  const start = doc.contents?.range[0] ?? doc.range[0];
  const { line, col } = lineCounter.linePos(start);
  // `---` followed by nothing, a comment or an explicit null: kubeconform's "empty".
  const empty = doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null);
  let value: unknown;
  try {
    value = empty ? undefined : doc.toJS(toJsOptions);
  } catch (error) {
    problems.push({
      code: 'alias-limit',
      message: `${(error as Error).message} (more than ${toJsOptions.maxAliasCount} alias expansions)`,
      documentIndex: index,
      line,
      column: col,
    });
    return { index, value: undefined, empty: true, line, column: col };
  }
  return { index, value, empty, line, column: col };
}

function problemOf(
  error: YAMLError,
  documentIndex: number,
  lineCounter: LineCounter,
  text: string,
): ParseProblem {
  const [start, end] = error.pos;
  const from = lineCounter.linePos(start);
  const to = lineCounter.linePos(end);
  const duplicate = error.code === 'DUPLICATE_KEY';
  return {
    code: duplicate ? 'duplicate-key' : 'yaml-syntax',
    message: duplicate
      ? `duplicate key ${JSON.stringify(keyAt(text, start))}: the API server rejects it and lenient readers keep only one value`
      : // The library appends a code frame after the first line; findings carry positions instead.
        error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''),
    documentIndex,
    line: from.line,
    column: from.col,
    endLine: to.line,
    endColumn: to.col,
  };
}

/**
 * `{{ .Values.x }}` outside quotes is a Go template action, which YAML reads as a flow
 * mapping whose key is another flow mapping. A quoted `"{{ .name }}"` (ApplicationSet
 * templates) or a block scalar (templatePatch) is just a string and stays YAML.
 */
function isGoTemplate(doc: Document.Parsed, text: string): boolean {
  let found = false;
  visit(doc, (_key, node) => {
    if (isMap(node) && node.flow && node.range && text.startsWith('{{', node.range[0])) {
      found = true;
      return visit.BREAK;
    }
    return undefined;
  });
  return found;
}

/** For text that does not even parse: is there a `{{` outside quotes and comments? */
function hasUnquotedTemplateAction(text: string): boolean {
  return text.split('\n').some((line) => {
    const code = line
      .replace(/"(?:[^"\\]|\\.)*"/g, '""')
      .replace(/'(?:[^']|'')*'/g, "''")
      .replace(/(^|\s)#.*$/, '');
    return code.includes('{{');
  });
}

/** The key written at `offset`: plain, or single- or double-quoted. */
function keyAt(text: string, offset: number): string {
  const match = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^:\n]*?)\s*:(?:\s|$)/.exec(
    text.slice(offset, offset + 1024),
  );
  const raw = match?.[1] ?? text.slice(offset, text.indexOf('\n', offset) >>> 0);
  return /^["']/.test(raw) ? raw.slice(1, -1) : raw;
}
