/**
 * Field-level differences between two Applications, as JSON pointers (RFC 6901) so they
 * can be matched against `ignoreApplicationDifferences`, which speaks the same language.
 */

export interface FieldChange {
  /** JSON pointer of the field, e.g. `/spec/source/targetRevision`. */
  path: string;
  /** What part of the Application it touches, for grouping and risk. */
  category: FieldCategory;
  /** Absent when the field is added. */
  base?: unknown;
  /** Absent when the field is removed. */
  head?: unknown;
}

export type FieldCategory =
  | 'source'
  | 'destination'
  | 'syncPolicy'
  | 'project'
  | 'labels'
  | 'annotations'
  | 'finalizers'
  | 'other';

/** Structural equality of JSON values; key order does not matter. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const key in x) {
    if (x[key] === undefined) continue;
    count++;
    if (!jsonEqual(x[key], y[key])) return false;
  }
  for (const key in y) if (y[key] !== undefined) count--;
  return count === 0;
}

/**
 * Every leaf that differs, as a pointer: maps are compared key by key, lists of equal
 * length element by element, and a list whose length changed is one change of the whole.
 */
export function fieldChanges(base: unknown, head: unknown): FieldChange[] {
  const changes: FieldChange[] = [];
  walk(base, head, '', changes);
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function walk(base: unknown, head: unknown, path: string, out: FieldChange[]): void {
  if (jsonEqual(base, head)) return;
  if (isMap(base) && isMap(head)) {
    const keys = new Set([...Object.keys(base), ...Object.keys(head)]);
    for (const key of keys) walk(base[key], head[key], `${path}/${escapePointer(key)}`, out);
    return;
  }
  if (Array.isArray(base) && Array.isArray(head) && base.length === head.length) {
    for (let i = 0; i < base.length; i++) walk(base[i], head[i], `${path}/${i}`, out);
    return;
  }
  const change: FieldChange = { path, category: categoryOf(path) };
  if (base !== undefined) change.base = base;
  if (head !== undefined) change.head = head;
  out.push(change);
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

function categoryOf(path: string): FieldCategory {
  const [, top, field] = path.split('/');
  if (top === 'metadata') {
    if (field === 'labels' || field === 'annotations' || field === 'finalizers') return field;
    return 'other';
  }
  if (top !== 'spec') return 'other';
  if (field === 'source' || field === 'sources' || field === 'sourceHydrator') return 'source';
  if (field === 'destination' || field === 'syncPolicy' || field === 'project') return field;
  return 'other';
}

/**
 * Whether `path` lies at or under one of `pointers` (the controller drops the whole
 * subtree a pointer names from the generated Application before it compares).
 */
export function underPointer(path: string, pointers: readonly string[]): boolean {
  return pointers.some(
    (pointer) => pointer === '' || path === pointer || path.startsWith(`${pointer}/`),
  );
}

/**
 * The JSON pointer a jq path expression names, for the plain forms (`.spec.source`,
 * `.metadata.labels["team"]`, `.spec.sources[0]`); undefined for anything that needs jq
 * itself (filters, `select`, wildcards), which the preview cannot evaluate.
 */
export function jqPathToPointer(expression: string): string | undefined {
  const text = expression.trim();
  if (text === '.') return '';
  const token = /\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*"((?:[^"\\]|\\.)*)"\s*\]|\[\s*(\d+)\s*\]/y;
  let pointer = '';
  let at = 0;
  while (at < text.length) {
    token.lastIndex = at;
    const match = token.exec(text);
    if (!match) return undefined;
    const key = match[1] ?? (match[2] === undefined ? match[3] : JSON.parse(`"${match[2]}"`));
    pointer += `/${escapePointer(String(key))}`;
    at = token.lastIndex;
  }
  return pointer === '' ? undefined : pointer;
}
