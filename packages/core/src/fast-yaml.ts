import jsyaml from 'js-yaml';
import { type BlockDocument, readBlockYaml, type TextFacts } from './block-yaml.ts';
import type { ParsedSource, SourceDocument, SourceSyntax } from './document.ts';
import { plainScalarTypes } from './yaml-scalars.ts';
import { hash } from './yaml-subset.ts';

/**
 * The fast path of loading, in two steps: the block reader (block-yaml.ts) for the plain
 * block YAML most manifests are, then js-yaml, which turns text into values about ten
 * times faster than the `yaml` library builds its document tree; loading is most of
 * every run. Both are used only where their answer is known to equal the careful path's
 * (document.ts): the scalar rules (yaml-scalars.ts) are the same regular expressions as
 * the `yaml` library's YAML 1.1 schema in the dialect of yaml-dialect.ts, and anything
 * unusual — a parse error, a
 * duplicate key, an alias (bounded expansion), a Go template, directives, explicit
 * document ends — returns undefined so the careful path reads the file instead.
 */
export function parseFast(
  text: string,
  syntax: SourceSyntax,
  facts?: TextFacts,
): ParsedSource | undefined {
  if (mayNeedCarefulPath(text)) return undefined;
  const block = syntax === 'yaml' ? readBlockYaml(text, facts) : undefined;
  if (block) return { documents: sourceDocuments(text, block), problems: [], helmTemplate: false };
  return readWithJsYaml(text, syntax);
}

/** The fast path without the block reader: js-yaml, for what the block reader declines. */
export function parseWithJsYaml(text: string, syntax: SourceSyntax): ParsedSource | undefined {
  return mayNeedCarefulPath(text) ? undefined : readWithJsYaml(text, syntax);
}

function readWithJsYaml(text: string, syntax: SourceSyntax): ParsedSource | undefined {
  const starts = documentStarts(text);
  if (!starts) return undefined;
  let values: unknown[];
  try {
    values = jsyaml.loadAll(text, null, {
      schema: syntax === 'json' ? jsonSchema : kubernetesSchema,
    });
  } catch {
    return undefined;
  }
  // js-yaml reads a file of only comments as one null document; the careful path as none.
  if (starts.length === 0 && values.length === 1 && values[0] == null) values = [];
  if (values.length !== starts.length) return undefined;
  const documents = values.map((value, index): SourceDocument => {
    const { line, column } = starts[index]!;
    const empty = value === null || value === undefined;
    return { index, value: empty ? undefined : value, empty, line, column };
  });
  return { documents, problems: [], helmTemplate: false };
}

/** The block reader's documents, with the line and column of each start. */
function sourceDocuments(text: string, block: readonly BlockDocument[]): SourceDocument[] {
  let line = 1;
  let lineStart = 0;
  return block.map(({ value, offset }, index): SourceDocument => {
    for (
      let i = text.indexOf('\n', lineStart);
      i !== -1 && i < offset;
      i = text.indexOf('\n', i + 1)
    ) {
      line++;
      lineStart = i + 1;
    }
    const empty = value === null;
    return { index, value: empty ? undefined : value, empty, line, column: offset - lineStart + 1 };
  });
}

/** Aliases: `*name` after a space, `[`, `{` or `,`. */
const alias = /(?:^|[\s,[{])\*[^\s,\]}]/m;
/** An empty or null mapping key: js-yaml names it "null", the careful path "". */
const nullKey = /^[ \t-]*(?:~|null|Null|NULL)?[ \t]*:(?:\s|$)/;

function mayNeedCarefulPath(text: string): boolean {
  return text.includes('{{') || (text.includes('*') && alias.test(text));
}

type Start = { line: number; column: number };

/**
 * One pass over the lines, without splitting the text: where each document's content
 * starts (the first line that is not blank or a comment, or the `---` marker of an empty
 * document; a prefix of only comments is no document; content after a marker on its line
 * starts there). Undefined when a line is one the fast path leaves to the careful one: a
 * directive (`%`), an explicit document end (`...`) or a null key.
 */
function documentStarts(text: string): Start[] | undefined {
  const starts: Start[] = [];
  let open: Start & { explicit: boolean } = { line: 1, column: 1, explicit: false };
  let content = false;
  const close = () => {
    if (open.explicit || content) starts.push({ line: open.line, column: open.column });
  };
  let line = 0;
  for (let from = 0; from <= text.length; ) {
    line++;
    let to = text.indexOf('\n', from);
    if (to === -1) to = text.length;
    const end = to > from && text.charCodeAt(to - 1) === 13 ? to - 1 : to;
    const start = from;
    from = to + 1;
    if (startsWithMarker(text, start, end, '---')) {
      close();
      const rest = firstNonBlank(text, start + 3, end);
      const inline = rest !== -1 && text.charCodeAt(rest) !== hash;
      // An empty document sits after the marker and its spaces, where the careful reader
      // places it.
      open = { line, column: (rest === -1 ? end : rest) - start + 1, explicit: true };
      content = inline;
      continue;
    }
    const first = firstNonBlank(text, start, end);
    if (first === -1 || text.charCodeAt(first) === hash) continue;
    if (isUnusualLine(text, start, first, end)) return undefined;
    if (content) continue;
    open = { line, column: first - start + 1, explicit: open.explicit };
    content = true;
  }
  close();
  return starts;
}

const percent = 37;

function isUnusualLine(text: string, start: number, first: number, end: number): boolean {
  if (
    first === start &&
    (text.charCodeAt(first) === percent || startsWithMarker(text, start, end, '...'))
  )
    return true;
  const code = text[first];
  const mayBeNullKey = code === '-' || code === '~' || code === 'n' || code === 'N' || code === ':';
  return mayBeNullKey && nullKey.test(text.slice(start, end));
}

/** `---` or `...` at the start of a line, followed by whitespace or the line's end. */
function startsWithMarker(text: string, start: number, end: number, marker: string): boolean {
  if (!text.startsWith(marker, start)) return false;
  const next = start + 3;
  return next >= end || isBlank(text.charCodeAt(next));
}

function firstNonBlank(text: string, from: number, end: number): number {
  for (let i = from; i < end; i++) if (!isBlank(text.charCodeAt(i))) return i;
  return -1;
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || code === 12 || code === 11;
}

// js-yaml exports its built-in types at run time; its type declarations leave them out.
const { merge } = (jsyaml as unknown as { types: { merge: jsyaml.Type } }).types;

const kubernetesSchema = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [...plainScalarTypes, merge],
});

/** JSON documents hold only JSON scalars, which YAML 1.2's core schema reads alike. */
const jsonSchema = jsyaml.CORE_SCHEMA;
