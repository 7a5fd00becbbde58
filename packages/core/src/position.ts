import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseAllDocuments,
} from 'yaml';
import type { SourceSyntax } from './document.ts';
import type { Location } from './finding.ts';
import { jsonYaml, kubernetesYaml } from './yaml-dialect.ts';

/** A JSON path into a document: map keys and sequence indexes. */
export type JsonPath = ReadonlyArray<string | number>;

export interface LocateOptions {
  /** Point at the key of the last segment rather than its value (e.g. "unknown field"). */
  key?: boolean;
}

/**
 * Finds where a value is written. Loading keeps only the text of each file, not its
 * syntax tree (50,000 resources' trees would cost gigabytes), and the tree of a file is
 * rebuilt on the first question about it. Findings are few; files are many.
 */
export class PositionIndex {
  readonly #cache = new Map<string, ParsedFile>();
  readonly #capacity: number;

  constructor(capacity = 64) {
    this.#capacity = capacity;
  }

  /**
   * The location of `path` in document `documentIndex` of `file`. When the path does not
   * exist in full (a missing field), the deepest existing ancestor is returned.
   */
  locate(
    file: string,
    text: string,
    syntax: SourceSyntax,
    documentIndex: number,
    path: JsonPath,
    options: LocateOptions = {},
  ): Location {
    const parsed = this.#parsed(file, text, syntax);
    const doc = parsed.docs[documentIndex];
    const node = doc ? findNode(doc, path, options.key ?? false) : undefined;
    const range = node?.range ?? doc?.range;
    if (!range) return { file };
    const start = parsed.lines.linePos(range[0]);
    const end = parsed.lines.linePos(range[1]);
    return { file, line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
  }

  #parsed(file: string, text: string, syntax: SourceSyntax): ParsedFile {
    const hit = this.#cache.get(file);
    if (hit && hit.text === text) {
      // Refresh recency: Map iteration order is insertion order.
      this.#cache.delete(file);
      this.#cache.set(file, hit);
      return hit;
    }
    const lines = new LineCounter();
    const options = syntax === 'json' ? jsonYaml : kubernetesYaml;
    const parsedDocs = parseAllDocuments(text, { ...options, lineCounter: lines });
    const docs = Array.isArray(parsedDocs) ? parsedDocs : [];
    const entry = { text, docs, lines };
    this.#cache.set(file, entry);
    if (this.#cache.size > this.#capacity) this.#cache.delete(this.#cache.keys().next().value!);
    return entry;
  }
}

interface ParsedFile {
  text: string;
  docs: Document.Parsed[];
  lines: LineCounter;
}

function findNode(doc: Document.Parsed, path: JsonPath, wantKey: boolean): Node | undefined {
  let node: Node | null | undefined = doc.contents;
  let found: Node | undefined = node ?? undefined;
  for (const [i, segment] of path.entries()) {
    if (isAlias(node)) node = node.resolve(doc) ?? null;
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && keyText(item.key) === String(segment));
      if (!pair) break;
      const key = pair.key as Node | null;
      const value = pair.value as Node | null;
      // An empty value (`key:`) has no range of its own worth pointing at; use its key.
      node = last && (wantKey || !value?.range || isEmptyScalar(value)) ? key : value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = (node.items[segment] as Node | undefined) ?? null;
    } else {
      break;
    }
    if (!node) break;
    found = node;
  }
  return found;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function isEmptyScalar(node: Node): boolean {
  return isScalar(node) && node.value === null && (!node.range || node.range[0] === node.range[1]);
}
