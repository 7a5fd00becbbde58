import {
  type JsonPath,
  jsonYaml,
  kubernetesYaml,
  type LocateOptions,
  type Location,
  type PositionIndex,
  parseSource,
  toJsOptions,
} from '@fleetops/core';
import { parseDocument } from 'yaml';
import { goQuote } from './go.ts';
import { type SourceFile, splitDocuments, type Token } from './sources.ts';
import type { Reason } from './validator.ts';

/** What one document (or one List item) of a file holds, before validation. */
export type Entry =
  | { readonly type: 'empty'; readonly file: string }
  | {
      readonly type: 'error';
      readonly file: string;
      readonly message: string;
      readonly reason: Reason;
      /** The decoded object, when there is one, for the signature outputs print. */
      readonly value?: unknown;
      readonly location: Location;
    }
  | {
      readonly type: 'object';
      readonly file: string;
      readonly value: Record<string, unknown>;
      /** Where the object is, and where its fields are. */
      readonly locate: (path?: JsonPath, options?: LocateOptions) => Location;
      /** Which document of the file holds it (the splitter's token index)... */
      readonly document: number;
      /** ...and where in that document: [] or a List item's path (`items`, i). */
      readonly path: JsonPath;
    };

type Locate = (path?: JsonPath, options?: LocateOptions) => Location;

export interface ReadOptions {
  /** -strict: duplicate keys are errors, as sigs.k8s.io/yaml's UnmarshalStrict makes them. */
  readonly strict?: boolean;
}

/**
 * Cuts a file into kubeconform's documents and decodes each with the YAML 1.1 dialect
 * Kubernetes reads. A file with no document at all is one Empty entry, as in kubeconform.
 */
export function readEntries(
  file: SourceFile,
  positions: PositionIndex,
  options: ReadOptions = {},
): Entry[] {
  const entries: Entry[] = [];
  const syntax = syntaxOf(file.path);
  for (const [index, token] of splitDocuments(file.text).entries()) {
    entries.push(...readDocument(file.path, token, index, syntax, positions, options));
  }
  if (entries.length === 0) entries.push({ type: 'empty', file: file.path });
  return entries;
}

/** How a file's documents are read: `.json` (any case) as JSON, anything else as YAML. */
export const syntaxOf = (path: string): 'yaml' | 'json' =>
  path.toLowerCase().endsWith('.json') ? 'json' : 'yaml';

/**
 * Where things are in document `index` of `file`, computed on first use: a worker thread that
 * read the document hands back its index, and the main thread locates from its own copy.
 */
export function documentLocator(
  file: string,
  token: Token,
  index: number,
  syntax: 'yaml' | 'json',
  positions: PositionIndex,
): Locate {
  const key = `${file}\0${index}`;
  return (path: JsonPath = [], locateOptions?: LocateOptions): Location => {
    const local = positions.locate(key, token.text, syntax, 0, path, locateOptions);
    return shift(file, local, token.line);
  };
}

/** The entries of one document (document `index` of `file`): readEntries, a document at a time. */
export function readDocument(
  file: string,
  token: Token,
  index: number,
  syntax: 'yaml' | 'json',
  positions: PositionIndex,
  options: ReadOptions,
): Entry[] {
  const dialect = syntax === 'json' ? jsonYaml : kubernetesYaml;
  const locate = documentLocator(file, token, index, syntax, positions);
  // The common case takes core's fast reader (js-yaml with the same YAML 1.1 rules); anything
  // it flags (syntax, duplicate keys, aliases, templates) takes the careful path below, which
  // words the problem as kubeconform does.
  const fast = parseSource(token.text, syntax);
  if (!fast.helmTemplate && fast.problems.length === 0) {
    const doc = fast.documents[0];
    const value = doc === undefined || doc.empty ? undefined : doc.value;
    return objectEntries(file, value, [], { locate, document: index });
  }
  const at = (line: number, column: number): Location => ({
    file,
    line: line + token.line - 1,
    column,
  });
  let doc = parseDocument(token.text, { ...dialect, uniqueKeys: true, prettyErrors: false });
  const duplicates = doc.errors.filter((error) => error.code === 'DUPLICATE_KEY');
  if (duplicates.length > 0 && duplicates.length === doc.errors.length && !options.strict)
    doc = parseDocument(token.text, { ...dialect, uniqueKeys: false, prettyErrors: false });
  const lineOf = (offset: number) => lineColumn(token.text, offset);
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const position = lineOf(first.pos[0]);
    let message: string;
    let reason: Reason;
    if (duplicates.length === doc.errors.length) {
      // go-yaml v2 in strict mode, lines counted from the document's start.
      const lines = duplicates.map((error) => {
        const where = lineOf(error.pos[0]);
        return `line ${where.line}: key ${goQuote(keyAt(token.text, error.pos[0]))} already set in map`;
      });
      message = `error converting YAML to JSON: yaml: unmarshal errors:\n  ${lines.join('\n  ')}`;
      reason = 'duplicate-key';
    } else {
      const text = first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      message = `error converting YAML to JSON: yaml: line ${position.line}: ${text}`;
      reason = 'parse-error';
    }
    let value: unknown;
    try {
      value = doc.toJS(toJsOptions);
    } catch {}
    return [
      {
        type: 'error',
        file,
        message: `error unmarshalling resource: ${message}`,
        reason,
        value,
        location: at(position.line, position.column),
      },
    ];
  }
  let value: unknown;
  try {
    value = doc.toJS(toJsOptions);
  } catch (error) {
    return [
      {
        type: 'error',
        file,
        message: `error unmarshalling resource: ${(error as Error).message}`,
        reason: 'parse-error',
        location: at(1, 1),
      },
    ];
  }
  return objectEntries(file, value, [], { locate, document: index });
}

function objectEntries(
  file: string,
  value: unknown,
  path: JsonPath,
  where: { locate: Locate; document: number },
): Entry[] {
  const { locate } = where;
  if (value === null || value === undefined) return [{ type: 'empty', file }];
  if (typeof value !== 'object' || Array.isArray(value)) {
    return [
      {
        type: 'error',
        file,
        message: `error unmarshalling resource: error unmarshalling JSON: while decoding JSON: json: cannot unmarshal ${goJsonType(value)} into Go value of type map[string]interface {}`,
        reason: 'parse-error',
        location: locate(path),
      },
    ];
  }
  const object = value as Record<string, unknown>;
  // kubeconform reads `kind: List` (any case) with an apiVersion as a list of resources.
  if (
    typeof object.kind === 'string' &&
    object.kind.toLowerCase() === 'list' &&
    typeof object.apiVersion === 'string' &&
    object.apiVersion !== ''
  ) {
    const items = Array.isArray(object.items) ? object.items : [];
    return items.flatMap((item, i) => objectEntries(file, item, [...path, 'items', i], where));
  }
  return [
    {
      type: 'object',
      file,
      value: object,
      locate: (sub: JsonPath = [], options?: LocateOptions) => locate([...path, ...sub], options),
      document: where.document,
      path,
    },
  ];
}

function goJsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  return typeof value === 'number' || typeof value === 'bigint' ? 'number' : 'string';
}

function shift(file: string, local: Location, firstLine: number): Location {
  const out: Location = { file };
  if (local.line !== undefined) out.line = local.line + firstLine - 1;
  if (local.column !== undefined) out.column = local.column;
  if (local.endLine !== undefined) out.endLine = local.endLine + firstLine - 1;
  if (local.endColumn !== undefined) out.endColumn = local.endColumn;
  return out;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/** The key written at `offset`: plain, or single- or double-quoted. */
function keyAt(text: string, offset: number): string {
  const match = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^:\n]*?)\s*:(?:\s|$)/.exec(
    text.slice(offset, offset + 1024),
  );
  const raw = match?.[1] ?? '';
  return /^["']/.test(raw) ? raw.slice(1, -1) : raw;
}
