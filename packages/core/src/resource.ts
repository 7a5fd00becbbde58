import type { SourceDocument } from './document.ts';
import type { JsonPath } from './position.ts';

/** A Kubernetes object as written in the repository, with where it came from. */
export interface Resource {
  apiVersion: string;
  /** API group; '' for the core group (`v1`). */
  group: string;
  version: string;
  kind: string;
  /** metadata.name; '' when the object uses generateName or has none. */
  name: string;
  namespace?: string;
  object: KubeObject;
  file: string;
  documentIndex: number;
  /** Where the object sits inside its document: [] or ['items', i] for a List item. */
  path: JsonPath;
}

export type KubeObject = Record<string, unknown> & {
  metadata?: { name?: unknown; namespace?: unknown; labels?: unknown; annotations?: unknown };
};

/** What a document turned out to be. */
export type Classified =
  | { type: 'resources'; resources: Resource[] }
  | { type: 'empty' }
  | { type: 'skipped'; reason: string }
  | { type: 'invalid'; message: string; path: JsonPath };

/** Kinds that describe how to build manifests, not objects for a cluster. */
const buildToolGroups = new Set(['kustomize.config.k8s.io', 'config.kubernetes.io']);

export function classifyDocument(file: string, doc: SourceDocument): Classified {
  if (doc.empty || doc.value === null || doc.value === undefined) return { type: 'empty' };
  if (!isObject(doc.value))
    return { type: 'skipped', reason: 'not a Kubernetes resource (not a mapping)' };
  return classifyObject(file, doc.index, doc.value, topLevel);
}

/**
 * The empty path: of an object that is its document, and of a resource itself. One shared
 * array, not one per resource.
 */
export const topLevel: JsonPath = Object.freeze([]);

function classifyObject(
  file: string,
  documentIndex: number,
  value: KubeObject,
  path: JsonPath,
): Classified {
  const { apiVersion, kind } = value;
  if (apiVersion === undefined && kind === undefined) {
    return { type: 'skipped', reason: 'not a Kubernetes resource (no apiVersion and kind)' };
  }
  if (apiVersion === undefined || kind === undefined) {
    // A mapping with metadata but half a type is a resource with a mistake; without
    // metadata it is some other YAML that happens to use one of the two words.
    if (!isObject(value.metadata))
      return { type: 'skipped', reason: 'not a Kubernetes resource (no apiVersion or kind)' };
    const missing = apiVersion === undefined ? 'apiVersion' : 'kind';
    return {
      type: 'invalid',
      message: `resource has no ${missing}; every Kubernetes object needs apiVersion and kind`,
      path,
    };
  }
  if (
    typeof apiVersion !== 'string' ||
    typeof kind !== 'string' ||
    apiVersion === '' ||
    kind === ''
  ) {
    const field = typeof apiVersion !== 'string' || apiVersion === '' ? 'apiVersion' : 'kind';
    return {
      type: 'invalid',
      message: `${field} must be a non-empty string, found ${JSON.stringify(value[field])}`,
      path: [...path, field],
    };
  }
  const { group, version } = splitApiVersion(apiVersion);
  if (buildToolGroups.has(group))
    return {
      type: 'skipped',
      reason: `${kind} is a build configuration (${group}), not a cluster object`,
    };
  if (isList(kind, value)) return classifyList(file, documentIndex, value.items as unknown[], path);
  const metadata = isObject(value.metadata) ? value.metadata : {};
  const resource: Resource = {
    apiVersion,
    group,
    version,
    kind,
    name: typeof metadata.name === 'string' ? metadata.name : '',
    object: value,
    file,
    documentIndex,
    path,
  };
  if (typeof metadata.namespace === 'string' && metadata.namespace !== '')
    resource.namespace = metadata.namespace;
  return { type: 'resources', resources: [resource] };
}

/** `kind: List` (and typed lists such as ConfigMapList) hold objects in `items`. */
function isList(kind: string, value: KubeObject): boolean {
  return (kind === 'List' || kind.endsWith('List')) && Array.isArray(value.items);
}

function classifyList(
  file: string,
  documentIndex: number,
  items: unknown[],
  path: JsonPath,
): Classified {
  const resources: Resource[] = [];
  for (const [i, item] of items.entries()) {
    const itemPath = [...path, 'items', i];
    if (!isObject(item))
      return { type: 'invalid', message: `List item ${i} is not a mapping`, path: itemPath };
    const classified = classifyObject(file, documentIndex, item, itemPath);
    if (classified.type === 'invalid') return classified;
    if (classified.type === 'resources') resources.push(...classified.resources);
  }
  return { type: 'resources', resources };
}

export function splitApiVersion(apiVersion: string): Readonly<{ group: string; version: string }> {
  // A fleet repeats a few dozen apiVersions: each is split once, and every resource of it
  // shares the two strings instead of holding copies of its own.
  let split = apiVersions.get(apiVersion);
  if (split) return split;
  const slash = apiVersion.lastIndexOf('/');
  split =
    slash === -1
      ? { group: '', version: apiVersion }
      : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
  if (apiVersions.size < maxApiVersions) apiVersions.set(apiVersion, split);
  return split;
}

const apiVersions = new Map<string, { group: string; version: string }>();
/** Enough for any real fleet's apiVersions; a bound, so odd input cannot grow it forever. */
const maxApiVersions = 4096;

/** `Kind/namespace/name` or `Kind/name`: how people and messages refer to an object. */
export function describeResource(resource: Pick<Resource, 'kind' | 'name' | 'namespace'>): string {
  return resource.namespace
    ? `${resource.kind}/${resource.namespace}/${resource.name}`
    : `${resource.kind}/${resource.name}`;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a nested field without trusting the shape of repository data. */
export function getPath(value: unknown, path: JsonPath): unknown {
  let current = value;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      if (!isObject(current)) return undefined;
      current = current[segment];
    }
  }
  return current;
}
